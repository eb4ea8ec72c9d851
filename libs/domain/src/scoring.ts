import type { HistoryEntry } from './campaign.schema.ts';
import { TARGET_TOLERANCE, type Objective, type QualityMetric } from './objective.schema.ts';
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

/** Signed distance from the target bitrate as a fraction: +0.10 is 10% over. */
export function targetError(result: ExperimentResult, objective: Objective): number {
  const target = objective.targetBitrateMbps * 1e6;
  return (result.bitrateBps - target) / target;
}

/** At or under the target plus the tolerance, and at least the minimum quality if one is set. */
export function meetsObjective(result: ExperimentResult, objective: Objective): boolean {
  if (targetError(result, objective) > TARGET_TOLERANCE) return false;
  if (objective.minQuality === undefined) return true;
  return qualityOf(result, objective.metric).value >= objective.minQuality;
}

type Measured = HistoryEntry & { result: ExperimentResult };

function measuredEntries(history: readonly HistoryEntry[]): Measured[] {
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

/** Among the experiments that meet the objective, the one of highest quality; none if none does. */
export function bestMeetingEntry(history: readonly HistoryEntry[], objective: Objective): Measured | undefined {
  const measured = measuredEntries(history);
  const metric = comparableMetric(measured.map((e) => e.result), objective.metric);
  return measured
    .filter((e) => meetsObjective(e.result, objective))
    .reduce<Measured | undefined>((best, e) => (!best || qualityOf(e.result, metric).value > qualityOf(best.result, metric).value ? e : best), undefined);
}

/** The measured experiment whose bitrate is closest to the target, whether or not it meets it. */
export function closestEntry(history: readonly HistoryEntry[], objective: Objective): Measured | undefined {
  return measuredEntries(history).reduce<Measured | undefined>(
    (best, e) => (!best || Math.abs(targetError(e.result, objective)) < Math.abs(targetError(best.result, objective)) ? e : best),
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
