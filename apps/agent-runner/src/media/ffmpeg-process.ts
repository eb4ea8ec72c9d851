import { performance } from 'node:perf_hooks';
import { DomainError } from '@codec-lab/domain';
import type { FfmpegCommand } from 'fluent-ffmpeg';

/** One progress report of an encode or a measurement. */
export interface MediaProgress {
  readonly phase: 'encode' | 'measure';
  /** frames done / source frames x 100, clamped to 0..100, never decreasing. */
  readonly percent: number;
  readonly frames: number;
  readonly fps: number;
  readonly elapsedSeconds: number;
}

export type ProgressListener = (progress: MediaProgress) => void;

export interface RunFfmpegOptions {
  /** Names the run in error messages: "encode", "measurement". */
  readonly what: string;
  /** Code of the 'internal' error raised when ffmpeg fails. */
  readonly failureCode: string;
  readonly phase?: MediaProgress['phase'];
  readonly totalFrames?: number;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressListener | undefined;
  /** Every stderr line except the periodic `frame=` statistics. */
  readonly onStderrLine?: (line: string) => void;
}

export interface FfmpegRun {
  /** Wall time from spawn to exit. */
  readonly seconds: number;
  /** The last stderr lines, statistics lines left out. */
  readonly stderrTail: readonly string[];
}

const STDERR_TAIL_LINES = 40;
const ERROR_LINES = 6;
// ffmpeg's periodic statistics line; parsed here rather than through fluent-ffmpeg's 'progress'
// event, because listening to that event makes fluent-ffmpeg spawn an extra ffprobe of input 0
// (which fails for lavfi inputs and is a child nothing here could kill).
const STATS_LINE = /^frame=\s*(\d+)\s+fps=\s*([\d.]+)/;

const live = new Set<FfmpegCommand>();

/** How many ffmpeg processes started here are still running. */
export function liveFfmpegCount(): number {
  return live.size;
}

/** SIGKILLs every ffmpeg process still running (shutdown); returns how many were signalled. */
export function killAllFfmpeg(): number {
  const count = live.size;
  for (const command of live) command.kill('SIGKILL');
  return count;
}

/** The DomainError for a run stopped by `signal`: 'timeout' for AbortSignal.timeout, else 'cancelled'. */
export function abortError(signal: AbortSignal, what: string): DomainError {
  const reason: unknown = signal.reason;
  if (reason instanceof DomainError && (reason.kind === 'cancelled' || reason.kind === 'timeout')) return reason;
  if (reason instanceof DOMException && reason.name === 'TimeoutError') {
    return new DomainError('timeout', 'ERR_TIMEOUT', `${what} ran out of time; ffmpeg was killed`);
  }
  return new DomainError('cancelled', 'ERR_CANCELLED', `${what} was cancelled; ffmpeg was killed`);
}

/**
 * Runs a prepared command. Resolves when ffmpeg exits with 0; on abort SIGKILLs it and rejects
 * with 'cancelled' (or 'timeout'); on any other failure rejects with an 'internal' error quoting
 * ffmpeg's last stderr lines.
 */
export function runFfmpeg(command: FfmpegCommand, options: RunFfmpegOptions): Promise<FfmpegRun> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortError(signal, options.what));

  return new Promise<FfmpegRun>((resolve, reject) => {
    const tail: string[] = [];
    let startedAt = performance.now();
    let started = false;
    let settled = false;
    let bestPercent = 0;
    let bestFrames = 0;

    const settle = (error: Error | undefined) => {
      live.delete(command);
      signal?.removeEventListener('abort', onAbort);
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve({ seconds: (performance.now() - startedAt) / 1000, stderrTail: tail });
    };
    const onAbort = () => {
      if (started) command.kill('SIGKILL');
      // Not spawned yet: answer now; the 'start' handler kills it the moment it appears.
      else settle(abortError(signal!, options.what));
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    command.on('start', () => {
      started = true;
      startedAt = performance.now();
      live.add(command);
      if (signal?.aborted) command.kill('SIGKILL');
    });
    command.on('stderr', (line: string) => {
      const stats = STATS_LINE.exec(line.trim());
      if (stats) return listen(() => reportProgress(Number(stats[1]), Number(stats[2])));
      if (line.trim() === '') return;
      tail.push(line);
      if (tail.length > STDERR_TAIL_LINES) tail.shift();
      listen(() => options.onStderrLine?.(line));
    });
    command.on('error', (error: Error) => {
      if (signal?.aborted) settle(abortError(signal, options.what));
      else settle(failure(options, error, tail));
    });
    command.on('end', () => {
      if (signal?.aborted) settle(abortError(signal, options.what));
      else settle(undefined);
    });

    // A listener that throws would otherwise throw inside fluent-ffmpeg's stream handler and take
    // the process down; instead the run stops and reports that error.
    function listen(call: () => void) {
      try {
        call();
      } catch (error) {
        if (started) command.kill('SIGKILL');
        settle(error instanceof Error ? error : new Error(String(error)));
      }
    }

    function reportProgress(frames: number, fps: number) {
      if (!options.onProgress || !options.phase) return;
      const total = options.totalFrames ?? 0;
      const percent = total > 0 ? Math.min(100, Math.max(0, (frames / total) * 100)) : 0;
      if (frames < bestFrames || percent < bestPercent) return;
      bestFrames = frames;
      bestPercent = percent;
      const elapsedSeconds = (performance.now() - startedAt) / 1000;
      options.onProgress({ phase: options.phase, percent, frames, fps, elapsedSeconds });
    }

    command.run();
  });
}

function failure(options: RunFfmpegOptions, error: Error, tail: readonly string[]): DomainError {
  const exit = /exited with code \d+|killed with signal \w+/.exec(error.message)?.[0];
  const said = tail.slice(-ERROR_LINES);
  const head = exit ? `ffmpeg ${exit}` : error.message.split('\n')[0];
  const message = `${options.what} failed: ${head}${said.length ? `: ${said.join(' | ')}` : ''}`;
  return new DomainError('internal', options.failureCode, message, { cause: error, details: said });
}
