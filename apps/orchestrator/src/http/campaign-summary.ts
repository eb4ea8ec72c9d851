import { summariseCampaign, type Campaign, type Experiment } from '@codec-lab/domain';
import type { LiveProgress } from '../campaigns/campaign.scheduler.ts';

/** What `GET /v1/campaigns/:id` adds to the stored campaign: the shared summary and live progress. */
export function summarise(campaign: Campaign, experiments: Experiment[], progress: LiveProgress | undefined) {
  return { ...campaign, ...summariseCampaign(campaign, experiments), progress };
}
