import { z } from 'zod';
import { MEASUREMENT_TERMS } from './measurement-terms.ts';

export const VmafSchema = z.discriminatedUnion('available', [
  z.strictObject({ available: z.literal(true), mean: z.number() }),
  z.strictObject({ available: z.literal(false), reason: z.string() }),
]);

/**
 * Probe mode: instead of the whole source, encode `segments` short pieces of `segmentSeconds`
 * each, spread evenly over the source, and measure each against the same piece of the source.
 */
export const ProbeSpecSchema = z.strictObject({
  segments: z.int().min(1).max(10),
  segmentSeconds: z.number().min(0.5).max(10),
});

/** One encoded and measured piece of a probe-mode experiment. */
export const ProbeSegmentSchema = z.strictObject({
  /** Presentation time of the segment's first source frame, seconds from the source's start. */
  startSeconds: z.number().nonnegative(),
  /** Duration of the segment's artifact, from ffprobe. */
  durationSeconds: z.number().positive(),
  /** Frames encoded, equal to the source frames in the segment and to the frames compared. */
  frames: z.int().positive(),
  bytes: z.int().nonnegative(),
  psnrAvg: z.number(),
  ssimAll: z.number(),
  artifactUri: z.string(),
  artifactSha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * What agent-runner measured from the artifact it wrote. Every number here comes from ffprobe or
 * from one decode of the artifact against the source; nothing is estimated.
 */
export const ExperimentResultSchema = z.strictObject({
  bytes: z.int().nonnegative(),
  /** The artifact's video stream's own duration, from its packets (not the container's). */
  durationSeconds: z.number().positive(),
  /** bytes x 8 / durationSeconds, both read from the artifact. */
  bitrateBps: z.number().nonnegative().describe(MEASUREMENT_TERMS.bitrate),
  width: z.int().positive(),
  height: z.int().positive(),
  frames: z.int().nonnegative(),
  sourceFrames: z.int().nonnegative(),
  psnr: z.strictObject({ y: z.number(), u: z.number(), v: z.number(), avg: z.number() }).describe(MEASUREMENT_TERMS.psnr),
  ssim: z.strictObject({ y: z.number(), u: z.number(), v: z.number(), all: z.number() }).describe(MEASUREMENT_TERMS.ssim),
  vmaf: VmafSchema,
  encodeSeconds: z.number().nonnegative(),
  encodeFps: z.number().nonnegative(),
  measureSeconds: z.number().nonnegative(),
  artifactUri: z.string(),
  artifactSha256: z.string().regex(/^[0-9a-f]{64}$/),
  mode: z.enum(['full', 'probe']),
  ffmpegVersion: z.string(),
  /**
   * Probe mode only: the segments measured. Then bytes, durationSeconds and frames are their sums,
   * sourceFrames is the whole source's count, PSNR is pooled over every compared frame (as one
   * pass over them would report it), and artifactUri names a JSON manifest of the segments.
   */
  segments: z.array(ProbeSegmentSchema).min(1).max(10).optional(),
});

export type ExperimentResult = z.infer<typeof ExperimentResultSchema>;
export type ProbeSpec = z.infer<typeof ProbeSpecSchema>;
export type ProbeSegment = z.infer<typeof ProbeSegmentSchema>;

export function bitrateMbps(result: Pick<ExperimentResult, 'bitrateBps'>): number {
  return result.bitrateBps / 1e6;
}
