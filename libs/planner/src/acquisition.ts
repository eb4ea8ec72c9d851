import { ENCODERS, hypervolume, nonDominated, type Objective, type ParetoPoint, type ParetoReference, type QualityMetric } from '@codec-lab/domain';
import { expectedImprovement, normalCdf, normalPdf } from './normal.ts';
import { METRIC_UNIT } from './priors.ts';
import type { Gauss, TrackModel } from './track-model.ts';

/**
 * What a candidate experiment is worth against where the campaign stands, for each kind of
 * objective: the expected improvement of the campaign's answer if it is run, integrated over the
 * uncertainty of its bitrate (quality follows the bitrate along the track's curve).
 */
export interface Standing {
  readonly objective: Objective;
  /** The metric the campaign is steered in (PSNR where VMAF is not measured everywhere). */
  readonly metric: QualityMetric;
  /** ln of the highest bitrate an answer may have (budget with tolerance, size limit, Pareto's upper end). */
  readonly lnCeiling: number;
  /** The answer so far: its quality (a budget) or ln(bitrate) (a quality target); undefined while none meets the objective. */
  readonly incumbent: { readonly quality: number; readonly lnRate: number } | undefined;
  /** The lowest quality and highest ln(bitrate) measured, to rank candidates while there is no answer yet. */
  readonly worst: { readonly quality: number; readonly lnRate: number };
  /** The Pareto front so far and its reference corner (Pareto objectives). */
  readonly front: readonly ParetoPoint[];
  readonly reference: ParetoReference | undefined;
  /** Frames per experiment, for turning encode seconds into fps. */
  readonly frames: number;
  /** ln of the most encode seconds an experiment may take (speed constraints), if any. */
  readonly lnSecondsLimit: number | undefined;
}

export interface Valuation {
  readonly lnRate: Gauss;
  readonly quality: Gauss;
  /** Probability that the measurement counts as an answer (within the ceiling, or reaching the target). */
  readonly pAnswer: number;
  /** Expected improvement, in the metric's unit (a budget), in ln(bitrate) (a quality target), or in hypervolume (Pareto). */
  readonly gain: number;
}

const SIMPSON_INTERVALS = 16;

/**
 * While nothing meets the objective, any answer is worth having: candidates are valued against a
 * quality this many units (dB PSNR, or its VMAF and SSIM equivalents) under the worst measured.
 */
const NO_ANSWER_MARGIN = 10;

/**
 * E[f(u); u <= ceiling] for u ~ N(rate.mean, rate.sigma^2), by Simpson's rule over the part of
 * mean +- 4 sigma under the ceiling (f may jump at the ceiling; the integral stops there).
 */
function integrateUnder(rate: Gauss, ceiling: number, f: (lnRate: number) => number): number {
  const sigma = Math.max(rate.sigma, 1e-6);
  const from = rate.mean - 4 * sigma;
  const to = Math.min(ceiling, rate.mean + 4 * sigma);
  if (to <= from) return 0;
  const h = (to - from) / SIMPSON_INTERVALS;
  let sum = 0;
  for (let i = 0; i <= SIMPSON_INTERVALS; i++) {
    const u = from + i * h;
    const weight = i === 0 || i === SIMPSON_INTERVALS ? 1 : i % 2 === 1 ? 4 : 2;
    sum += weight * f(u) * (normalPdf((u - rate.mean) / sigma) / sigma);
  }
  return (sum * h) / 3;
}

/** The value of running `crf` on the track of `model`. */
export function valuate(model: TrackModel, crf: number, standing: Standing): Valuation {
  const lnRate = model.lnRateAt(crf);
  const quality = model.qualityAt(lnRate.mean);
  const { objective, incumbent, worst, lnCeiling } = standing;
  const pWithin = normalCdf((lnCeiling - lnRate.mean) / Math.max(lnRate.sigma, 1e-6));
  if (objective.kind === 'bitrate-at-quality') {
    const target = objective.targetQuality;
    const best = incumbent?.lnRate ?? worst.lnRate + Math.LN2;
    const meets = (u: number) => {
      const q = model.qualityAt(u);
      return normalCdf((q.mean - target) / q.sigma);
    };
    return {
      lnRate,
      quality,
      pAnswer: integrateUnder(lnRate, lnCeiling, meets),
      gain: integrateUnder(lnRate, Math.min(lnCeiling, best), (u) => meets(u) * (best - u)),
    };
  }
  if (objective.kind === 'pareto' && standing.reference) {
    const reference = standing.reference;
    const fps = standing.frames / model.expectedEncodeSeconds();
    const before = hypervolume(standing.front, reference);
    const gain = integrateUnder(lnRate, lnCeiling, (u) => {
      const point: ParetoPoint = { seq: 0, bitrateMbps: Math.exp(u) / 1e6, quality: model.qualityAt(u).mean, encodeFps: fps };
      return hypervolume(nonDominated([...standing.front, point]), reference) - before;
    });
    return { lnRate, quality, pAnswer: pWithin, gain };
  }
  const best = incumbent?.quality ?? worst.quality - NO_ANSWER_MARGIN * METRIC_UNIT[standing.metric];
  return {
    lnRate,
    quality,
    pAnswer: pWithin,
    gain: integrateUnder(lnRate, lnCeiling, (u) => {
      const q = model.qualityAt(u);
      return expectedImprovement(q.mean, q.sigma, best);
    }),
  };
}

