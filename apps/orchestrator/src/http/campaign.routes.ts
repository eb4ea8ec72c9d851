import { randomInt, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, preHandlerHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CampaignSchema,
  CreateCampaignSchema,
  CreateExperimentSchema,
  DEFAULT_VMAF_OPTIONS,
  DomainError,
  isDomainError,
  MAX_EXPERIMENTS_LIMIT,
  MEASUREMENT_TERMS,
  type Campaign,
  type CampaignStatus,
  type SamplingRequestOutput,
  type VmafOptions,
} from '@codec-lab/domain';
import { campaignSampling } from '@codec-lab/campaign';
import type { Store } from '@codec-lab/store';
import type { CampaignScheduler } from '../campaigns/campaign.scheduler.ts';
import { admitMeasurement, describeAtTheDoor, type RunnerAtTheDoor } from './admission.ts';
import { summarise } from './campaign-summary.ts';
import { IdempotencyHeaders, idFromKey, requestHash } from './idempotency.ts';
import { CampaignPageSchema, CampaignStandingSchema, ExperimentListSchema } from './responses.ts';

export const IdParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { message: 'not a campaign id' }) });
const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});
/** The body of `POST /v1/campaigns/:id/budget`; that it is above the current budget is checked against the stored campaign. */
const BudgetBody = z.strictObject({
  maxExperiments: z.int().min(1).max(MAX_EXPERIMENTS_LIMIT).describe(`The new budget per arm: more than the current maxExperiments, at most ${MAX_EXPERIMENTS_LIMIT}`),
});

/** Statuses whose budget can be extended: still going, paused, or succeeded (reopened). */
const EXTENDABLE: readonly CampaignStatus[] = ['queued', 'running', 'paused', 'succeeded'];
/** Statuses a cancel ends. */
const CANCELLABLE: readonly CampaignStatus[] = ['queued', 'running', 'paused'];

const PAUSE_DESCRIPTION = [
  'A queued or running campaign becomes `paused`: no new step starts (no experiment is proposed, started or analysed), and the experiments already running finish and are stored, as the work they are; none counts as an interrupted attempt.',
  'A paused campaign is driven by no orchestrator, also after a restart, until `POST /v1/campaigns/:id/resume`. Its events stream stays open and says `campaign-paused`.',
  'Any other status is a 409 `ERR_CAMPAIGN_NOT_RUNNING` naming it; a pause that loses a race with the campaign finishing gets that 409 with the final status.',
].join('\n');
const RESUME_DESCRIPTION = [
  'A paused campaign is queued again and goes on from where it stopped: the same history (the analyst is told all of it), no experiment repeated, the experiment numbers (`seq`) continuing, and an experiment that was queued but not started at the pause run first.',
  'Any other status is a 409 `ERR_CAMPAIGN_NOT_PAUSED` naming it.',
].join('\n');
const BUDGET_DESCRIPTION = [
  `Raises \`maxExperiments\`, the budget of each arm (the control arm, where there is one, gets the same), to a number above the current one and at most ${MAX_EXPERIMENTS_LIMIT}; anything else is a 400 naming \`maxExperiments\`.`,
  '- queued, running or paused: the campaign stays as it is, with the larger budget (a paused one stays paused); an arm that had stopped early reconsiders.',
  '- succeeded (its budget was spent, or its arms stopped): the campaign reopens: it is queued again, its `stopReason` and `armStops` cleared, and the analyst goes on with its whole history, proposing only what was not tried.',
  '- failed or cancelled: a 409 `ERR_CAMPAIGN_FINISHED` naming the status.',
].join('\n');

