import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '@codec-lab/store/embedded';
import { loadConfig } from '../src/config.ts';
import { startOrchestrator } from '../src/server.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A real agent-runner process (the bundle `npm start` runs) on a free port; a variable set to undefined is left out. */
export async function startRunnerProcess(env: Record<string, string | undefined> = {}): Promise<{ addr: string; metrics: string; dir: string; child: ChildProcess; stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'codeclab-orch-runner-'));
  const child: ChildProcess = spawn(process.execPath, [join(root, 'dist', 'apps', 'agent-runner', 'main.js')], {
    env: { ...process.env, GRPC_PORT: '0', HTTP_PORT: '0', HOST: '127.0.0.1', ARTIFACT_DIR: join(dir, 'artifacts'), LOG_LEVEL: 'warn', MAX_CONCURRENT: '2', ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const urls = await new Promise<{ grpc: string; metrics: string }>((resolve) =>
    child.on('message', (m: { type: string; urls: { grpc: string; metrics: string } }) => m.type === 'ready' && resolve(m.urls)),
  );
  return {
    addr: urls.grpc.replace('localhost', '127.0.0.1'),
    metrics: urls.metrics.replace('localhost', '127.0.0.1'),
    dir,
    child,
    stop: () => {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** llm-analyst as `npm start` runs it (the bundle), without a language model: its planner answers. */
export async function startAnalystProcess(): Promise<{ addr: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', 'llm-analyst', 'main.js')], {
    env: { ...process.env, GRPC_PORT: '0', HTTP_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const urls = await new Promise<{ grpc: string }>((resolve) => child.on('message', (m: { type: string; urls: { grpc: string } }) => m.type === 'ready' && resolve(m.urls)));
  return { addr: urls.grpc.replace('localhost', '127.0.0.1'), child };
}

/** dynalite plus an in-process orchestrator; llm-analyst is left unreachable (the local planner stands in). */
export async function startOrchestratorStack(runnerAddr: string, env: Record<string, string> = {}) {
  const dynamo: EmbeddedDynamo = await startEmbeddedDynamo({});
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    CREATE_TABLES: 'true',
    RUNNER_ADDR: runnerAddr,
    ANALYST_ADDR: '127.0.0.1:1',
    ANALYST_DEADLINE_SECONDS: '2',
    // Tests stop the stack at once: campaigns still running are left as they are.
    SHUTDOWN_GRACE_MS: '0',
    ...env,
  });
  const orchestrator = await startOrchestrator(config, pino({ level: 'silent' }));
  return {
    base: `http://127.0.0.1:${orchestrator.port}`,
    async stop() {
      await orchestrator.close();
      await dynamo.close();
    },
  };
}

export const TINY = { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 } as const;

export async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, headers: response.headers, body: json as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** An orchestrator as its own process (the bundle), so that a test can SIGKILL it. */
export async function startOrchestratorProcess(env: Record<string, string>): Promise<{ base: string; child: ChildProcess; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', 'orchestrator', 'main.js')], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ANALYST_ADDR: '127.0.0.1:1', ANALYST_DEADLINE_SECONDS: '2', ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const urls = await new Promise<{ http: string }>((resolve, reject) => {
    child.on('message', (m: { type: string; urls: { http: string } }) => m.type === 'ready' && resolve(m.urls));
    exited.then((code) => reject(new Error(`orchestrator exited with ${code}`)));
  });
  return { base: urls.http.replace('localhost', '127.0.0.1'), child, exited };
}

/** Polls a campaign until it is no longer queued or running. */
export async function waitFinished(base: string, id: string, timeoutMs = 120_000): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${base}/v1/campaigns/${id}`).catch(() => undefined);
    if (response?.ok) {
      const campaign = (await response.json()) as { status: string };
      if (!['queued', 'running'].includes(campaign.status)) return campaign;
    }
    if (Date.now() > deadline) throw new Error(`campaign ${id} did not finish in time`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** ffmpeg processes whose command line mentions `needle` (e.g. a runner's artifact folder). */
export function ffmpegPids(needle: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', `ffmpeg.*${needle}`], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
