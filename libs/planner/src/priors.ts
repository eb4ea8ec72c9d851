import type { EncoderName, QualityMetric } from '@codec-lab/domain';
import type { PlannerPriors, TrackPrior } from './prior-types.ts';
import { GENERATED_PRIORS } from './priors.generated.ts';

export type { Estimate, PlannerPriors, TrackPrior } from './prior-types.ts';

export const PRIORS: PlannerPriors = GENERATED_PRIORS;

export function priorOf(encoder: EncoderName, preset: string, priors: PlannerPriors = PRIORS): TrackPrior | undefined {
  return priors.tracks.find((t) => t.encoder === encoder && t.preset === preset);
}

/**
 * How much a quality difference matters per metric, for uncertainty floors and stopping: one unit
 * of "1 dB PSNR" is about 2 VMAF points and 0.004 SSIM at these qualities.
 */
export const METRIC_UNIT: Readonly<Record<QualityMetric, number>> = { psnr: 1, vmaf: 2, ssim: 0.004 };
