import { createServer } from 'node:net';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContracts, type AgentRunnerClient, type WireLoadOutput } from '@codec-lab/contracts';
import type { Experiment } from '@codec-lab/domain';
import { insecureCredentials } from '@codec-lab/rpc';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '@codec-lab/store/embedded';
import { ffmpegPids, post, startOrchestratorProcess, startRunnerProcess, TINY, waitFinished } from './support.ts';

// Capacity-aware scheduling with real processes: three agent-runners of MAX_CONCURRENT 1, 2 and 3
// and two orchestrators sharing one store, with more experiments queued at once than the runners
// hold. No runner refuses one (the orchestrators' codeclab_runner_refusals_total and the runners'
// own refused count stay 0), no runner ever runs more than its MAX_CONCURRENT (the store's
// timestamps per runner, and GetLoad sampled throughout), every runner is used, and a fourth
// runner started mid-test is found by both orchestrators at a refresh and used by the next wave.
// Nothing here depends on how fast the machine encodes.

const POLL_SECONDS = 1;
const WAVE = 16;
type Runner = Awaited<ReturnType<typeof startRunnerProcess>> & { max: number; client: AgentRunnerClient; peak: number };

let store: EmbeddedDynamo;
const runners: Runner[] = [];
let orchestrators: Awaited<ReturnType<typeof startOrchestratorProcess>>[] = [];
let sampler: NodeJS.Timeout | undefined;
let latePort: number;

const proto = loadContracts();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function runner(max: number, env: Record<string, string> = {}): Promise<Runner> {
  const r = await startRunnerProcess({ MAX_CONCURRENT: String(max), ...env });
  const client = new proto.codeclab.v1.AgentRunner(r.addr, insecureCredentials()) as AgentRunnerClient;
  const started = { ...r, max, client, peak: 0 };
  runners.push(started);
  return started;
}

const load = (r: Runner) =>
  new Promise<WireLoadOutput | undefined>((resolve) => r.client.GetLoad({}, { deadline: Date.now() + 2_000 }, (error, answer) => resolve(error ? undefined : answer)));

/** Sums a metric's samples in a Prometheus text exposition, optionally only those whose labels include `having`. */
async function metric(url: string, name: string, having = ''): Promise<{ sum: number; count: number }> {
  const lines = (await (await fetch(url)).text()).split('\n').filter((line) => (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) && line.includes(having));
  return { sum: lines.reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0), count: lines.length };
}

/** Most experiments whose [startedAt, finishedAt] intervals overlap at one instant (an end before a start at the same instant). */
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

/** Queues `count` single experiments at once, alternating between the orchestrators, and waits for them all. */
async function wave(count: number, offset: number): Promise<Experiment[]> {
  const ids = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const config = { strategy: 'codec', encoder: 'libx264', preset: 'veryfast', rateControl: { mode: 'crf', crf: 18 + ((offset + i) % 30) } };
      const created = await post(`${orchestrators[i % 2]!.base}/v1/experiments`, { source: TINY, config, objective: { targetBitrateMbps: 0.05 + (offset + i) / 1000 } });
      expect(created.status).toBe(201);
      return created.body.id as string;
    }),
  );
  const experiments: Experiment[] = [];
  for (const id of ids) {
    expect((await waitFinished(orchestrators[0]!.base, id, 300_000)).status).toBe('succeeded');
    experiments.push(...((await (await fetch(`${orchestrators[0]!.base}/v1/campaigns/${id}/experiments`)).json()) as { items: Experiment[] }).items);
  }
  return experiments;
}

const ranOn = (experiments: Experiment[], r: Runner) => experiments.filter((e) => e.result!.artifactUri.includes(r.dir));

