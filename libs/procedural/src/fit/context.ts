import { performance } from 'node:perf_hooks';
import { setImmediate as immediate } from 'node:timers/promises';

// What every stage of a fit shares: the abort signal, the progress listener and the habit of
// giving the event loop a turn. Stages call `tick()` between small units of work (a frame, a few
// rows of a full-size frame); it is cheap when nothing is due, so calling it often is fine.

/** A stage's share of the whole fit, in percent of the run, in the order the stages run. */
export interface Stage {
  readonly name: string;
  readonly weight: number;
}

export class FitContext {
  private lastYield = performance.now();
  private lastReport = -Infinity;
  private readonly starts = new Map<string, number>();
  private readonly total: number;
  private stage = '';
  private stageStart = 0;
  private stageWeight = 0;
  private percent = 0;

  private readonly signal: AbortSignal | undefined;
  private readonly onProgress: ((p: { stage: string; percent: number }) => void) | undefined;
  private readonly weights: Map<string, number>;

  constructor(stages: readonly Stage[], signal: AbortSignal | undefined, onProgress: ((p: { stage: string; percent: number }) => void) | undefined) {
    this.signal = signal;
    this.onProgress = onProgress;
    let at = 0;
    for (const s of stages) {
      this.starts.set(s.name, at);
      at += s.weight;
    }
    this.total = at;
    this.weights = new Map(stages.map((s) => [s.name, s.weight]));
  }

  /** Starts a stage; its progress then runs from its start to its end as `fraction` goes 0 to 1. */
  begin(name: string): void {
    this.stage = name;
    this.stageStart = ((this.starts.get(name) ?? 0) / this.total) * 100;
    this.stageWeight = ((this.weights.get(name) ?? 0) / this.total) * 100;
    this.report(this.stageStart, true);
  }

  /** Throws the abort reason when the caller gave up: as promptly as the stages call it. */
  check(): void {
    if (this.signal?.aborted) throw abortError(this.signal);
  }

  /** Between units of work: aborts when asked, reports progress, and yields when the loop has waited long enough. */
  async tick(fraction?: number): Promise<void> {
    this.check();
    if (fraction !== undefined) this.report(this.stageStart + Math.min(1, Math.max(0, fraction)) * this.stageWeight, false);
    if (performance.now() - this.lastYield > 25) {
      await immediate();
      this.lastYield = performance.now();
      this.check();
    }
  }

  /** The end of the fit: progress reaches 100 exactly once everything is done. */
  finish(): void {
    this.stage = 'done';
    this.report(100, true);
  }

  private report(percent: number, force: boolean): void {
    // Progress never goes back, and a listener is not flooded: at most every 100 ms unless a stage changes.
    const p = Math.max(this.percent, Math.min(100, percent));
    const now = performance.now();
    if (!force && now - this.lastReport < 100) return;
    this.percent = p;
    this.lastReport = now;
    this.onProgress?.({ stage: this.stage, percent: Math.round(p * 10) / 10 });
  }
}

/** The signal's reason when it is an Error, or an Error named AbortError. */
function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(typeof reason === 'string' ? reason : 'the fit was aborted');
  error.name = 'AbortError';
  return error;
}
