import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { bestEntry, toHistoryEntry, type Experiment } from '@codec-lab/domain';
import type { ReadStore } from '@codec-lab/store';

const ListQuery = z.strictObject({
  campaignId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { message: 'not a campaign id' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2048).optional(),
});
const IdParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { message: 'not a campaign id' }) });

/** Read-only routes: everything here is a Query or a GetItem through the read store. */
export function registerReadRoutes(app: FastifyInstance, store: ReadStore): void {
  app.get('/v1/experiments', async (request) => {
    const query = ListQuery.parse(request.query);
    return store.experiments.listRecent(query);
  });

  app.get('/v1/campaigns', async (request) => {
    const query = ListQuery.omit({ campaignId: true }).parse(request.query);
    return store.campaigns.list(Math.min(query.limit, 100), query.cursor);
  });

  app.get('/v1/campaigns/:id', async (request) => store.campaigns.get(IdParams.parse(request.params).id));

  app.get('/v1/campaigns/:id/trend', async (request) => {
    const { id } = IdParams.parse(request.params);
    const [campaign, experiments] = await Promise.all([store.campaigns.get(id), store.experiments.listByCampaign(id)]);
    return { campaignId: id, targetBitrateBps: campaign.objective.targetBitrateMbps * 1e6, metric: campaign.objective.metric, points: trend(experiments, campaign.objective) };
  });
}

/**
 * Bitrate and quality per experiment in order, with the best experiment so far at each point, per
 * arm where a control arm ran (the shared baseline counts for both arms).
 */
function trend(experiments: Experiment[], objective: Parameters<typeof bestEntry>[1]) {
  return experiments.map((experiment) => {
    const sameArm = experiments.filter((e) => e.seq <= experiment.seq && (e.arm === experiment.arm || e.proposal.origin === 'baseline'));
    const best = bestEntry(sameArm.map(toHistoryEntry), objective);
    return {
      seq: experiment.seq,
      arm: experiment.arm,
      status: experiment.status,
      origin: experiment.proposal.origin,
      encoder: experiment.config.encoder,
      bitrateBps: experiment.result?.bitrateBps ?? null,
      psnr: experiment.result?.psnr.avg ?? null,
      ssim: experiment.result?.ssim.all ?? null,
      bestSeq: best?.seq ?? null,
      bestBitrateBps: best?.result?.bitrateBps ?? null,
    };
  });
}
