import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { ReadyMessage } from '@codec-lab/config';

export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly urls: Record<string, string>;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
}

/**
 * Starts one service bundle as its own process (own process group, so a terminal's Ctrl-C reaches
 * only the supervisor, which stops services in order) and waits for its ready message.
 */
export function startService(options: {
  name: string;
  entry: string;
  env: Record<string, string>;
  logDir: string;
  echo: boolean;
  readyTimeoutMs: number;
  /** Called at spawn, before the service is ready, so a failed start never leaves it behind. */
  onSpawn: (child: ChildProcess) => void;
}): Promise<ServiceProcess> {
  // The service writes its log to the file itself (or to this terminal), never through a pipe
  // this process reads: if the supervisor dies, the service must still be able to log its own
  // shutdown; a write to a pipe nobody reads would block it instead.
  const log = options.echo ? 'inherit' : openSync(join(options.logDir, `${options.name}.log`), 'a');
  const child = spawn(process.execPath, ['--enable-source-maps', options.entry], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', log, log, 'ipc'],
    detached: true,
  });
  if (typeof log === 'number') closeSync(log);
  options.onSpawn(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise<ServiceProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.name} was not ready after ${options.readyTimeoutMs / 1000} s (see ${options.logDir}/${options.name}.log)`));
    }, options.readyTimeoutMs);
    child.on('message', (message: ReadyMessage) => {
      if (message?.type !== 'ready') return;
      clearTimeout(timer);
      resolve({ name: options.name, child, urls: message.urls, exited });
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited with code ${code} before it was ready (see ${options.logDir}/${options.name}.log)`));
    });
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
export async function stopService(service: ServiceProcess, graceMs: number): Promise<number | null> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return service.child.exitCode;
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => service.child.kill('SIGKILL'), graceMs);
  const code = await service.exited;
  clearTimeout(timer);
  return code;
}
