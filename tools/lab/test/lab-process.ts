import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface RunningLab {
  readonly process: ChildProcess;
  readonly orchestrator: string;
  readonly dashboard: string;
  readonly metrics: Record<string, string>;
  readonly pids: number[];
  /** Each service's process id, by name. */
  readonly services: Record<string, number>;
  readonly output: () => string;
  /** Sends SIGINT (as Ctrl-C does) and resolves with the exit code. */
  stop(): Promise<number | null>;
}

interface LabReady {
  type: 'lab-ready';
  services: Record<string, { http?: string; grpc?: string; metrics: string; pid: number }>;
}

/** Starts the lab bundle exactly as `npm start` does, on free ports, with its data in `dataDir`. */
export function startLab(dataDir: string, extraEnv: Record<string, string> = {}): Promise<RunningLab> {
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', 'lab', 'main.js')], {
    cwd: root,
    env: { ...process.env, LAB_DATA_DIR: dataDir, LAB_PORTS: 'auto', LOG_LEVEL: 'info', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`lab not ready in time:\n${output}`));
    }, 90_000);
    exited.then((code) => reject(new Error(`lab exited with ${code} before it was ready:\n${output}`)));
    child.on('message', (message: LabReady) => {
      if (message.type !== 'lab-ready') return;
      clearTimeout(timer);
      const services = message.services;
      resolve({
        process: child,
        orchestrator: services['orchestrator']!.http!,
        dashboard: services['dashboard-api']!.http!,
        metrics: Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.metrics])),
        pids: Object.values(services).map((s) => s.pid),
        services: Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.pid])),
        output: () => output,
        stop: () => {
          child.kill('SIGINT');
          return exited;
        },
      });
    });
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function getJson<T = unknown>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as T };
}

export async function postJson<T = unknown>(url: string, body: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as T };
}

/** Polls until `done` returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, timeoutMs: number, done: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await done();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
