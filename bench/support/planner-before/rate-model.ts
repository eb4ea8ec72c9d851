import { ENCODERS, type EncoderName } from './domain.ts';

/** A measured point: the CRF used and the bitrate the artifact really had. */
export interface RatePoint {
  readonly crf: number;
  readonly bitrateBps: number;
}

/**
 * ln(bitrate) = intercept + slope x CRF, the rate model x264-style encoders follow closely over
 * the useful CRF range. `points` says how many measurements it was fitted on.
 */
export interface RateModel {
  readonly intercept: number;
  readonly slope: number;
  readonly points: number;
  /** 'fitted' from two or more CRFs; 'prior' when one point was anchored with the encoder's prior slope (ENCODERS[encoder].priors). */
  readonly basis: 'fitted' | 'prior';
}

// A fitted slope outside these bounds (bitrate halving faster than every 3 CRF steps or slower
// than every 14) comes from noise on tiny sources, not from the encoder.
const MIN_SLOPE = -Math.LN2 / 3;
const MAX_SLOPE = -Math.LN2 / 14;

/** Least squares on ln(bitrate) against CRF; undefined without a measured point. */
export function fitRateModel(encoder: EncoderName, points: readonly RatePoint[]): RateModel | undefined {
  const usable = points.filter((p) => p.bitrateBps > 0);
  if (usable.length === 0) return undefined;
  const xs = usable.map((p) => p.crf);
  const ys = usable.map((p) => Math.log(p.bitrateBps));
  const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
  const meanY = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxx = xs.reduce((a, x) => a + (x - meanX) ** 2, 0);
  if (sxx === 0) {
    const slope = -Math.LN2 / ENCODERS[encoder].priors.halvingStep;
    return { intercept: meanY - slope * meanX, slope, points: usable.length, basis: 'prior' };
  }
  const sxy = xs.reduce((a, x, i) => a + (x - meanX) * ((ys[i] ?? 0) - meanY), 0);
  const slope = Math.min(MAX_SLOPE, Math.max(MIN_SLOPE, sxy / sxx));
  return { intercept: meanY - slope * meanX, slope, points: usable.length, basis: 'fitted' };
}

export function predictBitrate(model: RateModel, crf: number): number {
  return Math.exp(model.intercept + model.slope * crf);
}

/** The (fractional) CRF the model expects to give `targetBps`. */
export function crfForBitrate(model: RateModel, targetBps: number): number {
  return (Math.log(targetBps) - model.intercept) / model.slope;
}

/** CRF steps that halve the bitrate under this model. */
export function halvingStep(model: RateModel): number {
  return -Math.LN2 / model.slope;
}
