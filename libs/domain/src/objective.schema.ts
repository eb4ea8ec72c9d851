import { z } from 'zod';

export const QUALITY_METRICS = ['psnr', 'ssim', 'vmaf'] as const;
export type QualityMetric = (typeof QUALITY_METRICS)[number];

/** What a campaign is looking for: the best quality at (or under) a target bitrate. */
export const ObjectiveSchema = z.strictObject({
  targetBitrateMbps: z.number().positive().max(200),
  metric: z.enum(QUALITY_METRICS).default('psnr'),
  /** Minimum acceptable quality in the metric's own unit (dB for PSNR, 0..1 for SSIM, 0..100 VMAF). */
  minQuality: z.number().min(0).max(100).optional(),
});

export type Objective = z.infer<typeof ObjectiveSchema>;

/** A bitrate within this fraction of the target counts as on target. */
export const TARGET_TOLERANCE = 0.05;