// What the numbers in the answers are, for the API docs.
const MEASURED_DESCRIPTION = [
  'Each experiment with its config, proposal, result and analysis. In `result`:',
  `- \`bitrateBps\`: ${MEASUREMENT_TERMS.bitrate}`,
  `- \`psnr.avg\`: ${MEASUREMENT_TERMS.psnr}`,
  `- \`ssim.all\`: ${MEASUREMENT_TERMS.ssim}`,
  `- \`vmaf.mean\`: ${MEASUREMENT_TERMS.vmaf} \`vmaf.model\` names the model, \`vmaf.available\` is false (with the reason) where it was not measured.`,
  `- \`vmaf.harmonicMean\`: ${MEASUREMENT_TERMS.vmafHarmonicMean}`,
  `- \`vmaf.low1Percent\`, \`vmaf.low5Percent\`: ${MEASUREMENT_TERMS.vmafLows}`,
  '- `ffmpeg`: the ffmpeg build that encoded (`encoder`) and the one that measured (`meter`), each with its version and sha256.',
].join('\n');
const CREATE_DESCRIPTION = [
  'The `objective` says what the campaign looks for; its `kind` is one of three:',
  '- `quality-at-bitrate` (the default: an objective without `kind` is one, as before kinds existed): the highest quality at or under `targetBitrateMbps`. `tolerance` is the fraction over the budget still accepted (0.05 = 5% over); it is 0, strictly at or under the budget, unless given. `minQuality` optionally sets the lowest acceptable quality.',
  '- `bitrate-at-quality`: the smallest bitrate whose quality reaches `targetQuality` (`metric` required). The answer is always a full encode measured to reach it; a probe\'s estimate never counts.',
  '- `pareto`: the front of bitrate x quality x encode speed for bitrates up to `maxBitrateMbps`, reported with its hypervolume.',
  'Every kind names its quality `metric` (psnr, ssim or vmaf; psnr unless given, except for `bitrate-at-quality`); `minQuality` and `targetQuality` are in that metric: dB for PSNR, 0 to 1 for SSIM, 0 to 100 for VMAF. A field that does not belong to the kind is refused, naming it.',
  '`objective.constraints` limits every answer, whatever the kind: `minEncodeFps` (encode speed in frames per second), `minRealtime` (encode speed as a multiple of real time), `encoders` (only these may be proposed; the baseline and the control arm keep to them too), `maxSizeBytes` (largest artifact), `pixelFormat` (every config encodes to it). An experiment that breaks one never counts as meeting the objective. Constraints that leave no encoder the runners have are a 400 `ERR_CONSTRAINT_UNAVAILABLE` naming `objective.constraints.encoders` or `objective.constraints.pixelFormat`; an explicit `config` that breaks them is a 400 naming `config.encoder` or `config.pixelFormat`.',
  '`vmaf` says how VMAF is computed for every experiment (`model`: vmaf_v0.6.1 by default or vmaf_v0.6.1neg; `subsample`: score every n-th frame).',
  'Where the objective is in VMAF (of any kind), or `vmaf` is given, the runners must measure it: otherwise a 400 with `ERR_METRIC_UNAVAILABLE` (no VMAF on the runners) or `ERR_VMAF_MODEL_UNAVAILABLE` (not that model), naming `objective.metric`, `vmaf` or `vmaf.model`, and nothing is created.',
  'A PSNR or SSIM campaign without `vmaf` runs on any runner; its results say where VMAF was not measured.',
  '`sampling` (default `{"mode":"auto"}`): a source longer than `minSourceSeconds` (20) is searched on `segments` (4) sampled segments of `segmentSeconds` (2) at scene-representative places, each in the longest scene of its slice of the source. The baseline runs in full and on the segments (the pair that measures the probe\'s bias on this source); every later search experiment runs on the segments, corrected by the pairs the lab measured; the campaign ends with full encodes of the chosen config (origin `final`), whose measured figures are the answer. `"mode":"on"` samples any source (a 400 `ERR_SAMPLING_TOO_LONG` where the segments would cover 75% of it or more, `ERR_SAMPLING_UNAVAILABLE` for a Pareto objective, a control arm or fewer than 3 experiments); `"off"` never.',
].join('\n');
const STANDING_DESCRIPTION = [
  'The stored campaign with `sourceDescription` (what a runner found the source to be when the campaign was created), live `progress`, and a `summary`: experiment counts and, for the analyst arm and per arm under `summary.arms` where a control arm ran:',
  '- `best`: the best experiment that meets the objective and its constraints: for `quality-at-bitrate` the highest quality at or under the budget (plus its `tolerance`, 0 unless given); for `bitrate-at-quality` the smallest bitrate of a full encode that reached the target quality; for `pareto` the highest quality under the upper bitrate;',
  '- where none does, no `best`: `metObjective` is false and `closest` names the experiment nearest the target bitrate (for `bitrate-at-quality`, nearest the target quality).',
  '- `pareto` (Pareto objectives only): `front`, the experiments no other beats in bitrate, quality and encode speed, by ascending bitrate; `hypervolume`, the volume they dominate inside the box from `reference` (the upper bitrate, the metric\'s floor, 0 fps); `metric`, the quality axis.',
  `PSNR there is ${MEASUREMENT_TERMS.psnr.replace(/^PSNR: /, '')}`,
  'Quality is compared in the objective\'s metric; a VMAF objective falls back to PSNR for an experiment whose VMAF was not measured.',
].join('\n');

