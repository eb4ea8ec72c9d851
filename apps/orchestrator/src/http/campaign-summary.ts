import { bestEntry, meetsObjective, toHistoryEntry, type Campaign, type Experiment } from '@codec-lab/domain';
import type { LiveProgress } from '../campaigns/campaign.scheduler.ts';

function bestOf(campaign: Campaign, experiments: Experiment[]) {
  const best = bestEntry(experiments.map(toHistoryEntry), campaign.objective);
  return best?.result
    ? { seq: best.seq, config: best.config, bitrateBps: best.result.bitrateBps, psnr: best.result.psnr.avg, ssim: best.result.ssim.all }
    : undefined;
}

/** Per arm: experiments (the baseline counts for both), the best, and when the objective was first met. */
function armSummary(campaign: Campaign, experiments: Experiment[]) {
  const onTarget = experiments.find((e) => e.result && meetsObjective(e.result, campaign.objective));
  return { experiments: experiments.length, best: bestOf(campaign, experiments), firstMeetingObjective: onTarget?.seq };
}

/** What `GET /v1/campaigns/:id` adds to the stored campaign: counts, the best result, arms, live progress. */
export function summarise(campaign: Campaign, experiments: Experiment[], progress: LiveProgress | undefined) {
  const count = (status: Experiment['status']) => experiments.filter((e) => e.status === status).length;
  const baseline = experiments.filter((e) => e.proposal.origin === 'baseline');
  return {
    ...campaign,
    experiments: { total: experiments.length, succeeded: count('succeeded'), failed: count('failed'), pending: count('queued') + count('running') },
    best: bestOf(campaign, experiments.filter((e) => e.arm === 'analyst')),
    arms: campaign.controlArm
      ? {
          analyst: armSummary(campaign, experiments.filter((e) => e.arm === 'analyst')),
          random: armSummary(campaign, [...baseline, ...experiments.filter((e) => e.arm === 'random')]),
        }
      : undefined,
    progress,
  };
}
