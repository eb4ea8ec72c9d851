import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stat } from 'node:fs/promises';
import type { ExperimentConfig, ParameterStorageReport, VmafOptions } from '@codec-lab/domain';
import { storeParameters } from '../parameter-storage/store-parameters.ts';
import { checkArtifactMatchesSource, requireFrames } from './artifact-checks.ts';
import { readArtifact, sha256, type ArtifactFile } from './artifact-file.ts';
import { artifactPath, decodedPath, PIECE_FILE } from './artifact-names.ts';
import { encode } from './encode.ts';
import { abortError, type MediaProgress, type ProgressListener } from './ffmpeg-process.ts';
import type { InputSpec } from './input.ts';
import { measure, type Measurement } from './measure.ts';
import type { Meter } from './meter.ts';
import type { ColorRange } from './probe.ts';

/**
 * One stretch of the source encoded and measured on its own. A full run is one piece, the whole
 * source, in the attempt's folder itself; a probe run is one piece per segment, each in its folder.
 */
export interface Piece {
  readonly input: InputSpec;
  /** The piece's folder relative to the attempt's folder: '' for a full run. */
  readonly folder: string;
  /** Presentation time of the piece's first source frame, seconds from the source's start. */
  readonly startSeconds: number;
  /** The source's number of the piece's first frame. */
  readonly firstFrame: number;
  /** Prefix of the piece's error messages ("segment 2: "), '' for a full run. */
  readonly label: string;
}

export interface MeasuredPiece {
  readonly piece: Piece;
  /** The artifact, with its bitrate by the measurement rule. */
  readonly file: ArtifactFile;
  readonly quality: Measurement;
  readonly encodeSeconds: number;
  readonly sha256: string;
  /** Where the artifact will be once the attempt is published. */
  readonly uri: string;
  /** Parameter storage only: what was fit. */
  readonly parameterStorage?: ParameterStorageReport | undefined;
}

export interface PipelineOptions {
  readonly config: ExperimentConfig;
  /** The attempt's folder: everything is written here. */
  readonly dir: string;
  /** Where `dir` will be published; the URIs name files there. */
  readonly publishedDir: string;
  /** The encoding ffmpeg; unset: `ffmpeg` on PATH. */
  readonly ffmpegPath?: string | undefined;
  /** The ffmpeg that measures. */
  readonly meter: Meter;
  readonly vmaf: VmafOptions;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressListener | undefined;
}

/**
 * Encodes every piece, then measures every piece against the same stretch of source, each artifact
 * checked for its frame count and duration first and each measurement for the frames it compared.
 * Encodes all before measuring so that progress runs once through 'encode' and once through
 * 'measure', over the frames of all pieces.
 */
