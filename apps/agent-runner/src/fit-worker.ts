import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
// A relative import, not the @codec-lab/procedural alias: started from source (tests), this worker
// is loaded by Node itself, which knows no tsconfig paths; the bundle inlines the library either way.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { fitScene, framesOfRaw, type FitOptions, type FitResult } from '../../../libs/procedural/src/index.ts';

// The parameter-storage fit on a worker thread: minutes of arithmetic that would otherwise hold the
// runner's event loop (its gRPC server, keepalive answers, health and metrics) for seconds at a
// time. It reads the decoded frames from the raw file itself, reports progress, and posts the
// result; the runner terminates it to cancel.

export interface FitJob {
  readonly path: string;
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  readonly options: Omit<FitOptions, 'signal' | 'onProgress'>;
}

export type FitMessage = { readonly type: 'progress'; readonly stage: string; readonly percent: number } | { readonly type: 'done'; readonly result: FitResult };

const job = workerData as FitJob;
const post = (message: FitMessage) => parentPort!.postMessage(message);
const frames = framesOfRaw(await readFile(job.path), job.width, job.height, job.frames);
const result = await fitScene(frames, { ...job.options, onProgress: (p) => post({ type: 'progress', ...p }) });
post({ type: 'done', result });
