import { toHistoryEntry, type Campaign, type CampaignContext, type Experiment, type RunnerOffer } from '@codec-lab/domain';

/**
 * Everything the analyst is told about a campaign: its source and objective, the history it may
 * see (oldest first; for the analyst arm, never the control arm's), the runners' offer as they
 * reported it, and what the lab knew when the campaign started.
 */
export function analystContext(campaign: Campaign, history: readonly Experiment[], offer: RunnerOffer): CampaignContext {
  return {
    campaignId: campaign.id,
    source: campaign.source,
    objective: campaign.objective,
    maxExperiments: campaign.maxExperiments,
    history: history.map(toHistoryEntry),
    analyst: campaign.analyst,
    offer,
    vmaf: campaign.vmaf,
    ...(campaign.knowledge ? { knowledge: campaign.knowledge } : {}),
  };
}
