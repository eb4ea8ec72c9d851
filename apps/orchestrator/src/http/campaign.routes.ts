import { randomInt, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { bestEntry, CreateCampaignSchema, DomainError, meetsObjective, toHistoryEntry, type Campaign, type Experiment } from '@codec-lab/domain';
import type { Store } from '@codec-lab/store';
import type { CampaignScheduler } from '../campaigns/campaign.scheduler.ts';

const IdParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { message: 'not a campaign id' }) });
const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});

function bestOf(campaign: Campaign, experiments: Experiment[]) {
  const best = bestEntry(experiments.map(toHistoryEntry), campaign.objective);
  return best?.result
    ? { seq: best.seq, config: best.config, bitrateBps: best.result.bitrateBps, psnr: best.result.psnr.avg, ssim: best.result.ssim.all }
    : undefined;
}

/** Per arm: experiments (the baseline counts for both), the best, and when the target was first met. */
function armSummary(campaign: Campaign, experiments: Experiment[]) {
  const onTarget = experiments.find((e) => e.result && meetsObjective(e.result, campaign.objective));
  return { experiments: experiments.length, best: bestOf(campaign, experiments), firstMeetingObjective: onTarget?.seq };
}

/** What `GET /v1/campaigns/:id` adds to the stored campaign: counts, the best result, arms, live progress. */
function summarise(campaign: Campaign, experiments: Experiment[], scheduler: CampaignScheduler) {
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
    progress: scheduler.liveProgress(campaign.id),
  };
}

export function registerCampaignRoutes(app: FastifyInstance, deps: { store: Store; scheduler: CampaignScheduler }): void {
  const { store, scheduler } = deps;

  app.post('/v1/campaigns', async (request, reply) => {
    const body = CreateCampaignSchema.parse(request.body);
    const at = new Date().toISOString();
    const campaign: Campaign = {
      id: randomUUID(),
      status: 'queued',
      source: body.source,
      objective: body.objective,
      maxExperiments: body.maxExperiments,
      analyst: body.analyst ?? 'planner',
      controlArm: body.controlArm ?? false,
      seed: body.seed ?? randomInt(2 ** 31 - 1),
      createdAt: at,
      updatedAt: at,
      experimentsDone: 0,
      version: 0,
    };
    await store.campaigns.create(campaign);
    scheduler.enqueue(campaign.id);
    reply.code(201).header('location', `/v1/campaigns/${campaign.id}`);
    return campaign;
  });

  app.get('/v1/campaigns', async (request) => {
    const query = ListQuery.parse(request.query);
    return store.campaigns.list(query.limit, query.cursor);
  });

  app.get('/v1/campaigns/:id', async (request) => {
    const { id } = IdParams.parse(request.params);
    const [campaign, experiments] = await Promise.all([store.campaigns.get(id), store.experiments.listByCampaign(id)]);
    return summarise(campaign, experiments, scheduler);
  });

  app.get('/v1/campaigns/:id/experiments', async (request) => {
    const { id } = IdParams.parse(request.params);
    await store.campaigns.get(id); // 404 for an unknown campaign rather than an empty list
    return { items: await store.experiments.listByCampaign(id) };
  });

  app.post('/v1/campaigns/:id/cancel', async (request) => {
    const { id } = IdParams.parse(request.params);
    const current = await store.campaigns.get(id);
    if (current.status !== 'queued' && current.status !== 'running') {
      throw new DomainError('conflict', 'ERR_CAMPAIGN_FINISHED', `campaign ${id} is already ${current.status}`);
    }
    const cancelled = await store.campaigns.transition(id, ['queued', 'running'], { status: 'cancelled', stopReason: 'cancelled by request' });
    scheduler.cancel(id);
    return cancelled;
  });
}
