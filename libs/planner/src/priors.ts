import { ENCODERS, QUALITY_METRICS, type EncoderName, type QualityMetric } from '@codec-lab/domain';
import type { Estimate, PlannerPriors, TrackPrior } from './prior-types.ts';
import { GENERATED_PRIORS } from './priors.generated.ts';

export type { Estimate, PlannerPriors, TrackPrior } from './prior-types.ts';

/** The default priors: fitted on the measured encodes of named clips (`PRIORS.clips`), used where the lab remembers nothing better. */
export const PRIORS: PlannerPriors = GENERATED_PRIORS;

export function priorOf(encoder: EncoderName, preset: string, priors: PlannerPriors = PRIORS): TrackPrior | undefined {
  return priors.tracks.find((t) => t.encoder === encoder && t.preset === preset);
}

/**
 * How much a quality difference matters per metric, for uncertainty floors and stopping: one unit
 * of "1 dB PSNR" is about 2 VMAF points and 0.004 SSIM at these qualities.
 */
export const METRIC_UNIT: Readonly<Record<QualityMetric, number>> = { psnr: 1, vmaf: 2, ssim: 0.004 };

/**
 * The smallest spread a prior is given, fitted or learned: a few clips give a noisy standard
 * deviation, and no prior is taken as surer than these.
 */
export const PRIOR_FLOORS = {
  equivalentCrf: 0.75,
  rateSlope: 0.006,
  logCost: 0.15,
  gain: { psnr: 0.15, ssim: 0.0008, vmaf: 0.4 },
  qualitySlope: { psnr: 0.4, ssim: 0.002, vmaf: 1 },
} as const;

const perMetric = (value: (metric: QualityMetric) => Estimate) => Object.fromEntries(QUALITY_METRICS.map((m) => [m, value(m)])) as Record<QualityMetric, Estimate>;

/**
 * A prior for a track nobody fitted: the encoder's default CRF five steps up as its equivalent,
 * bitrate halving every 6 CRF steps, no gain over the reference, and wide spreads on everything.
 */
export function loosePrior(encoder: EncoderName, preset: string): TrackPrior {
  return {
    encoder,
    preset,
    equivalentCrf: { mean: ENCODERS[encoder].crf.default + 5, sd: 4 },
    rateSlope: { mean: -Math.LN2 / 6, sd: 0.03 },
    gain: perMetric((m) => ({ mean: 0, sd: 1.5 * METRIC_UNIT[m] })),
    qualitySlope: perMetric((m) => ({ mean: 4 * METRIC_UNIT[m], sd: 2 * METRIC_UNIT[m] })),
    logCost: { mean: 1, sd: 1 },
  };
}
