import { QUALITY_METRICS, type EncoderName, type MemoryPoint, type PlannerPriors, type QualityMetric, type SourceMemory } from '@codec-lab/domain';
import { lineFit } from '../normal.ts';
import { priorOf } from '../priors.ts';

/** What one remembered source says about one track, in the terms of a prior (each where its points allow it). */
export interface TrackObservation {
  readonly encoder: EncoderName;
  readonly preset: string;
  readonly equivalentCrf?: number;
  readonly rateSlope?: number;
  readonly logCost?: number;
  readonly gain: Partial<Record<QualityMetric, number>>;
  readonly qualitySlope: Partial<Record<QualityMetric, number>>;
}

/**
 * How far (in ln bitrate, a factor of 2) a comparison with the reference may reach from the
 * reference's own measured points: a point further away is compared with an extrapolation, not a
 * measurement, and says nothing reliable about the track's gain or CRF placement.
 */
export const MAX_REACH = Math.LN2;

/** Fitted slopes outside these bounds come from noise of close points, not the encoder (as the planner's models bound them). */
const RATE_SLOPE_BOUNDS = { min: -Math.LN2 / 3, max: -Math.LN2 / 14 };

type Point = { crf: number; lnRate: number; logSeconds: number; quality: Partial<Record<QualityMetric, number>> };

const toPoint = (p: MemoryPoint): Point => ({
  crf: p.crf,
  lnRate: Math.log(p.bitrateBps),
  logSeconds: Math.log(Math.max(0.01, p.encodeSeconds)),
  quality: { psnr: p.psnr, ssim: p.ssim, ...(p.vmaf !== undefined ? { vmaf: p.vmaf } : {}) },
});

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function rateSlopeOf(points: readonly Point[]): number | undefined {
  const fit = lineFit(points.map((p) => p.crf), points.map((p) => p.lnRate));
  return fit && Math.min(RATE_SLOPE_BOUNDS.max, Math.max(RATE_SLOPE_BOUNDS.min, fit.slope));
}

function qualitySlopeOf(points: readonly Point[], metric: QualityMetric): number | undefined {
  const usable = points.filter((p) => p.quality[metric] !== undefined);
  const fit = lineFit(usable.map((p) => p.lnRate), usable.map((p) => p.quality[metric]!));
  return fit && fit.slope > 0 ? fit.slope : undefined;
}

const nearestBy = (points: readonly Point[], distance: (p: Point) => number) => [...points].sort((a, b) => distance(a) - distance(b))[0]!;

/**
 * What a remembered campaign measured, turned into observations of each track's prior: against the
 * reference track measured on the same source (the baseline every campaign runs), the CRF at which
 * the track spends what the reference spends at the reference CRF, its quality gain at equal bitrate,
 * its slopes where it has two CRFs or more, and its relative encode time. A single point of a track
 * is extended along the default prior's slope, never further than MAX_REACH from what was measured. The points are taken all full-length or all probes
 * (whichever holds more of the reference), so that probe mode's bias cancels in every comparison.
 * A source whose reference was never measured says nothing.
 */
export function observeSource(memory: SourceMemory, defaults: PlannerPriors): TrackObservation[] {
  const { reference } = defaults;
  const isReference = (p: MemoryPoint) => p.encoder === reference.encoder && p.preset === reference.preset;
  const fullRefs = memory.points.filter((p) => isReference(p) && !p.probe).length;
  const probeRefs = memory.points.filter((p) => isReference(p) && p.probe).length;
  const probe = probeRefs > fullRefs;
  const points = memory.points.filter((p) => !!p.probe === probe);
  const byTrack = new Map<string, { encoder: EncoderName; preset: string; points: Point[] }>();
  for (const p of points) {
    const key = `${p.encoder} ${p.preset}`;
    const entry = byTrack.get(key) ?? { encoder: p.encoder, preset: p.preset, points: [] };
    entry.points.push(toPoint(p));
    byTrack.set(key, entry);
  }
  const ref = byTrack.get(`${reference.encoder} ${reference.preset}`)?.points;
  if (!ref?.length) return [];

  const refPrior = priorOf(reference.encoder, reference.preset, defaults);
  const refSlope = rateSlopeOf(ref) ?? refPrior?.rateSlope.mean ?? -Math.LN2 / 6;
  const atRef = nearestBy(ref, (p) => Math.abs(p.crf - reference.crf));
  const level = atRef.lnRate + refSlope * (reference.crf - atRef.crf);
  const refQuality = (metric: QualityMetric, lnRate: number): number | undefined => {
    const usable = ref.filter((p) => p.quality[metric] !== undefined);
    if (usable.length === 0) return undefined;
    const near = nearestBy(usable, (p) => Math.abs(p.lnRate - lnRate));
    if (Math.abs(near.lnRate - lnRate) > MAX_REACH) return undefined;
    const slope = qualitySlopeOf(usable, metric) ?? refPrior?.qualitySlope[metric].mean ?? 0;
    return near.quality[metric]! + slope * (lnRate - near.lnRate);
  };
  const refLogSeconds = mean(ref.map((p) => p.logSeconds));

  return [...byTrack.values()].map(({ encoder, preset, points: own }) => {
    const same = encoder === reference.encoder && preset === reference.preset;
    const prior = priorOf(encoder, preset, defaults);
    const slope = rateSlopeOf(own);
    const usedSlope = slope ?? prior?.rateSlope.mean;
    const near = nearestBy(own, (p) => Math.abs(p.lnRate - level));
    const gain: Partial<Record<QualityMetric, number>> = {};
    const qualitySlope: Partial<Record<QualityMetric, number>> = {};
    for (const metric of QUALITY_METRICS) {
      const fitted = qualitySlopeOf(own, metric);
      if (fitted !== undefined) qualitySlope[metric] = fitted;
      if (same) continue;
      const gains = own.flatMap((p) => {
        const theirs = refQuality(metric, p.lnRate);
        return p.quality[metric] !== undefined && theirs !== undefined ? [p.quality[metric]! - theirs] : [];
      });
      if (gains.length > 0) gain[metric] = mean(gains);
    }
    return {
      encoder,
      preset,
      ...(slope !== undefined ? { rateSlope: slope } : {}),
      ...(!same && usedSlope !== undefined && Math.abs(level - near.lnRate) <= MAX_REACH && Math.abs(level - atRef.lnRate) <= MAX_REACH ? { equivalentCrf: near.crf + (level - near.lnRate) / usedSlope } : {}),
      ...(!same ? { logCost: mean(own.map((p) => p.logSeconds)) - refLogSeconds } : {}),
      gain,
      qualitySlope,
    };
  });
}
