import { paretoFront } from './pareto.ts';
import { bestMeetingEntry, closestEntry, meetsObjective, qualityOf } from './scoring.ts';
import { describeConfig } from './config.schema.ts';
import { toHistoryEntry, type Arm, type Campaign, type Experiment, type HistoryEntry } from './campaign.schema.ts';
import type { ExperimentResult, VmafModel } from './result.schema.ts';

/**
 * The experiments that count for an arm. The baseline is stored once, in the analyst arm, but
 * both arms are measured against it, so it counts for both.
 */
export function armExperiments(experiments: readonly Experiment[], arm: Arm): Experiment[] {
  return experiments.filter((e) => e.arm === arm || (arm === 'random' && e.proposal.origin === 'baseline'));
}

/** One experiment as a summary names it. */
export interface SummaryEntry {
  readonly seq: number;
  readonly bitrateBps: number;
  readonly psnr: number;
  readonly ssim: number;
  /** The mean VMAF and its model, where VMAF was measured. */
  readonly vmaf?: { readonly mean: number; readonly model: VmafModel };
  readonly label: string;
}

function entry(e: (HistoryEntry & { result: ExperimentResult }) | undefined): SummaryEntry | undefined {
  if (!e) return undefined;
  const { vmaf } = e.result;
  return {
    seq: e.seq,
    bitrateBps: e.result.bitrateBps,
    psnr: e.result.psnr.avg,
    ssim: e.result.ssim.all,
    ...(vmaf.available ? { vmaf: { mean: vmaf.mean, model: vmaf.model } } : {}),
    label: describeConfig(e.config),
  };
}

/**
 * The best experiment is the best that meets the objective. Where none does, there is no best:
 * `metObjective` is false and `closest` names the experiment nearest the target bitrate instead.
 * `metObjective` is absent while nothing has been measured.
 */
function standing(campaign: Campaign, experiments: readonly Experiment[]) {
  // A probe is an estimate of the whole: never the best, nor the closest, of an answer.
  const history = experiments.filter((e) => !e.probe).map(toHistoryEntry);
  const best = entry(bestMeetingEntry(history, campaign.objective));
  if (best) return { metObjective: true, best };
  const closest = entry(closestEntry(history, campaign.objective));
  return closest ? { metObjective: false, closest } : {};
}

/** A Pareto campaign's front (by ascending bitrate) and its hypervolume; nothing for other objectives. */
function front(campaign: Campaign, experiments: readonly Experiment[]) {
  if (campaign.objective.kind !== 'pareto') return {};
  return { pareto: paretoFront(experiments.map(toHistoryEntry), campaign.objective) };
}

function armSummary(campaign: Campaign, experiments: readonly Experiment[]) {
  const onTarget = experiments.find((e) => e.status === 'succeeded' && e.result && meetsObjective({ config: e.config, result: e.result }, campaign.objective));
  return { experiments: experiments.length, ...standing(campaign, experiments), firstMeetingObjective: onTarget?.seq };
}

/**
 * A campaign at a glance, the same for every API that shows it: experiment counts, the analyst
 * arm's best result that meets the objective (or, where none does, the closest, said as such), and,
 * where a control arm ran, the same per arm with the first experiment that met the objective.
 */
/** A sampled campaign's probes and final encodes, each final beside the prediction its probe made. */
function sampled(campaign: Campaign, analyst: readonly Experiment[]) {
  const { sampling } = campaign;
  if (!sampling) return {};
  const seconds = (xs: readonly Experiment[]) => xs.reduce((a, e) => a + (e.result?.encodeSeconds ?? 0), 0);
  const probes = analyst.filter((e) => e.probe);
  const finals = analyst
    .filter((e) => e.proposal.origin === 'final')
    .map((e) => {
      const predicted = e.proposal.prediction;
      const metric = predicted?.quality.metric ?? campaign.objective.metric;
      const measured = e.status === 'succeeded' && e.result ? { bitrateBps: e.result.bitrateBps, quality: qualityOf(e.result, metric).value } : undefined;
      const probe = probes.findLast((p) => p.configHash === e.configHash);
      return {
        seq: e.seq,
        ...(probe ? { probeSeq: probe.seq } : {}),
        label: describeConfig(e.config),
        metric,
        ...(predicted ? { predicted: { bitrateBps: predicted.bitrateBps, quality: predicted.quality.value } } : {}),
        ...(measured ? { measured } : {}),
        ...(predicted && measured ? { bitrateError: measured.bitrateBps / predicted.bitrateBps - 1, qualityError: measured.quality - predicted.quality.value } : {}),
      };
    });
  const full = analyst.filter((e) => !e.probe);
  return {
    sampled: {
      segments: sampling.segments,
      segmentSeconds: sampling.segmentSeconds,
      starts: sampling.starts,
      probes: probes.map((e) => e.seq),
      probeEncodeSeconds: seconds(probes),
      fullEncodeSeconds: seconds(full),
      finals,
    },
  };
}

export function summariseCampaign(campaign: Campaign, experiments: readonly Experiment[]) {
  const count = (status: Experiment['status']) => experiments.filter((e) => e.status === status).length;
  const analyst = armExperiments(experiments, 'analyst');
  return {
    experiments: { total: experiments.length, succeeded: count('succeeded'), failed: count('failed'), pending: count('queued') + count('running') },
    ...standing(campaign, analyst),
    ...front(campaign, analyst),
    ...sampled(campaign, analyst),
    arms: campaign.controlArm ? { analyst: armSummary(campaign, analyst), random: armSummary(campaign, armExperiments(experiments, 'random')) } : undefined,
  };
}
