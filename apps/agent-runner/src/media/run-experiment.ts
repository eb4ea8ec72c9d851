import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DomainError, ExperimentResultSchema, type CodecConfig, type ExperimentResult, type Source } from '@codec-lab/domain';
import { readFfmpegVersion } from './capabilities.ts';
import { encode } from './encode.ts';
import { abortError, type ProgressListener } from './ffmpeg-process.ts';
import { resolveInput } from './input.ts';
import { measure } from './measure.ts';
import { probeVideo } from './probe.ts';

export interface RunExperimentOptions {
  readonly source: Source;
  readonly config: CodecConfig;
  readonly mediaRoots: readonly string[];
  /** The artifact goes to `<artifactDir>/<experimentId>/artifact.mp4`, its stats files beside it. */
  readonly artifactDir: string;
  readonly experimentId: string;
  readonly ffmpegPath?: string | undefined;
  /** From detectCapabilities; read (once per binary) when not given. */
  readonly ffmpegVersion?: string | undefined;
  readonly vmafAvailable: boolean;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressListener | undefined;
}

const EXPERIMENT_ID = /^[A-Za-z0-9_-]{1,128}$/;
const ARTIFACT = 'artifact.mp4';
// ffmpeg writes here; only a finished encode is renamed to ARTIFACT, so a crash never leaves a
// truncated file under the name of a real artifact.
const PARTIAL = 'artifact.partial.mp4';
const STATS = ['psnr.log', 'ssim.log', 'vmaf.json'];

/**
 * Encodes the source with the config and measures the artifact it wrote: bitrate from the file's
 * bytes and ffprobe duration, quality from one decode against the source. Fails, removing what it
 * wrote, when the artifact's frame count or the compared frame count differs from the source's.
 */
export async function runExperiment(options: RunExperimentOptions): Promise<ExperimentResult> {
  const { experimentId, signal } = options;
  if (!EXPERIMENT_ID.test(experimentId)) {
    throw new DomainError('invalid', 'ERR_INVALID_EXPERIMENT_ID', 'experiment id must be 1-128 letters, digits, "_" or "-"');
  }
  const input = await resolveInput(options.source, options.mediaRoots);
  const ffmpegVersion = options.ffmpegVersion ?? (await readFfmpegVersion({ ffmpegPath: options.ffmpegPath }));

  const dir = join(resolve(options.artifactDir), experimentId);
  const artifactPath = join(dir, ARTIFACT);
  await mkdir(dir, { recursive: true });
  try {
    const { encodeSeconds } = await encode({
      input,
      config: options.config,
      outPath: join(dir, PARTIAL),
      ffmpegPath: options.ffmpegPath,
      signal,
      onProgress: options.onProgress,
    });
    await rename(join(dir, PARTIAL), artifactPath);

    const artifact = await probeVideo(`file:${artifactPath}`).catch((error: unknown) => {
      throw new DomainError('internal', 'ERR_ARTIFACT_UNREADABLE', `the encoded artifact cannot be probed: ${String(error)}`, {
        cause: error,
      });
    });
    const { size: bytes } = await stat(artifactPath);
    if (artifact.durationSeconds === null) {
      throw new DomainError('internal', 'ERR_ARTIFACT_UNREADABLE', 'ffprobe reports no duration for the artifact');
    }
    requireFrames('the artifact holds', artifact.frames, input.frames);

    if (signal?.aborted) throw abortError(signal, 'measurement');
    const measured = await measure({
      artifactPath,
      input,
      workDir: dir,
      ffmpegPath: options.ffmpegPath,
      vmafAvailable: options.vmafAvailable,
      signal,
      onProgress: options.onProgress,
    });
    requireFrames('the measurement compared', measured.comparedFrames, input.frames);

    return ExperimentResultSchema.parse({
      bytes,
      durationSeconds: artifact.durationSeconds,
      bitrateBps: (bytes * 8) / artifact.durationSeconds,
      width: artifact.width,
      height: artifact.height,
      frames: artifact.frames,
      sourceFrames: input.frames,
      psnr: measured.psnr,
      ssim: measured.ssim,
      vmaf: measured.vmaf,
      encodeSeconds,
      encodeFps: encodeSeconds > 0 ? artifact.frames / encodeSeconds : 0,
      measureSeconds: measured.measureSeconds,
      artifactUri: pathToFileURL(artifactPath).href,
      artifactSha256: await sha256(artifactPath),
      mode: 'full',
      ffmpegVersion,
    } satisfies ExperimentResult);
  } catch (error) {
    await removeOutputs(dir);
    if (error instanceof DomainError) throw error;
    throw new DomainError('internal', 'ERR_EXPERIMENT_FAILED', `experiment failed: ${String(error)}`, { cause: error });
  }
}

function requireFrames(what: string, actual: number, expected: number): void {
  if (actual !== expected) {
    throw new DomainError(
      'precondition',
      'ERR_FRAME_COUNT_MISMATCH',
      `${what} ${actual} frames but the source has ${expected}`,
      { details: [`actual=${actual}`, `source=${expected}`] },
    );
  }
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

// Removes only what this run writes, then the folder if that left it empty.
async function removeOutputs(dir: string): Promise<void> {
  await Promise.all([ARTIFACT, PARTIAL, ...STATS].map((name) => rm(join(dir, name), { force: true })));
  await rmdir(dir).catch(() => undefined);
}
