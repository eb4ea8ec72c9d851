import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { configHash, DomainError, runnerOffer, type Campaign, type CampaignContext, type ExperimentConfig, type ExperimentResult } from '@codec-lab/domain';
import { campaignFixture, measuredResult } from '@codec-lab/domain/testing';
import { analyseExperiment, planNext } from '@codec-lab/planner';
import { createStore, type Store } from '@codec-lab/store';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '@codec-lab/store/embedded';
import type { AnalystGateway, ProposeAnswer } from '../gateways/analyst.gateway.ts';
import type { RunnerGateway } from '../gateways/runner.gateway.ts';
import type { DriverDeps } from './campaign.deps.ts';
import { driveCampaign } from './campaign.driver.ts';
import type { CampaignEvent } from './campaign.events.ts';
import { createCampaignMetrics } from './campaign.metrics.ts';
import { CampaignScheduler } from './campaign.scheduler.ts';

// The driver against pauses, resumes and budget extensions that land in the middle of a step, on a
// real (embedded) store with stand-in gateways: the runner answers only when the test lets it, so
// each race is played in one chosen order rather than hoped for.

const OFFER = runnerOffer(
  { encoders: ['libx264', 'libx265', 'libsvtav1', 'libvpx-vp9'], pixelFormats: { libx264: ['yuv420p'], libx265: ['yuv420p'], libsvtav1: ['yuv420p'], 'libvpx-vp9': ['yuv420p'] }, vmafModels: [], ffmpegVersion: '7.1', meterFfmpegVersion: '7.1', gpuName: '' },
  2,
);

/** A measured result that depends on the config only, the same every time it is asked for. */
function resultOf(config: ExperimentConfig): ExperimentResult {
  const n = parseInt(configHash(config).slice(0, 8), 16);
  return measuredResult(40_000 + (n % 160_000), 30 + (n % 1000) / 100);
}

/** An agent-runner that holds every run until the test releases it (or answers at once when `hold` is off). */
class HeldRunner {
  hold = true;
  fail?: DomainError;
  readonly waiting: { id: string; release: () => void }[] = [];
  readonly started: string[] = [];

  capabilities = async () => OFFER;

  reserve = <T>(_holder: string, _signal: AbortSignal, work: (placement: undefined) => Promise<T>): Promise<T> => work(undefined);

  run = async (request: { experimentId: string; config: ExperimentConfig }): Promise<ExperimentResult> => {
    this.started.push(request.experimentId);
    if (this.hold) await new Promise<void>((release) => this.waiting.push({ id: request.experimentId, release }));
    if (this.fail) throw this.fail;
    return resultOf(request.config);
  };

  releaseAll(): void {
    for (const w of this.waiting.splice(0)) w.release();
  }
}

/** The analyst as the local planner answers. */
const analyst = {
  propose: async (context: CampaignContext, rejected: readonly { configHash: string }[]): Promise<ProposeAnswer> => {
    const decision = planNext(context, new Set(rejected.map((r) => r.configHash)));
    return decision.kind === 'stop' ? decision : { kind: 'proposal', proposal: decision.proposal };
  },
  analyze: async (context: CampaignContext, seq: number) => analyseExperiment(context, seq),
} as unknown as AnalystGateway;

let dynamo: EmbeddedDynamo;
let store: Store;
let count = 0;

beforeAll(async () => {
  dynamo = await startEmbeddedDynamo({});
  store = createStore({ endpoint: dynamo.endpoint, region: 'local', tableName: 'pause-test' });
  await store.ensureTable();
});

afterAll(async () => {
  store?.close();
  await dynamo?.close();
});

function lab(overrides: { slots?: number } = {}) {
  const runner = new HeldRunner();
  const events: CampaignEvent[] = [];
  const registry = new Registry();
  const deps: DriverDeps = {
    store,
    runner: runner as unknown as RunnerGateway,
    analyst,
    metrics: createCampaignMetrics(registry),
    logger: pino({ level: 'silent' }),
    stepRetries: 0,
    maxExperimentAttempts: 3,
    slots: { count: overrides.slots ?? 8, ttlMs: 10_000 },
    onEvent: (_id, event) => events.push(event),
  };
  return { runner, events, registry, deps };
}

