import { randomInt, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, preHandlerHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CampaignSchema, CreateCampaignSchema, CreateExperimentSchema, DomainError, isDomainError, MEASUREMENT_TERMS, TARGET_TOLERANCE, type Campaign, type Source, type SourceDescription } from '@codec-lab/domain';
import type { Store } from '@codec-lab/store';
import type { CampaignScheduler } from '../campaigns/campaign.scheduler.ts';
import { summarise } from './campaign-summary.ts';
import { IdempotencyHeaders, idFromKey, requestHash } from './idempotency.ts';
import { CampaignPageSchema, CampaignStandingSchema, ExperimentListSchema } from './responses.ts';

export const IdParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { message: 'not a campaign id' }) });
const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});

// What the numbers in the answers are, for the API docs.
const MEASURED_DESCRIPTION = [
  'Each experiment with its config, proposal, result and analysis. In `result`:',
  `- \`bitrateBps\`: ${MEASUREMENT_TERMS.bitrate}`,
  `- \`psnr.avg\`: ${MEASUREMENT_TERMS.psnr}`,
  `- \`ssim.all\`: ${MEASUREMENT_TERMS.ssim}`,
].join('\n');
const STANDING_DESCRIPTION = [
  'The stored campaign with `sourceDescription` (what a runner found the source to be when the campaign was created), live `progress`, and a `summary`: experiment counts and, for the analyst arm and per arm under `summary.arms` where a control arm ran:',
  `- \`best\`: the best experiment that meets the objective (highest quality at or under the target bitrate plus ${TARGET_TOLERANCE * 100}%);`,
  '- where none does, no `best`: `metObjective` is false and `closest` names the experiment nearest the target bitrate.',
  `PSNR there is ${MEASUREMENT_TERMS.psnr.replace(/^PSNR: /, '')}`,
].join('\n');

export interface RouteDeps {
  readonly store: Store;
  readonly scheduler: CampaignScheduler;
  /** Checks the bearer token on mutating routes; a no-op when no token is configured. */
  readonly requireToken: preHandlerHookHandler;
  /** Has an agent-runner open and describe a source (RunnerGateway.describe). */
  readonly describeSource: (source: Source) => Promise<SourceDescription>;
}

/**
 * The source as a runner describes it, before anything is written: a source the runner refuses is
 * a 400 naming the problem, no runner to ask a 503. Nothing is created in either case.
 */
async function describe(deps: RouteDeps, source: Source): Promise<SourceDescription> {
  try {
    return await deps.describeSource(source);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (error.kind === 'invalid' || error.kind === 'not_found' || error.kind === 'precondition') {
      const reason = error.message.replace(/^codeclab\.v1\.AgentRunner\.DescribeSource: /, '');
      throw new DomainError('invalid', error.code, `the source cannot be used: ${reason}`, { details: [`source: ${reason}`] });
    }
    if (error.kind === 'unavailable' || error.kind === 'timeout' || error.kind === 'exhausted') {
      throw new DomainError('unavailable', 'ERR_NO_RUNNER', `no agent-runner could describe the source (${error.message}); nothing was created, try again`);
    }
    throw error;
  }
}

/**
 * Creates a campaign, once per Idempotency-Key: a retry with the same key and body gets the same
 * campaign back (201, `idempotent-replayed: true`); the same key with another body is a 409.
 */
async function create(
  deps: RouteDeps,
  reply: FastifyReply,
  route: string,
  body: unknown,
  key: string | undefined,
  fields: Omit<Campaign, 'id' | 'status' | 'createdAt' | 'updatedAt' | 'experimentsDone' | 'version' | 'sourceDescription'>,
) {
  const sourceDescription = await describe(deps, fields.source);
  const at = new Date().toISOString();
  const hash = key === undefined ? undefined : requestHash(route, body);
  const campaign: Campaign = {
    ...fields,
    sourceDescription,
    id: key === undefined ? randomUUID() : idFromKey(key),
    status: 'queued',
    createdAt: at,
    updatedAt: at,
    experimentsDone: 0,
    version: 0,
    ...(hash ? { requestHash: hash } : {}),
  };
  try {
    await deps.store.campaigns.create(campaign);
  } catch (error) {
    if (!(key !== undefined && isDomainError(error) && error.code === 'ERR_CAMPAIGN_EXISTS')) throw error;
    const existing = await deps.store.campaigns.get(campaign.id);
    if (existing.requestHash !== hash) {
      throw new DomainError('conflict', 'ERR_IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with a different request');
    }
    reply.code(201).header('location', `/v1/campaigns/${existing.id}`).header('idempotent-replayed', 'true');
    return existing;
  }
  deps.scheduler.enqueue(campaign.id);
  reply.code(201).header('location', `/v1/campaigns/${campaign.id}`);
  return campaign;
}

