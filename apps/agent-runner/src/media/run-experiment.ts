import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DEFAULT_VMAF_OPTIONS,
  DomainError,
  ExperimentResultSchema,
  formatIssues,
  ProbeSpecSchema,
  type ExperimentConfig,
  type ExperimentResult,
  type ProbeSegment,
  type ProbeSpec,
  type Source,
  type VmafOptions,
  VmafOptionsSchema,
} from '@codec-lab/domain';
import { sha256 } from './artifact-file.ts';
import { EXPERIMENT_ID, PROBE_MANIFEST_FILE, segmentFolder } from './artifact-names.ts';
import { beginAttempt, discardAttempt, publishAttempt, type AttemptDirs } from './attempt-dir.ts';
import { requireUnchanged } from './describe.ts';
import { abortError, type ProgressListener } from './ffmpeg-process.ts';
import { resolveInput, type ObjectSources } from './input.ts';
import { buildOf, ffmpegBinaries } from './meter.ts';
import { runPieces, type MeasuredPiece, type Piece } from './pipeline.ts';
import { pooledQuality } from './pool-quality.ts';
import { planProbe } from './probe-plan.ts';
import { requireFittable } from '../parameter-storage/store-parameters.ts';

export interface RunExperimentOptions {
  readonly source: Source;
  readonly config: ExperimentConfig;
  readonly mediaRoots: readonly string[];
  /** Where `s3://` sources are read from; unset: they are refused. */
  readonly objects?: ObjectSources | undefined;
  /**
   * The artifact ends up in `<artifactDir>/<experimentId>/artifact.mp4`, its stats files beside it;
   * each attempt works in a folder of its own until it is measured (see attempt-dir.ts).
   */
  readonly artifactDir: string;
  readonly experimentId: string;
  /** The encoding ffmpeg; unset: `ffmpeg` on PATH. */
  readonly ffmpegPath?: string | undefined;
  /** A separate ffmpeg with libvmaf to measure with, where the encoding one has none. */
  readonly metricsFfmpegPath?: string | undefined;
  /** How VMAF is computed; unset: vmaf_v0.6.1 on every frame. */
  readonly vmaf?: VmafOptions | undefined;
  /** The source's sha256 when its campaign was created: a file that changed since is refused. */
  readonly expectedSourceSha256?: string | undefined;
  /**
   * Measure short segments instead of the whole source (see planProbe); a source too short for
   * the probe to pay off is measured in full, and the result says which it was (`mode`).
   */
  readonly probe?: ProbeSpec | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressListener | undefined;
}

type Measured = Omit<ExperimentResult, 'sourceFrames' | 'ffmpegVersion' | 'ffmpeg' | 'encodeFps'>;

/**
 * Encodes the source with the config and measures the artifact it wrote: bitrate from the file's
 * bytes and ffprobe duration, quality from one decode against the source (for parameter storage,
 * from the rendering the artifact's file decodes to; always the whole source). With `probe`, does the
 * same for each probe segment and pools them. Fails with 'precondition' when an artifact's frame
 * count or duration, or the compared frame count, differs from its source's. A failed or killed
 * attempt publishes nothing, and a later attempt of the same experiment starts from a clean slate.
 */
