import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '@codec-lab/store/embedded';
import { loadConfig } from '../src/config.ts';
import { startOrchestrator } from '../src/server.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A real agent-runner process (the bundle `npm start` runs) on a free port. */
export async function startRunnerProcess(): Promise<{ addr: string; stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'codeclab-orch-runner-'));
  const child: ChildProcess = spawn(process.execPath, [join(root, 'dist', 'apps', 'agent-runner', 'main.js')], {
    env: { ...process.env, GRPC_PORT: '0', HTTP_PORT: '0', HOST: '127.0.0.1', ARTIFACT_DIR: join(dir, 'artifacts'), LOG_LEVEL: 'warn', MAX_CONCURRENT: '2' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const urls = await new Promise<{ grpc: string }>((resolve) => child.on('message', (m: { type: string; urls: { grpc: string } }) => m.type === 'ready' && resolve(m.urls)));
  return {
    addr: urls.grpc,
    stop: () => {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
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
