import { z } from 'zod';
import { CampaignSchema, CampaignWithSummarySchema, ExperimentSchema } from '@codec-lab/domain';

// What the REST API answers, built from the domain schemas. The serializer checks every answer
// against these (strict objects: a field the schema does not name is an error, not dropped), so
// an answer that drifts from its documented shape fails loudly.

/** The experiment being encoded or measured, while the campaign runs on this orchestrator (the scheduler's LiveProgress). */
export const LiveProgressSchema = z.strictObject({
  seq: z.int().positive(),
  phase: z.string().describe('encode or measure'),
  percent: z.number(),
  fps: z.number(),
});

/** `GET /v1/campaigns/:id`: the stored campaign, its summary (the same shape dashboard-api serves), and live progress while it runs here. */
export const CampaignStandingSchema = CampaignWithSummarySchema.extend({ progress: LiveProgressSchema.optional() });

export const CampaignPageSchema = z.strictObject({
  items: z.array(CampaignSchema),
  nextCursor: z.string().optional().describe('Pass as `cursor` for the next page; absent on the last'),
});

export const ExperimentListSchema = z.strictObject({ items: z.array(ExperimentSchema) });

/** `GET /v1/campaigns/:id/events` answers a stream, not JSON. */
export const EventStreamResponse = {
  description: 'Server-sent events: campaign, experiment-queued, experiment-started, progress, experiment-finished, analysis, campaign-finished',
  content: { 'text/event-stream': { schema: z.string() } },
};