export async function runExperiment(options: RunExperimentOptions): Promise<ExperimentResult> {
  const { experimentId } = options;
  if (!EXPERIMENT_ID.test(experimentId)) {
    throw new DomainError('invalid', 'ERR_INVALID_EXPERIMENT_ID', 'experiment id must be 1-128 letters, digits, "_" or "-"');
  }
  const probe = parseProbe(options.probe);
  const input = await resolveInput(options.source, options.mediaRoots, options.objects);
  requireUnchanged(input, options.source, options.expectedSourceSha256);
  const { encoder, meter } = await ffmpegBinaries(options.ffmpegPath, options.metricsFfmpegPath);
  // A scene description is fitted to the whole source, never to segments of it: parameter storage is measured in full.
  if (options.config.strategy === 'parameter_storage') requireFittable(input);
  const segments = probe && options.config.strategy === 'codec' ? planProbe(input, probe) : null;

  const dirs = await beginAttempt(options.artifactDir, experimentId);
  try {
    // A full run is the one-piece case of a probe run: the whole source in the attempt's folder.
    const pieces: Piece[] = segments
      ? segments.map((s) => ({ input: s.input, folder: segmentFolder(s.index), startSeconds: s.startSeconds, firstFrame: s.firstFrame, label: `segment ${s.index}: ` }))
      : [{ input, folder: '', startSeconds: 0, firstFrame: 0, label: '' }];
    const done = await runPieces(pieces, {
      config: options.config,
      dir: dirs.work,
      publishedDir: dirs.published,
      ffmpegPath: options.ffmpegPath,
      meter,
      vmaf: VmafOptionsSchema.parse(options.vmaf ?? DEFAULT_VMAF_OPTIONS),
      signal: options.signal,
      onProgress: options.onProgress,
    });
    const measured = segments ? await probeResult(done, dirs) : fullResult(done);
    const result = ExperimentResultSchema.parse({
      ...measured,
      sourceFrames: input.frames,
      encodeFps: measured.encodeSeconds > 0 ? measured.frames / measured.encodeSeconds : 0,
      ffmpegVersion: encoder.version,
      ffmpeg: { encoder: buildOf(encoder), meter: buildOf(meter.binary) },
    } satisfies ExperimentResult);
    if (options.signal?.aborted) throw abortError(options.signal, 'experiment');
    await publishAttempt(dirs);
    return result;
  } catch (error) {
    await discardAttempt(dirs);
    if (error instanceof DomainError) throw error;
    throw new DomainError('internal', 'ERR_EXPERIMENT_FAILED', `experiment failed: ${String(error)}`, { cause: error });
  }
}

/** The result of a full run: its one piece, the whole source. */
function fullResult([only]: MeasuredPiece[]): Measured {
  const { file, quality } = only!;
  return {
    bytes: file.bytes,
    durationSeconds: file.durationSeconds,
    bitrateBps: file.bitrateBps,
    width: file.probe.width,
    height: file.probe.height,
    frames: file.probe.frames,
    psnr: quality.psnr,
    ssim: quality.ssim,
    vmaf: quality.vmaf,
    encodeSeconds: only!.encodeSeconds,
    measureSeconds: quality.measureSeconds,
    artifactUri: only!.uri,
    artifactSha256: only!.sha256,
    mode: 'full',
    ...(only!.parameterStorage ? { parameterStorage: only!.parameterStorage } : {}),
  };
}

/**
 * The result of a probe run: sums over its segments, quality pooled as one pass over all their
 * frames, and a manifest of the segments as the artifact.
 */
async function probeResult(pieces: MeasuredPiece[], dirs: AttemptDirs): Promise<Measured> {
  const segments: ProbeSegment[] = pieces.map(({ piece, file, quality, uri, sha256: digest }) => ({
    startSeconds: piece.startSeconds,
    durationSeconds: file.durationSeconds,
    frames: file.probe.frames,
    bytes: file.bytes,
    psnrAvg: quality.psnr.avg,
    ssimAll: quality.ssim.all,
    ...(quality.vmaf.available ? { vmafMean: quality.vmaf.mean } : {}),
    artifactUri: uri,
    artifactSha256: digest,
  }));
  const manifestPath = join(dirs.work, PROBE_MANIFEST_FILE);
  await writeFile(manifestPath, `${JSON.stringify({ segments }, null, 2)}\n`);
  const sum = (value: (s: ProbeSegment) => number) => segments.reduce((total, s) => total + value(s), 0);
  const bytes = sum((s) => s.bytes);
  const durationSeconds = sum((s) => s.durationSeconds);
  return {
    ...pooledQuality(pieces.map(({ quality, file }) => ({ ...quality, frames: file.probe.frames }))),
    bytes,
    durationSeconds,
    // The measurement rule over the segments: their bytes on disk over their video durations.
    bitrateBps: (bytes * 8) / durationSeconds,
    frames: sum((s) => s.frames),
    width: pieces[0]!.file.probe.width,
    height: pieces[0]!.file.probe.height,
    encodeSeconds: pieces.reduce((total, p) => total + p.encodeSeconds, 0),
    measureSeconds: pieces.reduce((total, p) => total + p.quality.measureSeconds, 0),
    segments,
    artifactUri: pathToFileURL(join(dirs.published, PROBE_MANIFEST_FILE)).href,
    artifactSha256: await sha256(manifestPath),
    mode: 'probe',
  };
}

function parseProbe(raw: ProbeSpec | undefined): ProbeSpec | null {
  if (raw === undefined) return null;
  const parsed = ProbeSpecSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const details = formatIssues(parsed.error.issues).map((line) => `probe.${line}`);
  throw new DomainError('invalid', 'ERR_INVALID_PROBE', `invalid probe spec: ${details.join('; ')}`, { details });
}
