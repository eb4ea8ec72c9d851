import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_REGION, DEFAULT_TABLE_NAME } from '@codec-lab/config';
import type { Experiment } from '@codec-lab/domain';
import { createReadStore, type ReadStore } from '@codec-lab/store';
import { startEmbeddedDynamo } from '@codec-lab/store/embedded';
import { ffmpegPids, post, startOrchestratorProcess, startRunnerProcess, waitFinished } from './support.ts';

// SIGTERM on a real orchestrator process while an experiment runs: within SHUTDOWN_GRACE_MS the
// experiment finishes and is stored, no further step starts, and the campaign is left for the next
// orchestrator; past the grace the experiment is cut and left `running`, to be run again on resume.

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An explicit experiment that encodes for seconds on two cores: certainly in flight when signalled. */
const SLOW = {
  source: { kind: 'synthetic', generator: 'testsrc2', width: 640, height: 360, fps: 30, seconds: 3 },
  config: { strategy: 'codec', encoder: 'libx265', preset: 'slow', rateControl: { mode: 'crf', crf: 30 } },
  objective: { targetBitrateMbps: 0.3 },
};

async function lab(graceMs: number) {
  const dynamo = await startEmbeddedDynamo({});
  cleanups.push(() => dynamo.close());
  const runner = await startRunnerProcess();
  cleanups.push(() => {
    runner.stop();
    for (const pid of ffmpegPids(runner.dir)) process.kill(pid, 'SIGKILL');
    rmSync(runner.dir, { recursive: true, force: true });
  });
  const env = { DYNAMODB_ENDPOINT: dynamo.endpoint, CREATE_TABLES: 'true', RUNNER_ADDR: runner.addr, LEASE_SECONDS: '2', POLL_SECONDS: '0.5' };
  const store: ReadStore = createReadStore({ endpoint: dynamo.endpoint, region: DEFAULT_REGION, tableName: DEFAULT_TABLE_NAME });
  cleanups.push(() => store.close());
  const start = async (extra: Record<string, string> = {}) => {
    const o = await startOrchestratorProcess({ ...env, ...extra });
    cleanups.push(() => {
      o.child.kill('SIGKILL');
      return o.exited;
    });
    return o;
  };
  const orchestrator = await start({ SHUTDOWN_GRACE_MS: String(graceMs) });
  const { body } = await post(`${orchestrator.base}/v1/experiments`, SLOW);
  const id = body.id as string;
  const experiment = async (): Promise<Experiment> => (await store.experiments.listByCampaign(id))[0]!;
  await expect.poll(async () => (await experiment().catch(() => undefined))?.status, { timeout: 30_000, interval: 50 }).toBe('running');
  return { orchestrator, start, store, id, experiment };
}

describe('orchestrator on SIGTERM', () => {
  it('lets the experiment in flight finish within SHUTDOWN_GRACE_MS, starts nothing more, and leaves the campaign to resume', async () => {
    const { orchestrator, start, store, id, experiment } = await lab(60_000);
    const signalledAt = Date.now();
    orchestrator.child.kill('SIGTERM');
    expect(await orchestrator.exited).toBe(0);

    const finished = await experiment();
    expect(finished).toMatchObject({ status: 'succeeded', attempts: 1 });
    // It was still encoding when the signal came, and was stored before the process went.
    expect(Date.parse(finished.finishedAt!)).toBeGreaterThan(signalledAt);
    // No further step: not analysed, and the campaign not finished, but left for another replica.
    expect(finished.analysis).toBeUndefined();
    expect((await store.campaigns.get(id)).status).toBe('running');

    const next = await start();
    expect((await waitFinished(next.base, id)).status).toBe('succeeded');
    expect(await experiment()).toMatchObject({ status: 'succeeded', attempts: 1, result: finished.result });
  });

  it('past the grace cuts the experiment and leaves it running, to be run again on resume', async () => {
    const { orchestrator, experiment } = await lab(0);
    orchestrator.child.kill('SIGTERM');
    expect(await orchestrator.exited).toBe(0);
    const cut = await experiment();
    expect(cut).toMatchObject({ status: 'running', attempts: 1 });
    expect(cut.result).toBeUndefined();
  });
});
