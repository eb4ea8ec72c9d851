import type { HistoryEntry } from './campaign.schema.ts';
import type { ParetoObjective, QualityMetric } from './objective.schema.ts';
import type { ExperimentResult } from './result.schema.ts';
import { comparableMetric, measuredEntries, meetsObjective, qualityOf } from './scoring.ts';

/** One experiment on the three axes of a Pareto objective: bitrate (lower is better), quality and encode speed (higher). */
export interface ParetoPoint {
  readonly seq: number;
  readonly bitrateMbps: number;
  readonly quality: number;
  readonly encodeFps: number;
}

/** The corner the hypervolume is measured from: the objective's upper bitrate, the metric's floor, 0 fps. */
export interface ParetoReference {
  readonly bitrateMbps: number;
  readonly quality: number;
  readonly encodeFps: number;
}

/**
 * The quality floor of the hypervolume's reference corner, per metric: below these an encode is of
 * no use to anyone (20 dB PSNR, SSIM 0.5, VMAF 0), so every useful point adds volume.
 */
export const PARETO_QUALITY_FLOOR: Readonly<Record<QualityMetric, number>> = { psnr: 20, ssim: 0.5, vmaf: 0 };

export function paretoReference(objective: ParetoObjective, metric: QualityMetric = objective.metric): ParetoReference {
  return { bitrateMbps: objective.maxBitrateMbps, quality: PARETO_QUALITY_FLOOR[metric], encodeFps: 0 };
}

/** `a` dominates `b`: no worse on every axis and better on one. */
export function dominates(a: ParetoPoint, b: ParetoPoint): boolean {
  const noWorse = a.bitrateMbps <= b.bitrateMbps && a.quality >= b.quality && a.encodeFps >= b.encodeFps;
  return noWorse && (a.bitrateMbps < b.bitrateMbps || a.quality > b.quality || a.encodeFps > b.encodeFps);
}

/** The points no other point dominates, by ascending bitrate. */
export function nonDominated(points: readonly ParetoPoint[]): ParetoPoint[] {
  return points.filter((p) => !points.some((q) => dominates(q, p))).sort((a, b) => a.bitrateMbps - b.bitrateMbps || b.quality - a.quality);
}

/**
 * The volume of bitrate x quality x speed that the points dominate inside the reference box, in
 * Mbps x metric unit x fps: slabs between successive bitrates, each the union of the (quality, fps)
 * rectangles of the points at or below that bitrate. Exact, O(n^2 log n).
 */
export function hypervolume(points: readonly ParetoPoint[], reference: ParetoReference): number {
  const inside = points
    .filter((p) => p.bitrateMbps < reference.bitrateMbps && p.quality > reference.quality && p.encodeFps > reference.encodeFps)
    .sort((a, b) => a.bitrateMbps - b.bitrateMbps);
  let volume = 0;
  for (let i = 0; i < inside.length; i++) {
    const from = inside[i]!.bitrateMbps;
    const to = i + 1 < inside.length ? inside[i + 1]!.bitrateMbps : reference.bitrateMbps;
    if (to <= from) continue;
    volume += (to - from) * unionArea(inside.slice(0, i + 1), reference);
  }
  return volume;
}

/** Area of the union of rectangles [floor, quality] x [0, fps]: by descending quality, each adds the speed the higher ones lacked. */
function unionArea(points: readonly ParetoPoint[], reference: ParetoReference): number {
  const byQuality = [...points].sort((a, b) => b.quality - a.quality);
  let area = 0;
  let fastest = reference.encodeFps;
  for (let i = 0; i < byQuality.length; i++) {
    fastest = Math.max(fastest, byQuality[i]!.encodeFps);
    const next = i + 1 < byQuality.length ? byQuality[i + 1]!.quality : reference.quality;
    area += (byQuality[i]!.quality - next) * (fastest - reference.encodeFps);
  }
  return area;
}

function pointOf(seq: number, result: ExperimentResult, metric: QualityMetric): ParetoPoint {
  return { seq, bitrateMbps: result.bitrateBps / 1e6, quality: qualityOf(result, metric).value, encodeFps: result.encodeFps };
}

/** A campaign's Pareto answer: the front of the experiments that meet the objective, and its hypervolume. */
export function paretoFront(history: readonly HistoryEntry[], objective: ParetoObjective): { metric: QualityMetric; front: ParetoPoint[]; hypervolume: number; reference: ParetoReference } {
  const measured = measuredEntries(history);
  const metric = comparableMetric(measured.map((e) => e.result), objective.metric);
  const points = measured.filter((e) => meetsObjective(e, objective)).map((e) => pointOf(e.seq, e.result, metric));
  const front = nonDominated(points);
  const reference = paretoReference(objective, metric);
  return { metric, front, hypervolume: hypervolume(front, reference), reference };
}
