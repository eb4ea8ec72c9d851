import {
  bestEntry,
  describeConfig,
  DomainError,
  meetsObjective,
  qualityOf,
  signedPercent,
  targetError,
  type Analysis,
  type CampaignContext,
  type ExperimentResult,
  type HistoryEntry,
} from '@codec-lab/domain';
import { planNext } from './planner.ts';

const mbps = (bps: number) => `${(bps / 1e6).toFixed(3)} Mbps`;
const db = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(2)} dB`;

function measured(entry: HistoryEntry | undefined): (HistoryEntry & { result: ExperimentResult }) | undefined {
  return entry?.status === 'succeeded' && entry.result ? (entry as HistoryEntry & { result: ExperimentResult }) : undefined;
}

function versus(label: string, entry: HistoryEntry & { result: ExperimentResult }, result: ExperimentResult): string {
  const rate = (result.bitrateBps - entry.result.bitrateBps) / entry.result.bitrateBps;
  return `${signedPercent(rate)} bitrate at ${db(result.psnr.avg - entry.result.psnr.avg)} PSNR vs ${label} (experiment ${entry.seq}, ${describeConfig(entry.config)})`;
}

/** What changed between two configs, in words. */
function configChange(from: HistoryEntry, to: HistoryEntry): string {
  const parts: string[] = [];
  if (from.config.encoder !== to.config.encoder) parts.push(`encoder ${from.config.encoder} -> ${to.config.encoder}`);
  if (from.config.preset !== to.config.preset) parts.push(`preset ${from.config.preset} -> ${to.config.preset}`);
  const a = from.config.rateControl;
  const b = to.config.rateControl;
  if (a.mode === 'crf' && b.mode === 'crf' && a.crf !== b.crf) parts.push(`CRF ${a.crf} -> ${b.crf} (${b.crf > a.crf ? 'coarser' : 'finer'} quantisation)`);
  else if (a.mode !== b.mode) parts.push(`rate control ${a.mode} -> ${b.mode}`);
  return parts.length ? parts.join(', ') : 'no change in the rate-relevant settings';
}

/**
 * The planner's analysis of one experiment. Every sentence is built from measured numbers in the
 * history; the next step is the planner's own next proposal.
 */
export function analyseExperiment(context: CampaignContext, seq: number): Analysis {
  const entry = context.history.find((e) => e.seq === seq);
  if (!entry) throw new DomainError('invalid', 'ERR_UNKNOWN_EXPERIMENT', `experiment ${seq} is not in the history sent`);
  const remaining = context.maxExperiments - context.history.length;
  const next = remaining > 0 ? planNext(context) : undefined;
  const nextStep =
    next === undefined
      ? `Budget spent (${context.history.length} of ${context.maxExperiments} experiments); no further experiment.`
      : next.kind === 'stop'
        ? `Stop: ${next.reason}.`
        : `Next: ${describeConfig(next.proposal.config)}. ${next.proposal.hypothesis} Why: ${next.proposal.rationale}`;

  const result = measured(entry)?.result;
  if (!result) {
    const failure = entry.failure ?? { code: 'ERR_UNKNOWN', message: 'no result was recorded' };
    return {
      summary: `Experiment ${seq} (${describeConfig(entry.config)}) produced no measurement: ${failure.message}`,
      rootCause: `${failure.code}: ${failure.message}`,
      insights: ['A failed experiment is not evidence about rate or quality; the planner does not fit on it.'],
      nextStep,
      origin: 'planner',
    };
  }

  const { objective } = context;
  const quality = qualityOf(result, objective.metric);
  const error = targetError(result, objective);
  const summary = [
    `Experiment ${seq} (${describeConfig(entry.config)}) measured ${mbps(result.bitrateBps)} (${signedPercent(error)} vs the ${objective.targetBitrateMbps.toFixed(3)} Mbps target)`,
    `PSNR ${result.psnr.avg.toFixed(2)} dB (Y ${result.psnr.y.toFixed(2)} dB), SSIM ${result.ssim.all.toFixed(4)}`,
    `${meetsObjective(result, objective) ? 'meets' : 'misses'} the objective.`,
  ].join(', ');

  const baseline = measured(context.history[0]);
  const previous = measured([...context.history].reverse().find((e) => e.seq < seq && e.status === 'succeeded'));
  const best = measured(bestEntry(context.history, objective));
  const insights: string[] = [];
  if (baseline && baseline.seq !== seq) insights.push(`${versus('baseline', baseline, result)}.`);
  if (best && best.seq !== seq) insights.push(`${versus('best so far', best, result)}.`);
  if (best && best.seq === seq) insights.push(`This is the best experiment so far (${quality.metric} ${quality.value.toFixed(quality.metric === 'ssim' ? 4 : 2)}).`);
  insights.push(`Encoded at ${result.encodeFps.toFixed(1)} fps; ${result.frames} of ${result.sourceFrames} source frames measured.`);
  if (objective.metric === 'vmaf' && !result.vmaf.available) insights.push(`VMAF not available (${result.vmaf.reason}); PSNR used instead.`);

  const rootCause = previous
    ? `Against experiment ${previous.seq}: ${configChange(previous, entry)}; bitrate ${signedPercent((result.bitrateBps - previous.result.bitrateBps) / previous.result.bitrateBps)}, PSNR ${db(result.psnr.avg - previous.result.psnr.avg)}.`
    : 'First measured experiment of the campaign; it sets the reference point.';

  return { summary, rootCause, insights, nextStep, origin: 'planner' };
}
