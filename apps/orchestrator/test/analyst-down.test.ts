import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign, Experiment } from '@codec-lab/domain';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '@codec-lab/store/embedded';
import { loadConfig } from '../src/config.ts';
import { startOrchestrator } from '../src/server.ts';

// llm-analyst unreachable for a whole campaign: the orchestrator's own planner stands in, and every
// proposal and analysis says so. How many experiments it runs is the planner's call from what it
// measures (it may stop before the budget), so the counts come from the store.

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
let dir: string;
let dynamo: EmbeddedDynamo;
let runner: ChildProcess;
let orchestrator: Awaited<ReturnType<typeof startOrchestrator>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'codeclab-analyst-down-'));
  dynamo = await startEmbeddedDynamo({});
  runner = spawn(process.execPath, [join(root, 'dist', 'apps', 'agent-runner', 'main.js')], {
    env: { ...process.env, GRPC_PORT: '0', HTTP_PORT: '0', HOST: '127.0.0.1', ARTIFACT_DIR: join(dir, 'artifacts'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const urls = await new Promise<{ grpc: string }>((resolve) => runner.on('message', (m: { type: string; urls: { grpc: string } }) => m.type === 'ready' && resolve(m.urls)));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    CREATE_TABLES: 'true',
    RUNNER_ADDR: urls.grpc,
    // Nothing listens here.
    ANALYST_ADDR: '127.0.0.1:1',
    ANALYST_DEADLINE_SECONDS: '2',
  });
  orchestrator = await startOrchestrator(config, pino({ level: 'silent' }));
});

afterAll(async () => {
  await orchestrator?.close();
  runner?.kill('SIGTERM');
  await dynamo?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('llm-analyst down', () => {
  it('finishes the campaign with the local planner, labelled fallback with the reason', async () => {
    const base = `http://127.0.0.1:${orchestrator.port}`;
    const created = await fetch(`${base}/v1/campaigns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        source: { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 },
        objective: { targetBitrateMbps: 0.06 },
        maxExperiments: 3,
      }),
    });
    const { id } = (await created.json()) as Campaign;
    await expect.poll(async () => ((await (await fetch(`${base}/v1/campaigns/${id}`)).json()) as Campaign).status, { timeout: 60_000, interval: 250 }).toBe('succeeded');
    const { items } = (await (await fetch(`${base}/v1/campaigns/${id}/experiments`)).json()) as { items: Experiment[] };
    // The baseline and at least one stand-in proposal (two experiments left always leave the
    // planner a candidate), at most the budget.
    const n = items.length;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(n).toBeLessThanOrEqual(3);
    expect(items.map((e) => e.proposal.origin)).toEqual(['baseline', ...Array<string>(n - 1).fill('fallback')]);
    for (const e of items.slice(1)) expect(e.proposal.fallbackReason).toMatch(/^llm-analyst unavailable \(ERR_UNAVAILABLE/);
    expect(items.map((e) => e.analysis?.origin)).toEqual(Array<string>(n).fill('fallback'));
    expect(items.every((e) => e.status === 'succeeded')).toBe(true);
    expect(new Set(items.map((e) => e.configHash)).size).toBe(n);
  });
});
