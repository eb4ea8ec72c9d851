import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodecConfig, ProbeSegment } from '@codec-lab/domain';
import { checkArtifactMatchesSource, requireFrames } from './artifact-checks.ts';
import { readArtifact, sha256 } from './artifact-file.ts';
import { encode } from './encode.ts';
import { abortError, type MediaProgress, type ProgressListener } from './ffmpeg-process.ts';
import { measure } from './measure.ts';
import { pooledQuality, type PooledQuality } from './pool-quality.ts';
import type { SegmentPlan } from './probe-plan.ts';

export interface ProbeRunOptions {
  readonly segments: readonly SegmentPlan[];
  readonly config: CodecConfig;
  /** The attempt's folder; each segment gets `segment-<i>/` in it, the manifest sits beside them. */
  readonly dir: string;
  /** Where `dir` will be published; the URIs in the manifest and the result name files there. */
  readonly publishedDir: string;
  readonly ffmpegPath?: string | undefined;
  readonly vmafAvailable: boolean;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressListener | undefined;
}

/** The probe's sums and pooled quality, ready to become an ExperimentResult. */
export interface ProbeOutcome extends PooledQuality {
  readonly bytes: number;
  readonly durationSeconds: number;
  readonly frames: number;
  readonly width: number;
  readonly height: number;
  readonly encodeSeconds: number;
  readonly measureSeconds: number;
  readonly segments: ProbeSegment[];
  /** probe.json: the segments, each with its artifact and digest. */
  readonly manifestPath: string;
  /** The manifest's URI once published. */
  readonly manifestUri: string;
}

/** Name of the manifest a probe writes. */
export const PROBE_MANIFEST = 'probe.json';

/**
 * Encodes every segment, then measures every segment against the same stretch of source, each
 * artifact checked for its frame count and duration first. Encodes all before measuring so that
 * progress runs once through 'encode' and once through 'measure'.
 */
export async function runProbe(options: ProbeRunOptions): Promise<ProbeOutcome> {
  const { segments, dir, signal } = options;
  const totalFrames = segments.reduce((sum, s) => sum + s.input.frames, 0);
  const name = (s: SegmentPlan) => `segment-${s.index}`;
  const folder = (s: SegmentPlan) => join(dir, name(s));

  let encodeSeconds = 0;
  let done = 0;
  for (const segment of segments) {
    await mkdir(folder(segment), { recursive: true });
    const run = await encode({
      input: segment.input,
      config: options.config,
      outPath: join(folder(segment), 'artifact.mp4'),
      ffmpegPath: options.ffmpegPath,
      signal,
      onProgress: overall(options.onProgress, done, totalFrames),
    });
    encodeSeconds += run.encodeSeconds;
    done += segment.input.frames;
  }

  let measureSeconds = 0;
  done = 0;
  const measured = [];
  for (const segment of segments) {
    const artifactPath = join(folder(segment), 'artifact.mp4');
    const file = await readArtifact(artifactPath, signal);
    const artifact = file.probe;
    checkArtifactMatchesSource({ frames: artifact.frames, durationSeconds: file.durationSeconds }, segment.input);
    if (signal?.aborted) throw abortError(signal, 'measurement');
    const m = await measure({
      artifactPath,
      artifactRange: artifact.colorRange,
      input: segment.input,
      workDir: folder(segment),
      ffmpegPath: options.ffmpegPath,
      vmafAvailable: options.vmafAvailable,
      signal,
      onProgress: overall(options.onProgress, done, totalFrames),
    });
    requireFrames(`segment ${segment.index}: the measurement compared`, m.comparedFrames, segment.input.frames);
    measureSeconds += m.measureSeconds;
    done += segment.input.frames;
    measured.push({ segment, artifact, bytes: file.bytes, durationSeconds: file.durationSeconds, quality: m, artifactPath, publishedPath: join(options.publishedDir, name(segment), 'artifact.mp4') });
  }

  const result: ProbeSegment[] = [];
  for (const { segment, artifact, bytes, durationSeconds, quality, artifactPath, publishedPath } of measured) {
    result.push({
      startSeconds: segment.startSeconds,
      durationSeconds,
      frames: artifact.frames,
      bytes,
      psnrAvg: quality.psnr.avg,
      ssimAll: quality.ssim.all,
      artifactUri: pathToFileURL(publishedPath).href,
      artifactSha256: await sha256(artifactPath),
    });
  }
  const manifestPath = join(dir, PROBE_MANIFEST);
  await writeFile(manifestPath, `${JSON.stringify({ segments: result }, null, 2)}\n`);

  return {
    ...pooledQuality(measured.map(({ quality, artifact }) => ({ ...quality, frames: artifact.frames }))),
    bytes: result.reduce((sum, s) => sum + s.bytes, 0),
    durationSeconds: result.reduce((sum, s) => sum + s.durationSeconds, 0),
    frames: result.reduce((sum, s) => sum + s.frames, 0),
    width: measured[0]!.artifact.width,
    height: measured[0]!.artifact.height,
    encodeSeconds,
    measureSeconds,
    segments: result,
    manifestPath,
    manifestUri: pathToFileURL(join(options.publishedDir, PROBE_MANIFEST)).href,
  };
}

// Each segment reports its own frames; the listener sees one run over all segments' frames.
function overall(listener: ProgressListener | undefined, before: number, total: number): ProgressListener | undefined {
  if (!listener) return undefined;
  return (p: MediaProgress) => {
    const frames = before + p.frames;
    listener({ ...p, frames, percent: Math.min(100, (frames / total) * 100) });
  };
}
