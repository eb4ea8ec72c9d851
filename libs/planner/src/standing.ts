import {
  bestMeetingEntry,
  bitrateCeilingBps,
  measuredEntries,
  paretoFront,
  qualityOf,
  type CampaignContext,
  type QualityMetric,
} from '@codec-lab/domain';
import type { Standing } from './acquisition.ts';

/** Where the campaign stands against its objective, in the units the planner values candidates in. */
export function standingOf(context: CampaignContext, metric: QualityMetric): Standing {
  const { objective } = context;
  const measured = measuredEntries(context.history);
  const first = measured[0]?.result;
  const frames = first?.frames ?? 1;
  const duration = first?.durationSeconds ?? 1;
  const ceilings = [bitrateCeilingBps(objective), objective.constraints?.maxSizeBytes !== undefined ? (objective.constraints.maxSizeBytes * 8) / duration : undefined];
  const ceiling = Math.min(...ceilings.filter((c): c is number => c !== undefined));
  const best = bestMeetingEntry(context.history, objective);
  const qualities = measured.map((e) => qualityOf(e.result, metric).value);
  const rates = measured.map((e) => Math.log(e.result.bitrateBps));
  const { constraints } = objective;
  const playFps = first ? first.frames / first.durationSeconds : 0;
  const minFps = Math.max(constraints?.minEncodeFps ?? 0, (constraints?.minRealtime ?? 0) * playFps);
  const pareto = objective.kind === 'pareto' ? paretoFront(context.history, objective) : undefined;
  return {
    objective,
    metric,
    lnCeiling: Number.isFinite(ceiling) ? Math.log(ceiling) : Infinity,
    incumbent: best?.result ? { quality: qualityOf(best.result, metric).value, lnRate: Math.log(best.result.bitrateBps) } : undefined,
    worst: { quality: Math.min(...qualities, Infinity), lnRate: Math.max(...rates, -Infinity) },
    front: pareto?.front ?? [],
    reference: pareto?.reference,
    frames,
    lnSecondsLimit: minFps > 0 ? Math.log(frames / minFps) : undefined,
  };
}
