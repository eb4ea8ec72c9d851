import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DomainError,
  ExperimentResultSchema,
  formatIssues,
  ProbeSpecSchema,
  type CodecConfig,
  type ExperimentResult,
  type ProbeSpec,
  type Source,
} from '@codec-lab/domain';
import { checkArtifactMatchesSource, requireFrames } from './artifact-checks.ts';
import { beginAttempt, discardAttempt, publishAttempt, type AttemptDirs } from './attempt-dir.ts';
import { readArtifact, sha256 } from './artifact-file.ts';
import { readFfmpegVersion } from './capabilities.ts';
import { requireUnchanged } from './describe.ts';
import { encode } from './encode.ts';
import { abortError, type ProgressListener } from './ffmpeg-process.ts';
import { resolveInput, type InputSpec } from './input.ts';
import { measure } from './measure.ts';
import { planProbe, type SegmentPlan } from './probe-plan.ts';
import { runProbe } from './probe-run.ts';

export interface RunExperimentOptions {
  readonly source: Source;
  readonly config: CodecConfig;
  readonly mediaRoots: readonly string[];
  /**
   * The artifact ends up in `<artifactDir>/<experimentId>/artifact.mp4`, its stats files beside it;
   * each attempt works in a folder of its own until it is measured (see attempt-dir.ts).
   */
  readonly artifactDir: string;
  readonly experimentId: string;
  readonly ffmpegPath?: string | undefined;
  /** From detectCapabilities; read (once per binary) when not given. */
  readonly ffmpegVersion?: string | undefined;
  readonly vmafAvailable: boolean;
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

const EXPERIMENT_ID = /^[A-Za-z0-9_-]{1,128}$/;
const ARTIFACT = 'artifact.mp4';

type Measured = Omit<ExperimentResult, 'sourceFrames' | 'ffmpegVersion' | 'encodeFps'>;

/**
 * Encodes the source with the config and measures the artifact it wrote: bitrate from the file's
 * bytes and ffprobe duration, quality from one decode against the source. With `probe`, does the
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
  const input = await resolveInput(options.source, options.mediaRoots);
  requireUnchanged(input, options.source, options.expectedSourceSha256);
  const ffmpegVersion = options.ffmpegVersion ?? (await readFfmpegVersion({ ffmpegPath: options.ffmpegPath }));
  const segments = probe ? planProbe(input, probe) : null;

  const dirs = await beginAttempt(options.artifactDir, experimentId);
  try {
    const measured = segments ? await runProbeMode(options, segments, dirs) : await runFull(options, input, dirs);
    const result = ExperimentResultSchema.parse({
      ...measured,
      sourceFrames: input.frames,
      encodeFps: measured.encodeSeconds > 0 ? measured.frames / measured.encodeSeconds : 0,
      ffmpegVersion,
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

async function runFull(options: RunExperimentOptions, input: InputSpec, { work: dir, published }: AttemptDirs): Promise<Measured> {
  const { signal } = options;
  const artifactPath = join(dir, ARTIFACT);
  const { encodeSeconds } = await encode({
    input,
    config: options.config,
    outPath: artifactPath,
    ffmpegPath: options.ffmpegPath,
    signal,
    onProgress: options.onProgress,
  });

  const file = await readArtifact(artifactPath, signal);
  const artifact = file.probe;
  checkArtifactMatchesSource({ frames: artifact.frames, durationSeconds: file.durationSeconds }, input);

  if (signal?.aborted) throw abortError(signal, 'measurement');
  const measured = await measure({
    artifactPath,
    artifactRange: artifact.colorRange,
    input,
    workDir: dir,
    ffmpegPath: options.ffmpegPath,
    vmafAvailable: options.vmafAvailable,
    signal,
    onProgress: options.onProgress,
  });
  requireFrames('the measurement compared', measured.comparedFrames, input.frames);

  return {
    bytes: file.bytes,
    durationSeconds: file.durationSeconds,
    bitrateBps: file.bitrateBps,
    width: artifact.width,
    height: artifact.height,
    frames: artifact.frames,
    psnr: measured.psnr,
    ssim: measured.ssim,
    vmaf: measured.vmaf,
    encodeSeconds,
    measureSeconds: measured.measureSeconds,
    artifactUri: pathToFileURL(join(published, ARTIFACT)).href,
    artifactSha256: await sha256(artifactPath),
    mode: 'full',
  };
}

async function runProbeMode(options: RunExperimentOptions, segments: readonly SegmentPlan[], dirs: AttemptDirs): Promise<Measured> {
  const { manifestPath, manifestUri, ...outcome } = await runProbe({
    segments,
    dir: dirs.work,
    publishedDir: dirs.published,
    config: options.config,
    ffmpegPath: options.ffmpegPath,
    vmafAvailable: options.vmafAvailable,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  return {
    ...outcome,
    // The measurement rule over the segments: their bytes on disk over their video durations.
    bitrateBps: (outcome.bytes * 8) / outcome.durationSeconds,
    artifactUri: manifestUri,
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
