import { bestEntry, meetsObjective } from './scoring.ts';
import { describeConfig } from './config.schema.ts';
import { toHistoryEntry, type Arm, type Campaign, type Experiment } from './campaign.schema.ts';

/**
 * The experiments that count for an arm. The baseline is stored once, in the analyst arm, but
 * both arms are measured against it, so it counts for both.
 */
export function armExperiments(experiments: readonly Experiment[], arm: Arm): Experiment[] {
  return experiments.filter((e) => e.arm === arm || (arm === 'random' && e.proposal.origin === 'baseline'));
}

function bestOf(campaign: Campaign, experiments: readonly Experiment[]) {
  const best = bestEntry(experiments.map(toHistoryEntry), campaign.objective);
  return best?.result
    ? { seq: best.seq, bitrateBps: best.result.bitrateBps, psnr: best.result.psnr.avg, ssim: best.result.ssim.all, label: describeConfig(best.config) }
    : undefined;
}

function armSummary(campaign: Campaign, experiments: readonly Experiment[]) {
  const onTarget = experiments.find((e) => e.status === 'succeeded' && e.result && meetsObjective(e.result, campaign.objective));
  return { experiments: experiments.length, best: bestOf(campaign, experiments), firstMeetingObjective: onTarget?.seq };
}

/**
 * A campaign at a glance, the same for every API that shows it: experiment counts, the analyst
 * arm's best result, and, where a control arm ran, each arm's size, best and the first experiment
 * that met the objective.
 */
export function summariseCampaign(campaign: Campaign, experiments: readonly Experiment[]) {
  const count = (status: Experiment['status']) => experiments.filter((e) => e.status === status).length;
  const analyst = armExperiments(experiments, 'analyst');
  return {
    experiments: { total: experiments.length, succeeded: count('succeeded'), failed: count('failed'), pending: count('queued') + count('running') },
    best: bestOf(campaign, analyst),
    arms: campaign.controlArm ? { analyst: armSummary(campaign, analyst), random: armSummary(campaign, armExperiments(experiments, 'random')) } : undefined,
  };
}