export function registerCampaignRoutes(server: FastifyInstance, deps: RouteDeps): void {
  const app = server.withTypeProvider<ZodTypeProvider>();
  const { store, scheduler } = deps;
  const mutating = { preHandler: deps.requireToken };
  const security = [{ bearer: [] }];

  app.post(
    '/v1/campaigns',
    { ...mutating, schema: { summary: 'Start a campaign', tags: ['campaigns'], security, body: CreateCampaignSchema, headers: IdempotencyHeaders, response: { 201: CampaignSchema } } },
    async (request, reply) => {
      const body = request.body;
      return create(deps, reply, 'campaigns', body, request.headers['idempotency-key'], {
        source: body.source,
        objective: body.objective,
        maxExperiments: body.maxExperiments,
        analyst: body.analyst ?? 'planner',
        controlArm: body.controlArm ?? false,
        seed: body.seed ?? randomInt(2 ** 31 - 1),
        batchSize: body.batchSize ?? 1,
      });
    },
  );

  app.post(
    '/v1/experiments',
    {
      ...mutating,
      schema: { summary: 'Run one experiment with an explicit config', tags: ['campaigns'], security, body: CreateExperimentSchema, headers: IdempotencyHeaders, response: { 201: CampaignSchema } },
    },
    async (request, reply) => {
      const body = request.body;
      return create(deps, reply, 'experiments', body, request.headers['idempotency-key'], {
        source: body.source,
        objective: body.objective,
        maxExperiments: 1,
        analyst: 'planner',
        controlArm: false,
        seed: 0,
        batchSize: 1,
        initialConfig: body.config,
      });
    },
  );

  app.get('/v1/campaigns', { schema: { summary: 'Campaigns, newest first', tags: ['campaigns'], querystring: ListQuery, response: { 200: CampaignPageSchema } } }, async (request) =>
    store.campaigns.list(request.query.limit, request.query.cursor),
  );

  app.get('/v1/campaigns/:id', { schema: { summary: 'A campaign with its progress and best result', description: STANDING_DESCRIPTION, tags: ['campaigns'], params: IdParams, response: { 200: CampaignStandingSchema } } }, async (request) => {
    const { id } = request.params;
    const [campaign, experiments] = await Promise.all([store.campaigns.get(id), store.experiments.listByCampaign(id)]);
    return summarise(campaign, experiments, scheduler.liveProgress(id));
  });

  app.get('/v1/campaigns/:id/experiments', { schema: { summary: "A campaign's experiments in order", description: MEASURED_DESCRIPTION, tags: ['campaigns'], params: IdParams, response: { 200: ExperimentListSchema } } }, async (request) => {
    await store.campaigns.get(request.params.id); // 404 for an unknown campaign rather than an empty list
    return { items: await store.experiments.listByCampaign(request.params.id) };
  });

  app.post('/v1/campaigns/:id/cancel', { ...mutating, schema: { summary: 'Cancel a campaign', tags: ['campaigns'], security, params: IdParams, response: { 200: CampaignSchema } } }, async (request) => {
    const { id } = request.params;
    const current = await store.campaigns.get(id);
    if (current.status !== 'queued' && current.status !== 'running') {
      throw new DomainError('conflict', 'ERR_CAMPAIGN_FINISHED', `campaign ${id} is already ${current.status}`);
    }
    const cancelled = await store.campaigns.transition(id, ['queued', 'running'], { status: 'cancelled', stopReason: 'cancelled by request' });
    scheduler.cancel(id);
    scheduler.events.emit(id, { type: 'campaign-finished', status: 'cancelled', stopReason: 'cancelled by request' });
    return cancelled;
  });
}
