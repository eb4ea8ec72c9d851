import { Worker } from 'node:worker_threads';
import type { FitResult } from '@codec-lab/procedural';
import type { FitJob, FitMessage } from '../fit-worker.ts';

// Runs the fit on a worker thread (fit-worker.ts): the runner keeps answering while it works. The
// worker is the bundle's fit-worker.js beside main.js, or the source file when run from source.

const workerUrl = import.meta.url.endsWith('.ts') ? new URL('../fit-worker.ts', import.meta.url) : new URL('./fit-worker.js', import.meta.url);

/** The fit of a raw file's frames; aborting terminates the worker and rejects with the signal's reason. */
export function fitOnWorker(job: FitJob, signal: AbortSignal | undefined, onProgress: ((p: { stage: string; percent: number }) => void) | undefined): Promise<FitResult> {
  signal?.throwIfAborted();
  return new Promise<FitResult>((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: job });
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      done();
    };
    const abort = () => settle(() => void worker.terminate().finally(() => reject(signal!.reason)));
    signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (message: FitMessage) => {
      if (message.type === 'progress') onProgress?.(message);
      else settle(() => resolve(message.result));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the fit's worker thread exited with code ${code} before it answered`))));
  });
}
