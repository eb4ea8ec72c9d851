import { summariseCampaign, type Campaign, type Experiment } from '@codec-lab/domain';
import type { z } from 'zod';
import type { LiveProgress } from '../campaigns/campaign.scheduler.ts';
import type { CampaignStandingSchema } from './responses.ts';

/** `GET /v1/campaigns/:id`: the stored campaign, the shared summary under `summary`, and live progress. */
export function summarise(campaign: Campaign, experiments: Experiment[], progress: LiveProgress | undefined): z.infer<typeof CampaignStandingSchema> {
  return { ...campaign, summary: summariseCampaign(campaign, experiments), ...(progress ? { progress } : {}) };
}
