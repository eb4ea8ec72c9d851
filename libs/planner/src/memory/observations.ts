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

  const observed = [...byTrack.values()].map(({ encoder, preset, points: own }) => {
    const same = encoder === reference.encoder && preset === reference.preset;
    const prior = priorOf(encoder, preset, defaults);
    const slope = rateSlopeOf(own);
    const usedSlope = slope ?? prior?.rateSlope.mean;
    const near = nearestBy(own, (p) => Math.abs(p.lnRate - level));
    const gain: Partial<Record<QualityMetric, number>> = {};
    const qualitySlope: Partial<Record<QualityMetric, number>> = {};
    for (const metric of QUALITY_METRICS) {
      // As the default priors define it: the slope of the (up to) 3 points nearest the reference's
      // level, here only of those within MAX_REACH of it (a slope far from it is another part of the curve).
      const nearLevel = [...own].filter((p) => Math.abs(p.lnRate - level) <= MAX_REACH).sort((a, b) => Math.abs(a.lnRate - level) - Math.abs(b.lnRate - level)).slice(0, 3);
      const fitted = qualitySlopeOf(nearLevel, metric);
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
  return observed.map((o) => (o.equivalentCrf !== undefined || o.encoder === reference.encoder ? o : chained(o, observed, byTrack, defaults)));
}

/**
 * A track whose points lie too far from the reference for a CRF placement of its own is placed
 * through a preset of the same encoder that has one, where the two measured the same bitrate
 * (within MAX_REACH): its equivalent CRF is the sibling's, moved by the CRF difference at which both
 * spend that bitrate. The planner places an unmeasured preset from a measured sibling by the
 * difference of their equivalent CRFs, so learning one and not the other would break that difference.
 */
function chained(o: TrackObservation, all: readonly TrackObservation[], byTrack: ReadonlyMap<string, { points: Point[] }>, defaults: PlannerPriors): TrackObservation {
  const own = byTrack.get(`${o.encoder} ${o.preset}`)?.points ?? [];
  const slope = o.rateSlope ?? priorOf(o.encoder, o.preset, defaults)?.rateSlope.mean;
  if (slope === undefined) return o;
  let best: { distance: number; value: number } | undefined;
  for (const sibling of all) {
    if (sibling.encoder !== o.encoder || sibling.equivalentCrf === undefined) continue;
    for (const theirs of byTrack.get(`${sibling.encoder} ${sibling.preset}`)?.points ?? []) {
      for (const mine of own) {
        const distance = Math.abs(mine.lnRate - theirs.lnRate);
        if (distance > MAX_REACH || (best && best.distance <= distance)) continue;
        // This track's CRF at the sibling's point's bitrate, against the sibling's CRF there.
        const crfAtTheirRate = mine.crf + (theirs.lnRate - mine.lnRate) / slope;
        best = { distance, value: sibling.equivalentCrf + (crfAtTheirRate - theirs.crf) };
      }
    }
  }
  return best ? { ...o, equivalentCrf: best.value } : o;
}
