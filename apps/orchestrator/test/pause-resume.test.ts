import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { DEFAULT_REGION, DEFAULT_TABLE_NAME } from '@codec-lab/config';
import type { Campaign, Experiment } from '@codec-lab/domain';
import { createStore, type Store } from '@codec-lab/store';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '@codec-lab/store/embedded';
import { loadConfig } from '../src/config.ts';
import { startOrchestrator } from '../src/server.ts';
import { post, startAnalystProcess, startRunnerProcess, TINY } from './support.ts';

// Pause, resume and budget extension over the public REST API, with a real agent-runner and a real
// llm-analyst (its planner backend) over gRPC, and orchestrators in this process sharing one
// dynalite store, so that one can be closed and a fresh one started on the same campaigns.

const PATIENCE = 120_000;

let dynamo: EmbeddedDynamo;
let store: Store;
let runner: Awaited<ReturnType<typeof startRunnerProcess>>;
let analyst: { addr: string; child: ChildProcess };
const orchestrators: { base: string; close(): Promise<void> }[] = [];

/** An orchestrator on the shared store; it looks for campaigns to drive every 0.3 s. */
async function startOne(): Promise<{ base: string; close(): Promise<void> }> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    CREATE_TABLES: 'true',
    RUNNER_ADDR: runner.addr,
    ANALYST_ADDR: analyst.addr,
    POLL_SECONDS: '0.3',
    LEASE_SECONDS: '2',
    SHUTDOWN_GRACE_MS: '0',
  });
  const orchestrator = await startOrchestrator(config, pino({ level: 'silent' }));
  let closed = false;
  const one = {
    base: `http://127.0.0.1:${orchestrator.port}`,
    close: async () => {
      if (closed) return;
      closed = true;
      await orchestrator.close();
    },
  };
  orchestrators.push(one);
  return one;
}

beforeAll(async () => {
  dynamo = await startEmbeddedDynamo({});
  [runner, analyst] = await Promise.all([startRunnerProcess(), startAnalystProcess()]);
  store = createStore({ endpoint: dynamo.endpoint, region: DEFAULT_REGION, tableName: DEFAULT_TABLE_NAME });
});

afterAll(async () => {
  for (const o of orchestrators) await o.close();
  store?.close();
  runner?.stop();
  analyst?.child.kill('SIGTERM');
  await dynamo?.close();
});

const getJson = async <T>(url: string): Promise<T> => (await (await fetch(url)).json()) as T;
const campaignOf = (base: string, id: string) => getJson<Campaign>(`${base}/v1/campaigns/${id}`);
const experimentsOf = async (base: string, id: string) => (await getJson<{ items: Experiment[] }>(`${base}/v1/campaigns/${id}/experiments`)).items;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` until `done` holds of what it read, or fails at the deadline. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = PATIENCE, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not so within ${timeoutMs} ms; last seen ${JSON.stringify(value).slice(0, 500)}`);
    await sleep(intervalMs);
  }
}

const ended = (base: string, id: string) => until(() => campaignOf(base, id), (c) => ['succeeded', 'failed', 'cancelled'].includes(c.status), `campaign ${id} ended`);

/** A campaign's event stream, read in the background until it ends or is stopped. */
function watch(base: string, id: string) {
  const controller = new AbortController();
  let text = '';
  const done = (async () => {
    const response = await fetch(`${base}/v1/campaigns/${id}/events`, { signal: controller.signal });
    const decoder = new TextDecoder();
    for await (const chunk of response.body!) text += decoder.decode(chunk as Uint8Array, { stream: true });
  })().catch(() => undefined);
  return {
    types: () => [...text.matchAll(/^event: (.+)$/gm)].map((m) => m[1]!),
    data: (type: string) => [...text.matchAll(new RegExp(`^event: ${type}\\ndata: (.+)$`, 'gm'))].map((m) => JSON.parse(m[1]!) as Record<string, unknown>),
    done,
    stop: () => controller.abort(),
  };
}

