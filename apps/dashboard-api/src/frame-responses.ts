import { z } from 'zod';
import { QUALITY_METRICS } from '@codec-lab/domain';

// What the per-frame routes answer, beside responses.ts. The web page imports the types (type-only).

/** How many of the lowest frames `worst` lists. */
export const WORST_FRAMES = 10;

const frameNumber = z.int().nonnegative();

export const WorstFrameSchema = z.strictObject({
  frame: frameNumber,
  psnr: z.number(),
  ssim: z.number(),
  vmaf: z.number().nullable().describe('null where libvmaf did not score this frame (not measured, or subsampled out)'),
});

export const FramesSchema = z.strictObject({
  experimentId: z.string(),
  campaignId: z.string(),
  seq: z.int().positive(),
  frames: z.array(frameNumber).describe('The compared frames, in order, numbered from the start of the source (probe segments keep their place in it)'),
  psnr: z.array(z.number()).describe("Per frame: ffmpeg's psnr_avg in dB (Y, U and V pixel-weighted); 100 for identical pictures"),
  ssim: z.array(z.number()).describe("Per frame: ffmpeg's SSIM over all planes (All); 1 is identical"),
  vmaf: z
    .strictObject({
      model: z.string().describe('The libvmaf model that scored them'),
      frames: z.array(frameNumber).describe('The frames libvmaf scored: all of `frames`, or every n-th with subsampling'),
      values: z.array(z.number()),
    })
    .nullable()
    .describe('null where VMAF was not measured'),
  metric: z.enum(QUALITY_METRICS).describe("What `worst` is ranked by: the campaign's objective metric, PSNR where that is VMAF and VMAF was not measured"),
  worst: z.array(WorstFrameSchema).describe(`The ${WORST_FRAMES} frames lowest in \`metric\`, lowest first (ties by frame number)`),
});

export const FrameParams = z.strictObject({
  id: z.string().max(80),
  frame: z
    .string()
    .regex(/^\d{1,9}$/, { message: 'a frame number is a whole number, 0 or more' })
    .transform(Number)
    .describe('A source frame number, as `frames` lists them'),
});

export const ExperimentParams = z.strictObject({ id: z.string().max(80) });

export type Frames = z.infer<typeof FramesSchema>;
export type WorstFrame = z.infer<typeof WorstFrameSchema>;