async function newCampaign(overrides: Partial<Campaign> = {}): Promise<string> {
  const id = `pause-${++count}`;
  await store.campaigns.create(campaignFixture(id, new Date(Date.UTC(2026, 0, 1, 0, 0, count)).toISOString(), { status: 'queued', maxExperiments: 3, version: 0, ...overrides }));
  return id;
}

const pause = (id: string) => store.campaigns.transition(id, ['queued', 'running'], { status: 'paused' });
const resume = (id: string) => store.campaigns.transition(id, ['paused'], { status: 'queued' });
const activeIds = async () => (await store.campaigns.listActive()).map((c) => c.id);
const until = (what: () => boolean | Promise<boolean>) => expect.poll(what, { timeout: 20_000, interval: 20 }).toBe(true);

/** Runs `before` once, just before the driver's first write of `status` to the campaign. */
function beforeWriting(status: Campaign['status'], before: () => Promise<unknown>): () => void {
  const original = store.campaigns.update.bind(store.campaigns);
  let done = false;
  store.campaigns.update = async (expected, patch) => {
    if (!done && patch.status === status) {
      done = true;
      await before();
    }
    return original(expected, patch);
  };
  return () => {
    store.campaigns.update = original;
  };
}

function expectComplete(experiments: Awaited<ReturnType<Store['experiments']['listByCampaign']>>, n: number): void {
  expect(experiments.map((e) => e.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  expect(new Set(experiments.map((e) => e.configHash)).size).toBe(n);
  expect(experiments.every((e) => e.status === 'succeeded' && e.attempts === 1 && e.analysis)).toBe(true);
}

describe('pausing a driven campaign', () => {
  it('lets the experiment in flight finish and be stored, starts nothing after it, and goes on from there when resumed', async () => {
    const { runner, events, deps } = lab();
    const id = await newCampaign();
    const driving = driveCampaign(id, deps, new AbortController().signal);
    await until(() => runner.waiting.length === 1);
    await pause(id);
    expect(await activeIds()).not.toContain(id);
    runner.releaseAll();
    await driving;

    const [first, ...rest] = await store.experiments.listByCampaign(id);
    expect(rest).toEqual([]);
    // Measured and stored as real work, one attempt; not analysed: that is the next step, not started.
    expect(first).toMatchObject({ seq: 1, status: 'succeeded', attempts: 1 });
    expect(first!.analysis).toBeUndefined();
    expect(await store.campaigns.get(id)).toMatchObject({ status: 'paused', experimentsDone: 1 });
    expect(events.some((e) => e.type === 'campaign-finished')).toBe(false);

    await resume(id);
    expect(await activeIds()).toContain(id);
    runner.hold = false;
    await driveCampaign(id, deps, new AbortController().signal);
    const done = await store.campaigns.get(id);
    expect(done).toMatchObject({ status: 'succeeded', experimentsDone: 3, stopReason: 'budget spent: 3 of 3 experiments run' });
    const experiments = await store.experiments.listByCampaign(id);
    expectComplete(experiments, 3);
    expect(experiments[0]).toMatchObject({ result: first!.result, finishedAt: first!.finishedAt });
    expect(runner.started).toEqual(experiments.map((e) => e.id));
    expect(await activeIds()).not.toContain(id);
  });

  it('does not start an experiment still waiting for a slot when the campaign is paused, nor count it as an attempt', async () => {
    const { runner, deps } = lab({ slots: 1 });
    const id = await newCampaign();
    expect(await store.slots.acquire('someone-else', 1, 10_000)).toBe(0);
    const driving = driveCampaign(id, deps, new AbortController().signal);
    await until(async () => (await store.experiments.listByCampaign(id)).length === 1);
    await pause(id);
    await store.slots.release(0, 'someone-else');
    await driving;
    expect(runner.started).toEqual([]);
    expect(await store.experiments.listByCampaign(id)).toMatchObject([{ seq: 1, status: 'queued', attempts: 0 }]);
    expect((await store.campaigns.get(id)).status).toBe('paused');
  });

  it('a finish that loses to a pause leaves the campaign paused, and a pause that loses to a finish is refused with the final status', async () => {
    const { runner, events, deps } = lab();
    runner.hold = false;
    const id = await newCampaign({ maxExperiments: 2 });
    const restore = beforeWriting('succeeded', () => pause(id));
    try {
      await driveCampaign(id, deps, new AbortController().signal);
    } finally {
      restore();
    }
    const paused = await store.campaigns.get(id);
    expect(paused.status).toBe('paused');
    expect(paused.stopReason).toBeUndefined();
    expect(events.some((e) => e.type === 'campaign-finished')).toBe(false);

    await resume(id);
    await driveCampaign(id, deps, new AbortController().signal);
    expect((await store.campaigns.get(id)).status).toBe('succeeded');
    expectComplete(await store.experiments.listByCampaign(id), 2);
    await expect(pause(id)).rejects.toMatchObject({ code: 'ERR_CAMPAIGN_STATE', message: `campaign ${id} is succeeded` });
  });

  it('a finish that loses to a budget extension goes on to the new budget', async () => {
    const { runner, deps } = lab();
    runner.hold = false;
    const id = await newCampaign({ maxExperiments: 2 });
    const restore = beforeWriting('succeeded', () => store.campaigns.modify(id, () => ({ maxExperiments: 3 })));
    try {
      await driveCampaign(id, deps, new AbortController().signal);
    } finally {
      restore();
    }
    expect(await store.campaigns.get(id)).toMatchObject({ status: 'succeeded', maxExperiments: 3, stopReason: 'budget spent: 3 of 3 experiments run' });
    expectComplete(await store.experiments.listByCampaign(id), 3);
  });

  it('a step that fails after the campaign was paused leaves it paused, not failed', async () => {
    const { runner, events, deps } = lab();
    runner.fail = new DomainError('invalid', 'ERR_SOURCE_CHANGED', 'the source file changed');
    const id = await newCampaign();
    const driving = driveCampaign(id, deps, new AbortController().signal);
    await until(() => runner.waiting.length === 1);
    await pause(id);
    runner.releaseAll();
    await driving;
    expect((await store.campaigns.get(id)).status).toBe('paused');
    expect(events.some((e) => e.type === 'campaign-finished')).toBe(false);
  });

  it('a driver that finds its campaign paused before it started does nothing', async () => {
    const { runner, deps } = lab();
    const id = await newCampaign();
    await pause(id);
    await driveCampaign(id, deps, new AbortController().signal);
    expect(runner.started).toEqual([]);
    expect(await store.experiments.listByCampaign(id)).toEqual([]);
    expect((await store.campaigns.get(id)).status).toBe('paused');
  });
});

describe('the scheduler on pause and resume', () => {
  it('drives a campaign resumed while its previous driver was still finishing the step in flight', async () => {
    const { runner, registry, deps } = lab();
    const { onEvent: _onEvent, ...schedulerDeps } = deps;
    const scheduler = new CampaignScheduler(schedulerDeps, { concurrency: 2, owner: 'here', leaseMs: 10_000, pollMs: 60_000 }, deps.logger);
    try {
      const id = await newCampaign();
      scheduler.enqueue(id);
      await until(() => runner.waiting.length === 1);
      await pause(id);
      scheduler.paused(id);
      await resume(id);
      scheduler.resumed(id);
      runner.hold = false;
      runner.releaseAll();
      await until(async () => (await store.campaigns.get(id)).status === 'succeeded');
      expectComplete(await store.experiments.listByCampaign(id), 3);
      await until(() => scheduler.activeCount === 0);
      const text = await registry.metrics();
      expect(text).toContain('codeclab_campaigns_controlled_total{action="pause"} 1');
      expect(text).toContain('codeclab_campaigns_controlled_total{action="resume"} 1');
      expect(text).toContain('codeclab_campaigns_controlled_total{action="budget"} 0');
      expect(text).toContain('codeclab_campaigns_total{status="succeeded"} 1');
    } finally {
      await scheduler.stop();
    }
  });
});
