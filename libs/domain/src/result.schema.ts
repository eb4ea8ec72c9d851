import { z } from 'zod';

export const VmafSchema = z.discriminatedUnion('available', [
  z.strictObject({ available: z.literal(true), mean: z.number() }),
  z.strictObject({ available: z.literal(false), reason: z.string() }),
]);

/**
 * What agent-runner measured from the artifact it wrote. Every number here comes from ffprobe or
 * from one decode of the artifact against the source; nothing is estimated.
 */
export const ExperimentResultSchema = z.strictObject({
  bytes: z.int().nonnegative(),
  durationSeconds: z.number().positive(),
  /** bytes x 8 / durationSeconds, both read from the artifact. */
  bitrateBps: z.number().nonnegative(),
  width: z.int().positive(),
  height: z.int().positive(),
  frames: z.int().nonnegative(),
  sourceFrames: z.int().nonnegative(),
  psnr: z.strictObject({ y: z.number(), u: z.number(), v: z.number(), avg: z.number() }),
  ssim: z.strictObject({ y: z.number(), u: z.number(), v: z.number(), all: z.number() }),
  vmaf: VmafSchema,
  encodeSeconds: z.number().nonnegative(),
  encodeFps: z.number().nonnegative(),
  measureSeconds: z.number().nonnegative(),
  artifactUri: z.string(),
  artifactSha256: z.string().regex(/^[0-9a-f]{64}$/),
  mode: z.enum(['full', 'probe']),
  ffmpegVersion: z.string(),
});

export type ExperimentResult = z.infer<typeof ExperimentResultSchema>;

export function bitrateMbps(result: Pick<ExperimentResult, 'bitrateBps'>): number {
  return result.bitrateBps / 1e6;
}
