import type { HistoryEntry } from './campaign.schema.ts';
import type { ExperimentConfig } from './config.schema.ts';
import { bitrateCeilingBps, METRIC_SCALE, type Constraints, type Objective, type QualityMetric } from './objective.schema.ts';
import type { ExperimentResult } from './result.schema.ts';

/**
 * The quality of a result in the objective's metric. VMAF where it was not measured falls back to
 * PSNR, and says so through `metric`, so nothing unmeasured is ever shown as VMAF.
 */
export function qualityOf(result: ExperimentResult, wanted: QualityMetric): { metric: QualityMetric; value: number } {
  if (wanted === 'ssim') return { metric: 'ssim', value: result.ssim.all };
  if (wanted === 'vmaf' && result.vmaf.available) return { metric: 'vmaf', value: result.vmaf.mean };
  return { metric: 'psnr', value: result.psnr.avg };
}

/** A measured experiment: what was run and what it measured. */
export interface Scored {
  readonly config: ExperimentConfig;
  readonly result: ExperimentResult;
}

/**
 * Where a result stands against the objective's target: for a bitrate budget (and Pareto's upper
 * end) the signed fraction over it (+0.10 is 10% over); for a quality target the measured quality
 * minus the target, in the metric's unit (+0.4 VMAF is 0.4 above it).
 */
export type TargetDistance = { readonly kind: 'bitrate'; readonly fraction: number } | { readonly kind: 'quality'; readonly delta: number; readonly metric: QualityMetric };

export function targetDistance(result: ExperimentResult, objective: Objective): TargetDistance {
  if (objective.kind === 'bitrate-at-quality') {
    const quality = qualityOf(result, objective.metric);
    return { kind: 'quality', delta: quality.value - objective.targetQuality, metric: quality.metric };
  }
  const target = (objective.kind === 'pareto' ? objective.maxBitrateMbps : objective.targetBitrateMbps) * 1e6;
  return { kind: 'bitrate', fraction: (result.bitrateBps - target) / target };
}

/** `+3.2% vs the 0.500 Mbps budget`, `-0.41 VMAF vs the 93 target`. */
export function describeTargetDistance(result: ExperimentResult, objective: Objective): string {
  const distance = targetDistance(result, objective);
  if (distance.kind === 'bitrate') {
    const name = objective.kind === 'pareto' ? 'upper end' : 'budget';
    const target = objective.kind === 'pareto' ? objective.maxBitrateMbps : objective.kind === 'quality-at-bitrate' ? objective.targetBitrateMbps : 0;
    return `${signedPercent(distance.fraction)} vs the ${target.toFixed(3)} Mbps ${name}`;
  }
  const sign = distance.delta > 0 ? '+' : '';
  const target = objective.kind === 'bitrate-at-quality' ? objective.targetQuality : 0;
  return `${sign}${formatQuality(distance.delta, distance.metric)} ${distance.metric.toUpperCase()} vs the ${target} target`;
}

/** A quality in its metric's usual precision: PSNR and VMAF to 2 decimals, SSIM to 4. */
export function formatQuality(value: number, metric: QualityMetric): string {
  return value.toFixed(METRIC_SCALE[metric].max === 1 ? 4 : 2);
}

/** Source frames per second of encode time over the source's own frame rate: 2 is twice real time. */
export function realtimeFactor(result: ExperimentResult): number {
  const playFps = result.frames / result.durationSeconds;
  return playFps > 0 ? result.encodeFps / playFps : 0;
}

/** Why an experiment breaks a constraint, one reason per constraint broken. */
export function constraintViolations(entry: Scored, constraints: Constraints | undefined): string[] {
  if (!constraints) return [];
  const { config, result } = entry;
  const reasons: string[] = [];
  if (config.strategy === 'parameter_storage') {
    // Not an encoder: a campaign that names its encoders has not asked for it. It renders 8-bit 4:2:0.
    if (constraints.encoders) reasons.push('parameter_storage is not one of the allowed encoders');
    if (constraints.pixelFormat && constraints.pixelFormat !== 'yuv420p') reasons.push(`parameter_storage renders yuv420p, not ${constraints.pixelFormat}`);
  } else {
    if (constraints.encoders && !constraints.encoders.includes(config.encoder)) reasons.push(`${config.encoder} is not an allowed encoder`);
    if (constraints.pixelFormat && config.pixelFormat !== constraints.pixelFormat) reasons.push(`pixel format ${config.pixelFormat} is not ${constraints.pixelFormat}`);
  }
  if (constraints.maxSizeBytes !== undefined && result.bytes > constraints.maxSizeBytes) reasons.push(`${result.bytes} bytes exceed the ${constraints.maxSizeBytes}-byte limit`);
  if (constraints.minEncodeFps !== undefined && result.encodeFps < constraints.minEncodeFps) {
    reasons.push(`encoded at ${result.encodeFps.toFixed(1)} fps, under the ${constraints.minEncodeFps} fps minimum`);
  }
  if (constraints.minRealtime !== undefined && realtimeFactor(result) < constraints.minRealtime) {
    reasons.push(`encoded at ${realtimeFactor(result).toFixed(2)}x real time, under the ${constraints.minRealtime}x minimum`);
  }
  return reasons;
}