/** Probability that the track encodes fast enough for the speed constraints. */
export function pFastEnough(model: TrackModel, standing: Standing): number {
  if (standing.lnSecondsLimit === undefined) return 1;
  const cost = model.logEncodeSeconds();
  return normalCdf((standing.lnSecondsLimit - cost.mean) / Math.max(cost.sigma, 0.05));
}

/**
 * The smallest expected improvement worth an experiment: 0.01 dB of PSNR (0.02 VMAF, 0.00004
 * SSIM) for a budget, 0.2% of bitrate for a quality target, 0.1% of the hypervolume for Pareto.
 */
export function worthwhile(standing: Standing): number {
  const { objective } = standing;
  if (objective.kind === 'bitrate-at-quality') return 0.002;
  if (objective.kind === 'pareto') return standing.reference ? 0.001 * Math.max(hypervolume(standing.front, standing.reference), 1e-9) : 0;
  return 0.01 * METRIC_UNIT[standing.metric];
}

/** What a track's own answer to the objective is expected to be, once it is found, and what finding it costs. */
export interface TrackAnswer {
  /** Expected improvement of the campaign's answer by this track's best answer. */
  readonly gain: number;
  /** Experiments expected before this track's answer is measured. */
  readonly experiments: number;
  /** Whether the track's answer is already measured (neighbouring CRFs either side of the target). */
  readonly resolved: boolean;
}

/**
 * The track's best answer: the quality its curve reaches at the ceiling (a budget), or the ln
 * bitrate at which it reaches the target quality (a quality target), less half a CRF step, since
 * the answer is the nearest integer CRF on the right side. Its expected improvement on the
 * incumbent, and roughly how many experiments finding it takes: one, plus up to one more when the
 * track's rate curve near the target is uncertain by more than a CRF step (most of
 * the gain comes with the first experiment that lands on the right side, so that one counts half).
 */
export function trackAnswer(model: TrackModel, standing: Standing): TrackAnswer | undefined {
  const { objective, lnCeiling, incumbent, worst } = standing;
  if (objective.kind === 'pareto') return undefined;
  const slope = Math.abs(model.slopeEstimate());
  const byCrf = [...model.points].sort((a, b) => a.crf - b.crf);
  const at = (crf: number) => byCrf.find((p) => p.crf === crf);
  if (objective.kind === 'bitrate-at-quality') {
    const resolved = byCrf.some((p) => p.quality >= objective.targetQuality && at(p.crf + 1) !== undefined && at(p.crf + 1)!.quality < objective.targetQuality);
    const lnRate = lnRateForQuality(model, objective.targetQuality);
    if (!lnRate) return { gain: 0, experiments: 1, resolved };
    const best = incumbent?.lnRate ?? worst.lnRate + Math.LN2;
    const expected = { mean: Math.min(lnRate.mean + slope / 2, lnCeiling), sigma: lnRate.sigma };
    return { gain: resolved ? 0 : expectedImprovement(best, expected.sigma, expected.mean), experiments: 1 + 0.5 * Math.min(1, lnRate.sigma / Math.max(slope, 1e-3) / 2), resolved };
  }
  if (!Number.isFinite(lnCeiling)) return undefined;
  const resolved = byCrf.some((p) => p.lnRate <= lnCeiling && at(p.crf - 1) !== undefined && at(p.crf - 1)!.lnRate > lnCeiling);
  const quality = model.qualityAt(lnCeiling);
  const qualitySlope = Math.max(0, (model.qualityAt(lnCeiling).mean - model.qualityAt(lnCeiling - 0.1).mean) / 0.1);
  const expected = quality.mean - (qualitySlope * slope) / 2;
  const best = incumbent?.quality ?? worst.quality - NO_ANSWER_MARGIN * METRIC_UNIT[standing.metric];
  const crossing = model.lnRateAt(crfForLnRate(model, lnCeiling));
  return { gain: resolved ? 0 : expectedImprovement(expected, quality.sigma, best), experiments: 1 + 0.5 * Math.min(1, crossing.sigma / Math.max(slope, 1e-3) / 2), resolved };
}

/** The (fractional) CRF at which the track's rate curve crosses `lnRate`, by bisection on its monotone model. */
function crfForLnRate(model: TrackModel, lnRate: number): number {
  let [low, high] = [ENCODERS[model.track.encoder].crf.min, ENCODERS[model.track.encoder].crf.max];
  for (let i = 0; i < 30; i++) {
    const mid = (low + high) / 2;
    if (model.lnRateAt(mid).mean > lnRate) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** ln(bitrate) at which the track's quality curve reaches `target`, with its uncertainty; undefined if it never does in the CRF range. */
function lnRateForQuality(model: TrackModel, target: number): Gauss | undefined {
  const { min, max } = ENCODERS[model.track.encoder].crf;
  const top = model.lnRateAt(min).mean;
  const bottom = model.lnRateAt(max).mean;
  if (model.qualityAt(top).mean < target) return undefined;
  let [low, high] = [bottom, top];
  for (let i = 0; i < 30; i++) {
    const mid = (low + high) / 2;
    if (model.qualityAt(mid).mean < target) low = mid;
    else high = mid;
  }
  const lnRate = (low + high) / 2;
  const q = model.qualityAt(lnRate);
  const qualitySlope = Math.max(1e-3, (model.qualityAt(lnRate + 0.05).mean - model.qualityAt(lnRate - 0.05).mean) / 0.1);
  return { mean: lnRate, sigma: q.sigma / qualitySlope };
}