/** The experiments are numbered 1..n without a gap, none repeats another's config, each ran once and was analysed. */
function expectWhole(experiments: Experiment[], n: number): void {
  expect(experiments.map((e) => e.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  expect(new Set(experiments.map((e) => e.configHash)).size).toBe(n);
  for (const e of experiments) {
    expect(e, `experiment ${e.seq}`).toMatchObject({ status: 'succeeded', attempts: 1 });
    if (e.arm === 'analyst') expect(e.analysis, `analysis of ${e.seq}`).toBeDefined();
  }
}

/** What must not change about an experiment once it is measured. */
const measured = (e: Experiment) => ({ seq: e.seq, configHash: e.configHash, attempts: e.attempts, finishedAt: e.finishedAt, artifactSha256: e.result?.artifactSha256 });

describe('pause, resume and budget extension', () => {
  let first: { base: string; close(): Promise<void> };
  let second: { base: string; close(): Promise<void> };
  let pausedId: string;
  let atPause: Experiment[];

  it('pauses a running campaign: the experiments in flight finish and are stored, and nothing new starts', async () => {
    first = await startOne();
    const created = await post(`${first.base}/v1/campaigns`, { source: TINY, objective: { targetBitrateMbps: 0.06 }, maxExperiments: 6 });
    expect(created.status).toBe(201);
    pausedId = created.body.id as string;
    const events = watch(first.base, pausedId);
    // Pause while an experiment is being encoded, so that one is in flight.
    await until(() => experimentsOf(first.base, pausedId), (items) => items.some((e) => e.status === 'running'), 'an experiment running', PATIENCE, 20);
    const paused = await post(`${first.base}/v1/campaigns/${pausedId}/pause`, {});
    expect(paused.status).toBe(200);
    expect(paused.body.status).toBe('paused');
    expect((await store.campaigns.listActive()).map((c) => c.id)).not.toContain(pausedId);

    // What was running finishes and is stored; then nothing more happens.
    const settled = await until(() => experimentsOf(first.base, pausedId), (items) => !items.some((e) => e.status === 'running'), 'no experiment running');
    await sleep(1_500);
    atPause = await experimentsOf(first.base, pausedId);
    expect(atPause).toEqual(settled);
    expect(atPause.length).toBeLessThan(6);
    expect(atPause.filter((e) => e.status === 'succeeded').length).toBeGreaterThanOrEqual(1);
    // Everything is measured except, at most, the one experiment proposed before the pause and not started.
    expect(atPause.every((e) => e.status === 'succeeded' || (e.status === 'queued' && e.attempts === 0))).toBe(true);
    expect(atPause.filter((e) => e.status === 'queued').length).toBeLessThanOrEqual(1);
    expect(atPause.filter((e) => e.status === 'succeeded').every((e) => e.attempts === 1)).toBe(true);

    const standing = (await campaignOf(first.base, pausedId)) as Campaign & { progress?: unknown };
    expect(standing.status).toBe('paused');
    expect(standing.stopReason).toBeUndefined();
    expect(standing.progress).toBeUndefined();
    // A paused campaign has not ended: its stream says it was paused and stays open.
    await until(async () => events.types(), (types) => types.includes('campaign-paused'), 'campaign-paused event');
    expect(events.types()).not.toContain('campaign-finished');
    expect(events.data('campaign-paused')[0]).toMatchObject({ status: 'paused' });
    events.stop();
  });

  it('is not driven by a fresh orchestrator on the same store, and keeps a larger budget while paused', async () => {
    await first.close();
    second = await startOne();
    // Several of its polls for campaigns to drive, and past the lease the first one held.
    await sleep(2_500);
    expect(await experimentsOf(second.base, pausedId)).toEqual(atPause);
    expect((await campaignOf(second.base, pausedId)).status).toBe('paused');

    const extended = await post(`${second.base}/v1/campaigns/${pausedId}/budget`, { maxExperiments: 7 });
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({ status: 'paused', maxExperiments: 7 });
    await sleep(1_000);
    expect(await experimentsOf(second.base, pausedId)).toEqual(atPause);
  });

  it('resumed, goes on from where it stopped and finishes its budget: no experiment repeated, seqs contiguous', async () => {
    const events = watch(second.base, pausedId);
    await until(async () => events.types(), (types) => types.includes('campaign'), 'the stream open');
    const resumed = await post(`${second.base}/v1/campaigns/${pausedId}/resume`, {});
    expect(resumed.status).toBe(200);
    expect(resumed.body.status).toBe('queued');

    const done = await ended(second.base, pausedId);
    expect(done.status).toBe('succeeded');
    const experiments = await experimentsOf(second.base, pausedId);
    // The whole budget, unless the analyst (the planner) found nothing left worth trying first.
    const n = experiments.length;
    const before = atPause.filter((e) => e.status === 'succeeded');
    expect(n).toBeGreaterThan(before.length);
    expect(n).toBeLessThanOrEqual(7);
    if (n === 7) expect(done.stopReason).toBe('budget spent: 7 of 7 experiments run');
    else expect(done.stopReason).toMatch(new RegExp(`^analyst stopped early after ${n} experiments: `));
    expectWhole(experiments, n);
    expect(done.experimentsDone).toBe(n);
    // What was measured before the pause stands as it was, not run again.
    expect(experiments.slice(0, before.length).map(measured)).toEqual(before.map(measured));

    await Promise.race([events.done, sleep(10_000)]);
    const types = events.types();
    expect(types).toContain('campaign-resumed');
    expect(types).toContain('experiment-started');
    expect(types.at(-1)).toBe('campaign-finished');
  });

  it("extends a succeeded campaign's budget from 2 to 4: it reopens and runs 2 more experiments, chosen knowing the first two", async () => {
    const created = await post(`${second.base}/v1/campaigns`, { source: TINY, objective: { targetBitrateMbps: 0.05 }, maxExperiments: 2 });
    const id = created.body.id as string;
    const before = await ended(second.base, id);
    expect(before).toMatchObject({ status: 'succeeded', stopReason: 'budget spent: 2 of 2 experiments run' });
    const firstTwo = await experimentsOf(second.base, id);
    expectWhole(firstTwo, 2);

    const extended = await post(`${second.base}/v1/campaigns/${id}/budget`, { maxExperiments: 4 });
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({ status: 'queued', maxExperiments: 4 });
    expect(extended.body.stopReason).toBeUndefined();
    expect(extended.body.armStops).toBeUndefined();
    expect((await store.campaigns.listActive()).map((c) => c.id)).toContain(id);

    const after = await ended(second.base, id);
    expect(after).toMatchObject({ status: 'succeeded', maxExperiments: 4, experimentsDone: 4, stopReason: 'budget spent: 4 of 4 experiments run' });
    const all = await experimentsOf(second.base, id);
    expectWhole(all, 4);
    // The first two are untouched; the two new ones repeat neither of them (nor each other).
    expect(all.slice(0, 2)).toEqual(firstTwo);
    expect(all.slice(2).every((e) => !firstTwo.some((f) => f.configHash === e.configHash))).toBe(true);
    expect(all.slice(2).every((e) => e.proposal.origin === 'planner')).toBe(true);
  });

  it('gives the control arm the same larger budget', async () => {
    const created = await post(`${second.base}/v1/campaigns`, { source: TINY, objective: { targetBitrateMbps: 0.05 }, maxExperiments: 2, controlArm: true, seed: 7 });
    const id = created.body.id as string;
    expect((await ended(second.base, id)).status).toBe('succeeded');
    const extended = await post(`${second.base}/v1/campaigns/${id}/budget`, { maxExperiments: 3 });
    expect(extended.body).toMatchObject({ status: 'queued', maxExperiments: 3 });
    const after = await ended(second.base, id);
    expect(after.status).toBe('succeeded');
    expect(after.stopReason).toMatch(/random arm: budget spent: 3 of 3 experiments run$/);
    const all = await experimentsOf(second.base, id);
    // The baseline counts for both arms: two more draws of the control arm beside it.
    expect(all.filter((e) => e.arm === 'random')).toHaveLength(2);
    expect(new Set(all.map((e) => e.configHash)).size).toBe(all.length);
  });

  it('answers a budget that is not a larger integer within the limit with a 400 naming maxExperiments', async () => {
    const created = await post(`${second.base}/v1/campaigns`, { source: TINY, objective: { targetBitrateMbps: 0.05 }, maxExperiments: 1 });
    const id = created.body.id as string;
    await ended(second.base, id);
    const budget = (body: unknown) => post(`${second.base}/v1/campaigns/${id}/budget`, body);

    const same = await budget({ maxExperiments: 1 });
    expect(same.status).toBe(400);
    expect(same.body.error.issues).toEqual(['maxExperiments: must be greater than the current budget, 1']);
    for (const body of [{ maxExperiments: 51 }, { maxExperiments: '3' }, { maxExperiments: 2.5 }, { maxExperiments: 0 }, {}]) {
      const bad = await budget(body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error.issues.join('\n'), JSON.stringify(body)).toMatch(/^maxExperiments: /m);
    }
    const extra = await budget({ maxExperiments: 3, seed: 1 });
    expect(extra.status).toBe(400);
    expect(await campaignOf(second.base, id)).toMatchObject({ status: 'succeeded', maxExperiments: 1 });
  });

  it('refuses what the status does not allow with a 409 naming it, and an unknown campaign with a 404', async () => {
    const finished = (await (await fetch(`${second.base}/v1/campaigns?limit=100`)).json()) as { items: Campaign[] };
    const succeeded = finished.items.find((c) => c.status === 'succeeded')!;
    const pauseDone = await post(`${second.base}/v1/campaigns/${succeeded.id}/pause`, {});
    expect(pauseDone.status).toBe(409);
    expect(pauseDone.body.error.code).toBe('ERR_CAMPAIGN_NOT_RUNNING');
    expect(pauseDone.body.error.message).toContain('is succeeded');
    expect((await post(`${second.base}/v1/campaigns/${succeeded.id}/resume`, {})).body.error.code).toBe('ERR_CAMPAIGN_NOT_PAUSED');

    const going = (await post(`${second.base}/v1/campaigns`, { source: TINY, objective: { targetBitrateMbps: 0.05 }, maxExperiments: 8 })).body.id as string;
    const resumeGoing = await post(`${second.base}/v1/campaigns/${going}/resume`, {});
    expect(resumeGoing.status).toBe(409);
    expect(resumeGoing.body.error.code).toBe('ERR_CAMPAIGN_NOT_PAUSED');
    expect(resumeGoing.body.error.message).toMatch(/is (queued|running)/);
    // A paused campaign can still be cancelled; a cancelled one can be neither paused nor extended.
    expect((await post(`${second.base}/v1/campaigns/${going}/pause`, {})).status).toBe(200);
    const cancelled = await post(`${second.base}/v1/campaigns/${going}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const extendCancelled = await post(`${second.base}/v1/campaigns/${going}/budget`, { maxExperiments: 9 });
    expect(extendCancelled.status).toBe(409);
    expect(extendCancelled.body.error).toMatchObject({ code: 'ERR_CAMPAIGN_FINISHED' });
    expect(extendCancelled.body.error.message).toContain('is cancelled');
    expect((await post(`${second.base}/v1/campaigns/${going}/pause`, {})).body.error.message).toContain('is cancelled');

    const unknown = '3f0c6a52-0000-4000-8000-000000000000';
    for (const [path, body] of [['pause', {}], ['resume', {}], ['budget', { maxExperiments: 5 }]] as const) {
      const answer = await post(`${second.base}/v1/campaigns/${unknown}/${path}`, body);
      expect(answer.status, path).toBe(404);
      expect(answer.body.error.code).toBe('ERR_CAMPAIGN_NOT_FOUND');
    }
  });

  it('documents the three routes in the OpenAPI document', async () => {
    const spec = (await (await fetch(`${second.base}/docs/json`)).json()) as { paths: Record<string, { post?: { summary?: string; description?: string } }> };
    for (const path of ['/v1/campaigns/{id}/pause', '/v1/campaigns/{id}/resume', '/v1/campaigns/{id}/budget']) {
      expect(spec.paths[path]?.post?.summary, path).toBeTruthy();
      expect(spec.paths[path]?.post?.description, path).toBeTruthy();
    }
    expect(spec.paths['/v1/campaigns/{id}/budget']!.post!.description).toContain('reopens');
  });
});
