import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodecConfig, VmafOptions } from '@codec-lab/domain';
import { checkArtifactMatchesSource, requireFrames } from './artifact-checks.ts';
import { readArtifact, sha256, type ArtifactFile } from './artifact-file.ts';
import { artifactPath, PIECE_FILE } from './artifact-names.ts';
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
}

export interface PipelineOptions {
  readonly config: CodecConfig;
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
  const at = (piece: Piece) => artifactPath(join(options.dir, piece.folder));

  const encodeSeconds: number[] = [];
  let done = 0;
  for (const piece of pieces) {
    await mkdir(join(options.dir, piece.folder), { recursive: true });
    const run = await encode({
      input: piece.input,
      config: options.config,
      outPath: at(piece),
      ffmpegPath: options.ffmpegPath,
      signal,
      onProgress: overall(options.onProgress, done, piece.input.frames, total),
    });
    encodeSeconds.push(run.encodeSeconds);
    done += piece.input.frames;
  }

  const measured: MeasuredPiece[] = [];
  done = 0;
  for (const [i, piece] of pieces.entries()) {
    const file = await readArtifact(at(piece), signal);
    checkArtifactMatchesSource({ frames: file.probe.frames, durationSeconds: file.durationSeconds }, piece.input);
    if (signal?.aborted) throw abortError(signal, 'measurement');
    const quality = await measure({
      artifactPath: at(piece),
      artifactRange: file.probe.colorRange,
      input: piece.input,
      workDir: join(options.dir, piece.folder),
      meter: options.meter,
      vmaf: options.vmaf,
      signal,
      onProgress: overall(options.onProgress, done, piece.input.frames, total),
    });
    await writePieceRecord(join(options.dir, piece.folder), piece, file.probe.colorRange, quality);
    requireFrames(`${piece.label}the measurement compared`, quality.comparedFrames, piece.input.frames);
    done += piece.input.frames;
    const uri = pathToFileURL(artifactPath(join(options.publishedDir, piece.folder))).href;
    measured.push({ piece, file, quality, encodeSeconds: encodeSeconds[i]!, sha256: await sha256(at(piece)), uri });
  }
  return measured;
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
}

function writePieceRecord(folder: string, piece: Piece, artifactRange: ColorRange, quality: Measurement): Promise<void> {
  const { kind, input, inputOptions, width, height, fps, pixFmt, colorRange, objectUri } = piece.input;
  const record: PieceRecord = {
    firstFrame: piece.firstFrame,
    frames: piece.input.frames,
    input: { kind, input, inputOptions, width, height, fps, pixFmt, colorRange, ...(objectUri ? { objectUri } : {}) },
    sourceSha256: piece.input.file?.sha256 ?? null,
    artifactRange,
    vmafModel: quality.vmaf.available ? quality.vmaf.model : null,
  };
  return writeFile(join(folder, PIECE_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

// A piece reports its own frames and percent; the listener sees one run over all pieces' frames.
function overall(listener: ProgressListener | undefined, before: number, frames: number, total: number): ProgressListener | undefined {
  if (!listener) return undefined;
  return (p: MediaProgress) =>
    listener({ ...p, frames: before + p.frames, percent: Math.min(100, ((before + (p.percent / 100) * frames) / total) * 100) });
}
