import type { EncoderName, QualityMetric } from '@codec-lab/domain';

/** A prior value: its mean over the clips it was fitted on, and their spread (one standard deviation). */
export interface Estimate {
  readonly mean: number;
  readonly sd: number;
}

/**
 * What the planner assumes about a track (encoder and preset, everything else default) before the
 * campaign has measured it, relative to the reference track (libx264 medium) on the same source.
 * Fitted by `bench/fit-priors.ts` on measured encodes of named clips (see `PRIORS.clips`).
 */
export interface TrackPrior {
  readonly encoder: EncoderName;
  readonly preset: string;
  /** The CRF at which this track spends what the reference spends at its reference CRF. */
  readonly equivalentCrf: Estimate;
  /** d ln(bitrate) / d CRF: negative; -ln 2 / 6 halves the bitrate every 6 CRF steps. */
  readonly rateSlope: Estimate;
  /** Quality above the reference's at the same bitrate, per metric, in the metric's unit. */
  readonly gain: Readonly<Record<QualityMetric, Estimate>>;
  /** d quality / d ln(bitrate), per metric. */
  readonly qualitySlope: Readonly<Record<QualityMetric, Estimate>>;
  /** ln(encode seconds / the reference's encode seconds on the same source). */
  readonly logCost: Estimate;
}

export interface PlannerPriors {
  readonly reference: { readonly encoder: EncoderName; readonly preset: string; readonly crf: number };
  /** The clips the priors were fitted on: a benchmark that judges the planner must use others. */
  readonly clips: readonly string[];
  /** How they were measured and fitted (ffmpeg builds, script, date). */
  readonly provenance: string;
  readonly tracks: readonly TrackPrior[];
}