/**
 * Why an experiment does not meet the objective; empty when it does. A budget: at or under it
 * (plus its tolerance) and at least its minimum quality. A quality target: measured to reach it on
 * a full encode (a probe's quality is an estimate of the whole). Pareto: under its upper end.
 * Every kind: the constraints.
 */
export function objectiveViolations(entry: Scored, objective: Objective): string[] {
  const { result } = entry;
  const reasons = constraintViolations(entry, objective.constraints);
  const ceiling = bitrateCeilingBps(objective);
  if (ceiling !== undefined && result.bitrateBps > ceiling) reasons.push(`${describeTargetDistance(result, objective)}${objective.kind === 'quality-at-bitrate' && objective.tolerance > 0 ? ` (tolerance ${signedPercent(objective.tolerance)})` : ''}`);
  const quality = qualityOf(result, objective.metric);
  if (objective.kind === 'quality-at-bitrate' && objective.minQuality !== undefined) {
    if (quality.metric !== objective.metric) reasons.push(`${objective.metric.toUpperCase()} was not measured, so its minimum ${objective.minQuality} cannot be checked`);
    else if (quality.value < objective.minQuality) reasons.push(`${quality.metric.toUpperCase()} ${formatQuality(quality.value, quality.metric)} is under the minimum ${objective.minQuality}`);
  }
  if (objective.kind === 'bitrate-at-quality') {
    if (quality.metric !== objective.metric) reasons.push(`${objective.metric.toUpperCase()} was not measured`);
    else if (quality.value < objective.targetQuality) reasons.push(`${quality.metric.toUpperCase()} ${formatQuality(quality.value, quality.metric)} is under the ${objective.targetQuality} target`);
    if (result.mode !== 'full') reasons.push('a probe of segments, not a full encode');
  }
  return reasons;
}

export function meetsObjective(entry: Scored, objective: Objective): boolean {
  return objectiveViolations(entry, objective).length === 0;
}

type Measured = HistoryEntry & { result: ExperimentResult };

export function measuredEntries(history: readonly HistoryEntry[]): Measured[] {
  return history.filter((e): e is Measured => e.status === 'succeeded' && !!e.result);
}

/**
 * The metric a set of results is ranked in: the wanted one, but VMAF only when every result has
 * it; mixing VMAF for some with the PSNR fallback for others would rank incomparable numbers.
 */
export function comparableMetric(results: readonly ExperimentResult[], wanted: QualityMetric): QualityMetric {
  if (wanted !== 'vmaf') return wanted;
  return results.every((r) => r.vmaf.available) ? 'vmaf' : 'psnr';
}

/**
 * Whether `a` is a better answer than `b` (both meeting the objective): the smaller bitrate for a
 * quality target (the higher quality on a tie), the higher quality otherwise (the smaller bitrate
 * on a tie). Pareto's single "best" is its highest quality; its answer is the whole front.
 */
export function betterAnswer(a: ExperimentResult, b: ExperimentResult, objective: Objective, metric: QualityMetric = objective.metric): boolean {
  const qa = qualityOf(a, metric).value;
  const qb = qualityOf(b, metric).value;
  if (objective.kind === 'bitrate-at-quality') return a.bitrateBps < b.bitrateBps || (a.bitrateBps === b.bitrateBps && qa > qb);
  return qa > qb || (qa === qb && a.bitrateBps < b.bitrateBps);
}

/** Among the experiments that meet the objective, the best answer; none if none does. */
export function bestMeetingEntry(history: readonly HistoryEntry[], objective: Objective): Measured | undefined {
  const measured = measuredEntries(history);
  const metric = comparableMetric(measured.map((e) => e.result), objective.metric);
  return measured
    .filter((e) => meetsObjective(e, objective))
    .reduce<Measured | undefined>((best, e) => (!best || betterAnswer(e.result, best.result, objective, metric) ? e : best), undefined);
}

/** How far from the target, as one comparable number (0 is on it): the fraction off a bitrate, or the quality units off a quality target. */
export function distanceSize(result: ExperimentResult, objective: Objective): number {
  const distance = targetDistance(result, objective);
  return distance.kind === 'bitrate' ? Math.abs(distance.fraction) : Math.abs(distance.delta);
}

/** The measured experiment nearest the target (bitrate, or quality for a quality target), whether or not it meets the objective. */
export function closestEntry(history: readonly HistoryEntry[], objective: Objective): Measured | undefined {
  return measuredEntries(history).reduce<Measured | undefined>(
    (best, e) => (!best || distanceSize(e.result, objective) < distanceSize(best.result, objective) ? e : best),
    undefined,
  );
}

/**
 * Where a search stands, for steering it: the best experiment that meets the objective, or, while
 * none does, the one closest to the target. Never shown to a person as "the best": reports use
 * bestMeetingEntry and say "none met the objective" beside the closest.
 */
export function bestEntry(history: readonly HistoryEntry[], objective: Objective): HistoryEntry | undefined {
  return bestMeetingEntry(history, objective) ?? closestEntry(history, objective);
}

/** "-38.2%" style signed percentage. */
export function signedPercent(fraction: number, digits = 1): string {
  const value = (fraction * 100).toFixed(digits);
  return fraction > 0 ? `+${value}%` : `${value}%`;
}
