import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContracts, type AgentRunnerClient, type WireRunEventOutput } from '@codec-lab/contracts';
import { configToWire, sourceToWire } from '@codec-lab/rpc';
import { BASELINE_CONFIG, type ExperimentConfig, type Source } from '@codec-lab/domain';

// SIGTERM on the real agent-runner process: it drains what is running within its grace period,
// and past it cancels the rest and kills their ffmpeg.

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function startRunnerProcess(graceMs: number, extraEnv: Record<string, string> = {}): Promise<{ child: ChildProcess; client: AgentRunnerClient; exited: Promise<number | null> }> {
  const dir = mkdtempSync(join(tmpdir(), 'codeclab-shutdown-'));
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', 'agent-runner', 'main.js')], {
    env: { ...process.env, GRPC_PORT: '0', HTTP_PORT: '0', HOST: '127.0.0.1', ARTIFACT_DIR: join(dir, 'a'), SHUTDOWN_GRACE_MS: String(graceMs), LOG_LEVEL: 'warn', ...extraEnv },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(() => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  const urls = await new Promise<{ grpc: string }>((resolve) => child.on('message', (m: { type: string; urls: { grpc: string } }) => m.type === 'ready' && resolve(m.urls)));
  const client = new (loadContracts().codeclab.v1.AgentRunner)(urls.grpc, credentials.createInsecure()) as AgentRunnerClient;
  cleanups.push(() => client.close());
  return { child, client, exited };
}

function run(client: AgentRunnerClient, id: string, source: Source, config: ExperimentConfig) {
  const events: WireRunEventOutput[] = [];
  const call = client.RunExperiment({ experimentId: id, source: sourceToWire(source), config: configToWire(config) });
  const done = new Promise<{ code: number; events: WireRunEventOutput[] }>((resolve) => {
    call.on('data', (e: WireRunEventOutput) => events.push(e));
    call.on('error', (e: ServiceError) => resolve({ code: e.code, events }));
    call.on('end', () => resolve({ code: status.OK, events }));
  });
  return { events, done };
}

function ffmpegChildren(pid: number): number {
  try {
    return execFileSync('pgrep', ['-P', String(pid), 'ffmpeg'], { encoding: 'utf8' }).split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
}

const MEDIUM: Source = { kind: 'synthetic', generator: 'testsrc2', width: 320, height: 180, fps: 30, seconds: 4 };

describe('agent-runner per-experiment timeout', () => {
  it('stops an experiment that runs past EXPERIMENT_TIMEOUT_SECONDS with DEADLINE_EXCEEDED, and kills its ffmpeg', async () => {
    const runner = await startRunnerProcess(5_000, { EXPERIMENT_TIMEOUT_SECONDS: '1' });
    const long: Source = { kind: 'synthetic', generator: 'testsrc2', width: 640, height: 360, fps: 30, seconds: 30 };
    const started = Date.now();
    const call = run(runner.client, 'slow', long, { ...BASELINE_CONFIG, encoder: 'libx265', preset: 'veryslow' });
    const { code } = await call.done;
    expect(code).toBe(status.DEADLINE_EXCEEDED);
    expect(Date.now() - started).toBeLessThan(8_000);
    await expect.poll(() => ffmpegChildren(runner.child.pid!), { timeout: 3_000 }).toBe(0);
    // And it keeps serving.
    const next = await run(runner.client, 'after', { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 }, BASELINE_CONFIG).done;
    expect(next.code).toBe(status.OK);
  });
});

describe('agent-runner on SIGTERM', () => {
  it('finishes the experiment in flight within the grace period, then exits 0', async () => {
    const runner = await startRunnerProcess(60_000);
    const call = run(runner.client, 'drain', MEDIUM, BASELINE_CONFIG);
    await expect.poll(() => call.events.length > 0, { timeout: 10_000 }).toBe(true);
    runner.child.kill('SIGTERM');
    const { code, events } = await call.done;
    expect(code).toBe(status.OK);
    expect(events.at(-1)?.result?.frames).toBe(120);
    expect(await runner.exited).toBe(0);
  });

  it('past the grace period cancels the experiment and kills its ffmpeg', async () => {
    const runner = await startRunnerProcess(500);
    const long: Source = { kind: 'synthetic', generator: 'testsrc2', width: 640, height: 360, fps: 30, seconds: 30 };
    const call = run(runner.client, 'cut', long, { ...BASELINE_CONFIG, encoder: 'libx265', preset: 'veryslow' });
    await expect.poll(() => call.events.length > 0, { timeout: 10_000 }).toBe(true);
    expect(ffmpegChildren(runner.child.pid!)).toBe(1);
    const stoppedAt = Date.now();
    runner.child.kill('SIGTERM');
    const { code } = await call.done;
    expect([status.CANCELLED, status.UNAVAILABLE]).toContain(code);
    expect(await runner.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(8_000);
  });
});