beforeAll(async () => {
  store = await startEmbeddedDynamo({});
  latePort = await freePort();
  await Promise.all([runner(1), runner(2), runner(3)]);
  // The fourth endpoint is listed from the start, as a headless Service lists a pod once it is up: nothing answers there yet.
  const env = {
    DYNAMODB_ENDPOINT: store.endpoint,
    CREATE_TABLES: 'true',
    RUNNER_ADDR: `ipv4:${[...runners.map((r) => r.addr), `127.0.0.1:${latePort}`].join(',')}`,
    POLL_SECONDS: String(POLL_SECONDS),
    // The runners' capacity, not the global limit, is what binds here.
    GLOBAL_MAX_EXPERIMENTS: '40',
    CAMPAIGN_CONCURRENCY: String(WAVE),
    RATE_LIMIT_PER_MINUTE: '100000',
  };
  orchestrators = [await startOrchestratorProcess(env), await startOrchestratorProcess(env)];
  sampler = setInterval(() => {
    for (const r of runners) void load(r).then((l) => (r.peak = Math.max(r.peak, l?.active ?? 0)));
  }, 20);
});

afterAll(async () => {
  clearInterval(sampler);
  for (const o of orchestrators) o.child.kill('SIGTERM');
  await Promise.all(orchestrators.map((o) => o.exited));
  for (const r of runners) {
    r.client.close();
    r.stop();
    for (const pid of ffmpegPids(r.dir)) process.kill(pid, 'SIGKILL');
    rmSync(r.dir, { recursive: true, force: true });
  }
  await store?.close();
});

describe('capacity-aware scheduling', () => {
  it('fills runners of different capacity without a refusal, and uses a runner added mid-test after the next refresh', async () => {
    for (const o of orchestrators) expect(await metric(`${o.base}/metrics`, 'codeclab_runner_capacity')).toEqual({ sum: 6, count: 3 });

    const first = await wave(WAVE, 0);
    expect(first).toHaveLength(WAVE);
    expect(first.every((e) => e.status === 'succeeded' && e.attempts === 1)).toBe(true);
    for (const r of runners) expect(ranOn(first, r).length, `runner of ${r.max}`).toBeGreaterThan(0);

    // A runner scales in: both orchestrators see it at a refresh.
    const late = await runner(2, { GRPC_PORT: String(latePort) });
    const upAt = Date.now();
    for (const o of orchestrators) {
      await expect.poll(() => metric(`${o.base}/metrics`, 'codeclab_runner_capacity'), { timeout: 20 * POLL_SECONDS * 1000, interval: 100 }).toEqual({ sum: 8, count: 4 });
    }
    const foundAfterMs = Date.now() - upAt;

    const second = await wave(WAVE, WAVE);
    expect(second.every((e) => e.status === 'succeeded' && e.attempts === 1)).toBe(true);
    for (const r of runners) expect(ranOn(second, r).length, `runner of ${r.max}${r === late ? ' (late)' : ''}`).toBeGreaterThan(0);

    const all = [...first, ...second];
    expect(runners.reduce((n, r) => n + ranOn(all, r).length, 0)).toBe(all.length);
    for (const r of runners) {
      // The store's own account: a runner's experiments, from marked running to stored, never overlap more than its slots.
      expect(maxOverlap(ranOn(all, r)), `runner of ${r.max}`).toBeLessThanOrEqual(r.max);
      expect(r.peak).toBeLessThanOrEqual(r.max);
      expect((await metric(r.metrics, 'codeclab_runner_experiments_total', 'status="refused"')).sum).toBe(0);
      expect((await metric(r.metrics, 'codeclab_runner_experiments_total', 'status="succeeded"')).sum).toBe(ranOn(all, r).length);
    }
    let waits = 0;
    for (const o of orchestrators) {
      expect((await metric(`${o.base}/metrics`, 'codeclab_runner_refusals_total')).sum).toBe(0);
      waits += (await metric(`${o.base}/metrics`, 'codeclab_runner_slot_waits_total')).sum;
    }
    console.log(
      `capacity: ${all.length} experiments, per runner ${runners.map((r) => `${r.max}:${ranOn(all, r).length} (peak ${r.peak})`).join(', ')}; ` +
        `0 refusals; ${waits} waits for a runner slot; the late runner found ${foundAfterMs} ms after it was up (POLL_SECONDS ${POLL_SECONDS})`,
    );
  });
});