export async function runPieces(pieces: readonly Piece[], options: PipelineOptions): Promise<MeasuredPiece[]> {
  const { signal } = options;
  const total = pieces.reduce((sum, p) => sum + p.input.frames, 0);
  const { config } = options;
  const at = (piece: Piece) => artifactPath(join(options.dir, piece.folder), config.strategy);
  // What is decoded and measured: the artifact itself, or for parameter storage the rendering its file decodes to.
  const decoded = (piece: Piece) => decodedPath(join(options.dir, piece.folder), config.strategy);

  const encodeSeconds: number[] = [];
  const reports: (ParameterStorageReport | undefined)[] = [];
  let done = 0;
  for (const piece of pieces) {
    const dir = join(options.dir, piece.folder);
    await mkdir(dir, { recursive: true });
    const onProgress = overall(options.onProgress, done, piece.input.frames, total);
    const common = { input: piece.input, ffmpegPath: options.ffmpegPath, signal, onProgress };
    if (config.strategy === 'parameter_storage') {
      const stored = await storeParameters({ ...common, config, dir, artifactPath: at(piece), decodedPath: decoded(piece) });
      encodeSeconds.push(stored.encodeSeconds);
      reports.push(stored.report);
    } else {
      encodeSeconds.push((await encode({ ...common, config, outPath: at(piece) })).encodeSeconds);
      reports.push(undefined);
    }
    done += piece.input.frames;
  }

  const measured: MeasuredPiece[] = [];
  done = 0;
  for (const [i, piece] of pieces.entries()) {
    const file = await measuredFile(at(piece), decoded(piece), signal);
    checkArtifactMatchesSource({ frames: file.probe.frames, durationSeconds: file.durationSeconds }, piece.input);
    if (signal?.aborted) throw abortError(signal, 'measurement');
    const quality = await measure({
      artifactPath: decoded(piece),
      artifactRange: file.probe.colorRange,
      input: piece.input,
      workDir: join(options.dir, piece.folder),
      meter: options.meter,
      vmaf: options.vmaf,
      signal,
      onProgress: overall(options.onProgress, done, piece.input.frames, total),
    });
    await writePieceRecord(join(options.dir, piece.folder), piece, file.probe.colorRange, quality, config.strategy);
    requireFrames(`${piece.label}the measurement compared`, quality.comparedFrames, piece.input.frames);
    done += piece.input.frames;
    const uri = pathToFileURL(artifactPath(join(options.publishedDir, piece.folder), config.strategy)).href;
    measured.push({ piece, file, quality, encodeSeconds: encodeSeconds[i]!, sha256: await sha256(at(piece)), uri, parameterStorage: reports[i] });
  }
  return measured;
}

/**
 * The artifact as measured: probed where it is decoded (itself, or the rendering a parameter-storage
 * artifact decodes to), its bitrate from the artifact's own bytes over that duration.
 */
async function measuredFile(artifact: string, decoded: string, signal: AbortSignal | undefined): Promise<ArtifactFile> {
  const file = await readArtifact(decoded, signal);
  if (decoded === artifact) return file;
  const { size: bytes } = await stat(artifact);
  return { ...file, bytes, bitrateBps: (bytes * 8) / file.durationSeconds };
}

/** What a piece's folder says about how it was measured, for reading its frames back later. */
export interface PieceRecord {
  readonly firstFrame: number;
  readonly frames: number;
  /** How the source's stretch was opened (the source is checked against `sha256` when reopened). */
  readonly input: Pick<InputSpec, 'kind' | 'input' | 'inputOptions' | 'width' | 'height' | 'fps' | 'pixFmt' | 'colorRange' | 'objectUri'>;
  readonly sourceSha256: string | null;
  readonly artifactRange: ColorRange;
  /** The VMAF model vmaf.json was scored with; null without VMAF. */
  readonly vmafModel: string | null;
  /** How the artifact was made (absent in records written before parameter storage: codec). */
  readonly strategy?: ExperimentConfig['strategy'];
}

function writePieceRecord(folder: string, piece: Piece, artifactRange: ColorRange, quality: Measurement, strategy: ExperimentConfig['strategy']): Promise<void> {
  const { kind, input, inputOptions, width, height, fps, pixFmt, colorRange, objectUri } = piece.input;
  const record: PieceRecord = {
    firstFrame: piece.firstFrame,
    frames: piece.input.frames,
    input: { kind, input, inputOptions, width, height, fps, pixFmt, colorRange, ...(objectUri ? { objectUri } : {}) },
    sourceSha256: piece.input.file?.sha256 ?? null,
    artifactRange,
    vmafModel: quality.vmaf.available ? quality.vmaf.model : null,
    strategy,
  };
  return writeFile(join(folder, PIECE_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

// A piece reports its own frames and percent; the listener sees one run over all pieces' frames.
function overall(listener: ProgressListener | undefined, before: number, frames: number, total: number): ProgressListener | undefined {
  if (!listener) return undefined;
  return (p: MediaProgress) =>
    listener({ ...p, frames: before + p.frames, percent: Math.min(100, ((before + (p.percent / 100) * frames) / total) * 100) });
}
