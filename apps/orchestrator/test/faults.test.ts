import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_REGION, DEFAULT_TABLE_NAME } from '@codec-lab/config';
import type { Experiment } from '@codec-lab/domain';
import { createReadStore } from '@codec-lab/store';
import { startEmbeddedDynamo } from '@codec-lab/store/embedded';
import { ffmpegPids, post, startOrchestratorProcess, startRunnerProcess, TINY, waitFinished } from './support.ts';

// Fault injection with real processes: runners and orchestrators are killed with SIGKILL mid-work.
// Every campaign must complete, with no experiment lost or run twice, and the store consistent.
// How many experiments a campaign runs is the planner's call from what it measures (it may stop
// before the budget), so the checks hold for any length within the budget.

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dynamo() {
  const server = await startEmbeddedDynamo({});
  cleanups.push(() => server.close());
  return server.endpoint;
}

async function runner() {
  const r = await startRunnerProcess();
  cleanups.push(() => {
    r.stop();
    for (const pid of ffmpegPids(r.dir)) process.kill(pid, 'SIGKILL');
    rmSync(r.dir, { recursive: true, force: true });
  });
  return r;
}

async function orchestrator(env: Record<string, string>) {
  const o = await startOrchestratorProcess(env);
  cleanups.push(() => {
    o.child.kill('SIGKILL');
    return o.exited;
  });
  return o;
}

async function experimentsOf(base: string, id: string): Promise<Experiment[]> {
  return ((await (await fetch(`${base}/v1/campaigns/${id}/experiments`)).json()) as { items: Experiment[] }).items;
}

/**
 * No experiment lost or doubled: seqs 1..n without a gap, each run to success, each config once,
 * each analysed, at most the budget, and the campaign's own account of why it ended agrees.
 */
function assertConsistent(campaign: { stopReason?: string }, experiments: Experiment[], budget: number) {
  const n = experiments.length;
  expect(n).toBeGreaterThanOrEqual(1);
  expect(n).toBeLessThanOrEqual(budget);
  expect(experiments.map((e) => e.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  expect(experiments.every((e) => e.status === 'succeeded')).toBe(true);
  expect(new Set(experiments.map((e) => e.configHash)).size).toBe(n);
  expect(experiments.every((e) => e.analysis !== undefined)).toBe(true);
  if (n === budget) expect(campaign.stopReason).toBe(`budget spent: ${budget} of ${budget} experiments run`);
  else expect(campaign.stopReason).toMatch(new RegExp(`^analyst stopped early after ${n} experiments: `));
}

const MEDIUM = { kind: 'synthetic', generator: 'testsrc2', width: 640, height: 360, fps: 30, seconds: 4 } as const;

describe('faults', () => {
  it('a runner killed during an encode: the experiment is retried on the other runner', async () => {
    const [store, a, b] = await Promise.all([dynamo(), runner(), runner()]);
    const o = await orchestrator({ DYNAMODB_ENDPOINT: store, CREATE_TABLES: 'true', RUNNER_ADDR: `ipv4:${a.addr},${b.addr}` });
    const { body } = await post(`${o.base}/v1/campaigns`, { source: MEDIUM, objective: { targetBitrateMbps: 0.3 }, maxExperiments: 3 });
    // Kill whichever runner is encoding first.
    let victim: typeof a | undefined;
    await expect.poll(() => (victim = [a, b].find((r) => ffmpegPids(r.dir).length > 0)), { timeout: 30_000, interval: 50 }).toBeDefined();
    victim!.child.kill('SIGKILL');
    for (const pid of ffmpegPids(victim!.dir)) process.kill(pid, 'SIGKILL');
    const survivor = victim === a ? b : a;

    const campaign = await waitFinished(o.base, body.id);
    expect(campaign.status).toBe('succeeded');
    const experiments = await experimentsOf(o.base, body.id);
    assertConsistent(campaign, experiments, 3);
    // Every artifact that counts was made by the runner that survived.
    expect(experiments.every((e) => e.result!.artifactUri.includes(survivor.dir))).toBe(true);
  });

  it('an orchestrator killed mid-campaign: another picks the campaign up when the lease expires, and nothing runs twice', async () => {
    const [endpoint, r] = await Promise.all([dynamo(), runner()]);
    const env = { DYNAMODB_ENDPOINT: endpoint, CREATE_TABLES: 'true', RUNNER_ADDR: r.addr, LEASE_SECONDS: '2', POLL_SECONDS: '0.5' };
    const first = await orchestrator(env);
    const store = createReadStore({ endpoint, region: DEFAULT_REGION, tableName: DEFAULT_TABLE_NAME });
    cleanups.push(() => store.close());
    const { body } = await post(`${first.base}/v1/campaigns`, { source: MEDIUM, objective: { targetBitrateMbps: 0.3 }, maxExperiments: 4 });
    // Freeze the orchestrator while an experiment after the baseline runs, and read what it leaves
    // in the store; if that experiment finished in the moment between, let it go on to the next.
    let runningAtDeath: number[] = [];
    while (runningAtDeath.length === 0) {
      await expect.poll(async () => (await experimentsOf(first.base, body.id)).some((e) => e.seq >= 2 && e.status === 'running'), { timeout: 60_000, interval: 50 }).toBe(true);
      first.child.kill('SIGSTOP');
      runningAtDeath = (await store.experiments.listByCampaign(body.id)).filter((e) => e.status === 'running').map((e) => e.seq);
      if (runningAtDeath.length === 0) first.child.kill('SIGCONT');
    }
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await orchestrator(env);
    const campaign = await waitFinished(second.base, body.id);
    expect(campaign.status).toBe('succeeded');
    const experiments = await experimentsOf(second.base, body.id);
    assertConsistent(campaign, experiments, 4);
    // The experiment that was running when the orchestrator died ran again, once; the rest once.
    expect(experiments.filter((e) => e.attempts === 2).map((e) => e.seq)).toEqual(runningAtDeath);
    expect(experiments.filter((e) => !runningAtDeath.includes(e.seq)).every((e) => e.attempts === 1)).toBe(true);
  });

  it('two orchestrators on one store: each campaign is driven by exactly one, and every experiment runs once', async () => {
    const [store, r] = await Promise.all([dynamo(), runner()]);
    const env = { DYNAMODB_ENDPOINT: store, CREATE_TABLES: 'true', RUNNER_ADDR: r.addr, POLL_SECONDS: '0.3', CAMPAIGN_CONCURRENCY: '3' };
    const [one, two] = [await orchestrator(env), await orchestrator(env)];
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { body } = await post(`${(i % 2 ? one : two).base}/v1/campaigns`, { source: TINY, objective: { targetBitrateMbps: 0.05 + 0.01 * i }, maxExperiments: 3 });
      ids.push(body.id);
    }
    let stored = 0;
    for (const id of ids) {
      const campaign = await waitFinished(one.base, id);
      expect(campaign.status).toBe('succeeded');
      const experiments = await experimentsOf(one.base, id);
      assertConsistent(campaign, experiments, 3);
      expect(experiments.every((e) => e.attempts === 1)).toBe(true);
      stored += experiments.length;
    }
    // The runner ran exactly as many experiments as the store holds: none twice.
    const metrics = await (await fetch(r.metrics)).text();
    const ran = metrics
      .split('\n')
      .filter((line) => line.startsWith('codeclab_runner_experiments_total{') && line.includes('status="succeeded"'))
      .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
    expect(ran).toBe(stored);
  });
});
