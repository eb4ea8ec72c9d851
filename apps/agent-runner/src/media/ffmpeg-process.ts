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
  /** The last stderr lines, statistics lines left out, each with its severity: `[error] ...`. */
  readonly stderrTail: readonly string[];
}

/**
 * ffmpeg failed. The message says why in a line or two a person can act on (the lines ffmpeg
 * itself logged as errors); `stderrTail` keeps everything else it said, for the runner's log.
 */
export class FfmpegFailure extends DomainError {
  constructor(
    code: string,
    message: string,
    readonly stderrTail: readonly string[],
    cause: unknown,
  ) {
    super('internal', code, message, { cause });
  }
}

const STDERR_TAIL_LINES = 40;
const REASON_LINES = 2;
// ffmpeg's periodic statistics line; parsed here rather than through fluent-ffmpeg's 'progress'
// event, because listening to that event makes fluent-ffmpeg spawn an extra ffprobe of input 0
// (which fails for lavfi inputs and is a child nothing here could kill).
const STATS_LINE = /^frame=\s*(\d+)\s+fps=\s*([\d.]+)/;
// `-loglevel level+info` prefixes each line with its severity, after the context of the component
// that logged it: `[libx264 @ 0x55d0] [error] ...`.
const LEVELLED = /^(\[[^\]]+ @ 0x[0-9a-f]+\] )?\[(trace|debug|verbose|info|warning|error|fatal|panic)\] ?(.*)$/;
// Encoder libraries that print for themselves: `Svt[error]: ...`, `x265 [error]: ...`.
const LIBRARY_LEVELLED = /^([A-Za-z0-9_]+) ?\[(error|warning|warn|fatal)\]: ?(.*)$/;
const SEVERE = new Set(['error', 'fatal', 'panic']);
const KEPT_SEVERE_LINES = 10;

interface StderrLine {
  readonly level: string;
  /** The line as ffmpeg prints it without the severity tag. */
  readonly text: string;
  /** The component that logged it ("libx264"), if any. */
  readonly context: string | undefined;
}

function parseLine(raw: string): StderrLine {
  const match = LEVELLED.exec(raw.trim());
  if (!match) {
    const library = LIBRARY_LEVELLED.exec(raw.trim());
    if (library) return { level: library[2] === 'warn' ? 'warning' : library[2]!, text: raw.trim(), context: undefined };
    return { level: 'info', text: raw.trim(), context: undefined };
  }
  const context = match[1]?.slice(1, match[1].indexOf(' @ '));
  const text = `${match[1] ?? ''}${match[3]!}`;
  const library = match[1] ? null : LIBRARY_LEVELLED.exec(match[3]!);
  if (library) return { level: library[2] === 'warn' ? 'warning' : library[2]!, text, context: undefined };
  return { level: match[2]!, text, context };
}

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
    const tail: StderrLine[] = [];
    // The first errors are usually the cause and the later ones its consequences, so they are
    // kept even when the tail has moved past them.
    const severe: StderrLine[] = [];
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
      else resolve({ seconds: (performance.now() - startedAt) / 1000, stderrTail: tail.map(tagged) });
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
    command.on('stderr', (raw: string) => {
      const line = parseLine(raw);
      const stats = STATS_LINE.exec(line.text);
      if (stats) return listen(() => reportProgress(Number(stats[1]), Number(stats[2])));
      if (line.text === '') return;
      if (SEVERE.has(line.level) && severe.length < KEPT_SEVERE_LINES) severe.push(line);
      tail.push(line);
      if (tail.length > STDERR_TAIL_LINES) tail.shift();
      listen(() => options.onStderrLine?.(line.text));
    });
    command.on('error', (error: Error) => {
      if (signal?.aborted) settle(abortError(signal, options.what));
      else settle(failure(options, error, severe, tail));
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

/** A trial run: whether ffmpeg exits 0 with `command`. Only a cancellation or timeout is passed on. */
export async function succeeds(command: FfmpegCommand, what: string, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    await runFfmpeg(command, { what, failureCode: 'ERR_TRIAL_FAILED', signal });
    return true;
  } catch (error) {
    if (error instanceof DomainError && (error.kind === 'cancelled' || error.kind === 'timeout')) throw error;
    return false;
  }
}

function tagged(line: StderrLine): string {
  return `[${line.level}] ${line.text}`;
}

function failure(options: RunFfmpegOptions, error: Error, severe: readonly StderrLine[], tail: readonly StderrLine[]): FfmpegFailure {
  const exit = /exited with code \d+|killed with signal \w+/.exec(error.message)?.[0];
  const head = exit ? `ffmpeg ${exit}` : error.message.split('\n')[0];
  const reasons = failureReasons([...severe, ...tail]);
  const message = `${options.what} failed (${head})${reasons.length ? `: ${reasons.join('; ')}` : ''}`;
  return new FfmpegFailure(options.failureCode, message, tail.map(tagged), error);
}

/**
 * What ffmpeg said was wrong: the first distinct lines it logged as errors (else the last
 * warnings), with the component that said it and file paths cut to their names (messages reach
 * clients).
 */
export function failureReasons(tail: readonly StderrLine[]): string[] {
  const severe = tail.filter((line) => SEVERE.has(line.level));
  const chosen = severe.length ? severe : tail.filter((line) => line.level === 'warning').slice(-REASON_LINES);
  const texts = chosen.map((line) => {
    const text = line.context ? `${line.context}: ${line.text.slice(line.text.indexOf('] ') + 2)}` : line.text;
    return text.replace(/(?:file:)?\/(?:[^\s'"]*\/)?([^\s'"/]+)/g, '$1');
  });
  return [...new Set(texts)].slice(0, REASON_LINES);
}

/** `[error] text` lines (as FfmpegRun.stderrTail holds them) back into their parts. */
export function parseTaggedLines(lines: readonly string[]): StderrLine[] {
  return lines.map(parseLine);
}
