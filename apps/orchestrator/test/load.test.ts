import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Experiment } from '@codec-lab/domain';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '@codec-lab/store/embedded';
import { ffmpegPids, post, startOrchestratorProcess, startRunnerProcess, waitFinished } from './support.ts';

// 50 campaigns queued at once on tiny sources: all finish, and never more experiments run at
// once than the global limit. Batched rounds run their experiments in parallel.

const LIMIT = 2;
let store: EmbeddedDynamo;
let runners: Awaited<ReturnType<typeof startRunnerProcess>>[];
let orchestrator: Awaited<ReturnType<typeof startOrchestratorProcess>>;

beforeAll(async () => {
  store = await startEmbeddedDynamo({});
  runners = await Promise.all([startRunnerProcess(), startRunnerProcess()]);
  orchestrator = await startOrchestratorProcess({
    DYNAMODB_ENDPOINT: store.endpoint,
    CREATE_TABLES: 'true',
    RUNNER_ADDR: `ipv4:${runners.map((r) => r.addr).join(',')}`,
    GLOBAL_MAX_EXPERIMENTS: String(LIMIT),
    CAMPAIGN_CONCURRENCY: '8',
    RATE_LIMIT_PER_MINUTE: '10000',
  });
});

afterAll(async () => {
  orchestrator?.child.kill('SIGTERM');
  await orchestrator?.exited;
  for (const r of runners ?? []) {
    r.stop();
    for (const pid of ffmpegPids(r.dir)) process.kill(pid, 'SIGKILL');
    rmSync(r.dir, { recursive: true, force: true });
  }
  await store?.close();
});

/** Most experiments whose [startedAt, finishedAt] intervals overlap at one instant. */
function maxOverlap(experiments: Experiment[]): number {
  const edges = experiments.flatMap((e) => [
    [Date.parse(e.startedAt!), 1],
    [Date.parse(e.finishedAt!), -1],
  ]) as [number, number][];
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let most = 0;
  for (const [, delta] of edges) most = Math.max(most, (running += delta));
  return most;
}

describe('load', () => {
  it('finishes 50 queued campaigns within the global concurrency limit', async () => {
    const started = Date.now();
    const source = { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 0.5 };
    const ids = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => (await post(`${orchestrator.base}/v1/campaigns`, { source, objective: { targetBitrateMbps: 0.05 + i / 1000 }, maxExperiments: 1 })).body.id as string),
    );
    const experiments: Experiment[] = [];
    for (const id of ids) {
      expect((await waitFinished(orchestrator.base, id, 300_000)).status).toBe('succeeded');
      experiments.push(...((await (await fetch(`${orchestrator.base}/v1/campaigns/${id}/experiments`)).json()) as { items: Experiment[] }).items);
    }
    expect(experiments).toHaveLength(50);
    expect(experiments.every((e) => e.status === 'succeeded' && e.attempts === 1)).toBe(true);
    const overlap = maxOverlap(experiments);
    expect(overlap).toBeLessThanOrEqual(LIMIT);
    console.log(`load: 50 campaigns in ${((Date.now() - started) / 1000).toFixed(1)} s, at most ${overlap} experiments at once (limit ${LIMIT})`);
  });

  it('runs a batched round of experiments in parallel', async () => {
    const budget = 4;
    const { body } = await post(`${orchestrator.base}/v1/campaigns`, {
      source: { kind: 'synthetic', generator: 'testsrc2', width: 320, height: 180, fps: 30, seconds: 2 },
      objective: { targetBitrateMbps: 0.1 },
      maxExperiments: budget,
      batchSize: 2,
    });
    expect((await waitFinished(orchestrator.base, body.id)).status).toBe('succeeded');
    const { items } = (await (await fetch(`${orchestrator.base}/v1/campaigns/${body.id}/experiments`)).json()) as { items: Experiment[] };
    // The first round (the baseline and a bracketing CRF) is always two; the planner may end the
    // second round early (one experiment left and nothing safe to try), so it holds one or two.
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items.length).toBeLessThanOrEqual(budget);
    expect(items.every((e) => e.status === 'succeeded')).toBe(true);
    expect(new Set(items.map((e) => e.configHash)).size).toBe(items.length);
    // Rounds of two: 1-2 together, then 3-4 together, and the second only after the first.
    const [first, second] = [items.slice(0, 2), items.slice(2, 4)];
    expect(maxOverlap(first)).toBe(2);
    expect(maxOverlap(second)).toBe(second.length);
    const firstDone = Math.max(...first.map((e) => Date.parse(e.finishedAt!)));
    for (const e of second) expect(Date.parse(e.startedAt!)).toBeGreaterThanOrEqual(firstDone);
  });
});