export interface RouteDeps extends RunnerAtTheDoor {
  readonly store: Store;
  readonly scheduler: CampaignScheduler;
  /** Checks the bearer token on mutating routes; a no-op when no token is configured. */
  readonly requireToken: preHandlerHookHandler;
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
  fields: Omit<Campaign, 'id' | 'status' | 'createdAt' | 'updatedAt' | 'experimentsDone' | 'version' | 'sourceDescription' | 'vmaf'>,
  vmaf: VmafOptions | undefined,
  samplingRequest?: SamplingRequestOutput,
) {
  await admitMeasurement(deps, { objective: fields.objective, vmaf, config: fields.initialConfig });
  const sourceDescription = await describeAtTheDoor(deps, fields.source);
  const sampling = campaignSampling(samplingRequest, sourceDescription, fields);
  const at = new Date().toISOString();
  const hash = key === undefined ? undefined : requestHash(route, body);
  const campaign: Campaign = {
    ...fields,
    vmaf: vmaf ?? DEFAULT_VMAF_OPTIONS,
    sourceDescription,
    ...(sampling ? { sampling } : {}),
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
    { ...mutating, schema: { summary: 'Start a campaign', description: CREATE_DESCRIPTION, tags: ['campaigns'], security, body: CreateCampaignSchema, headers: IdempotencyHeaders, response: { 201: CampaignSchema } } },
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
      }, body.vmaf, body.sampling);
    },
  );

  app.post(
    '/v1/experiments',
    {
      ...mutating,
      schema: { summary: 'Run one experiment with an explicit config', description: CREATE_DESCRIPTION, tags: ['campaigns'], security, body: CreateExperimentSchema, headers: IdempotencyHeaders, response: { 201: CampaignSchema } },
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
      }, body.vmaf);
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

  app.post(
    '/v1/campaigns/:id/cancel',
    { ...mutating, schema: { summary: 'Cancel a campaign', description: 'A queued, running or paused campaign is cancelled; the experiments running are stopped. 409 `ERR_CAMPAIGN_FINISHED` when it has already ended.', tags: ['campaigns'], security, params: IdParams, response: { 200: CampaignSchema } } },
    async (request) => {
      const { id } = request.params;
      const cancelled = await store.campaigns.modify(id, (current) => {
        if (!CANCELLABLE.includes(current.status)) throw new DomainError('conflict', 'ERR_CAMPAIGN_FINISHED', `campaign ${id} is already ${current.status}`);
        return { status: 'cancelled', stopReason: 'cancelled by request' };
      });
      scheduler.cancel(id);
      scheduler.events.emit(id, { type: 'campaign-finished', status: 'cancelled', stopReason: 'cancelled by request' });
      return cancelled;
    },
  );

  app.post(
    '/v1/campaigns/:id/pause',
    { ...mutating, schema: { summary: 'Pause a campaign: start no new step, let the experiments in flight finish', description: PAUSE_DESCRIPTION, tags: ['campaigns'], security, params: IdParams, response: { 200: CampaignSchema } } },
    async (request) => {
      const { id } = request.params;
      // Conditional on the version read: of a pause and a finish racing, exactly one wins.
      const paused = await store.campaigns.modify(id, (current) => {
        if (current.status !== 'queued' && current.status !== 'running') {
          throw new DomainError('conflict', 'ERR_CAMPAIGN_NOT_RUNNING', `campaign ${id} is ${current.status}: only a queued or running campaign can be paused`);
        }
        return { status: 'paused' };
      });
      scheduler.paused(id);
      const experimentsInFlight = (await store.experiments.listByCampaign(id)).filter((e) => e.status === 'running').length;
      scheduler.events.emit(id, { type: 'campaign-paused', status: 'paused', experimentsInFlight });
      request.log.info({ campaignId: id, experimentsInFlight }, 'campaign paused');
      return paused;
    },
  );

  app.post(
    '/v1/campaigns/:id/resume',
    { ...mutating, schema: { summary: 'Resume a paused campaign from where it stopped', description: RESUME_DESCRIPTION, tags: ['campaigns'], security, params: IdParams, response: { 200: CampaignSchema } } },
    async (request) => {
      const { id } = request.params;
      const resumed = await store.campaigns.modify(id, (current) => {
        if (current.status !== 'paused') throw new DomainError('conflict', 'ERR_CAMPAIGN_NOT_PAUSED', `campaign ${id} is ${current.status}: only a paused campaign can be resumed`);
        return { status: 'queued' };
      });
      scheduler.resumed(id);
      scheduler.events.emit(id, { type: 'campaign-resumed', status: 'queued' });
      request.log.info({ campaignId: id }, 'campaign resumed');
      return resumed;
    },
  );

  app.post(
    '/v1/campaigns/:id/budget',
    {
      ...mutating,
      schema: { summary: "Extend a campaign's budget; a succeeded campaign reopens", description: BUDGET_DESCRIPTION, tags: ['campaigns'], security, params: IdParams, body: BudgetBody, response: { 200: CampaignSchema } },
    },
    async (request) => {
      const { id } = request.params;
      const { maxExperiments } = request.body;
      let previous = 0;
      let reopened = false;
      const extended = await store.campaigns.modify(id, (current) => {
        if (!EXTENDABLE.includes(current.status)) {
          throw new DomainError('conflict', 'ERR_CAMPAIGN_FINISHED', `campaign ${id} is ${current.status}: a failed or cancelled campaign's budget cannot be extended`);
        }
        if (maxExperiments <= current.maxExperiments) {
          const issue = `maxExperiments: must be greater than the current budget, ${current.maxExperiments}`;
          throw new DomainError('invalid', 'ERR_VALIDATION', `invalid request: ${issue}`, { details: [issue] });
        }
        previous = current.maxExperiments;
        reopened = current.status === 'succeeded';
        // Every arm reconsiders with the larger budget; a succeeded campaign is reopened.
        return { maxExperiments, armStops: undefined, ...(reopened ? { status: 'queued' as const, stopReason: undefined } : {}) };
      });
      scheduler.budgetExtended(id, reopened);
      scheduler.events.emit(id, { type: 'campaign-budget', status: extended.status, maxExperiments, previousMaxExperiments: previous });
      request.log.info({ campaignId: id, maxExperiments, previous, status: extended.status }, 'campaign budget extended');
      return extended;
    },
  );
}
