import { jitteredWait, nextSlotWait, SLOT_WAIT, slotRenewMs } from '@codec-lab/campaign';
import type { Logger } from '@codec-lab/observability';
import type { RunnerSlotRepository } from '@codec-lab/store';
import { rankRunners } from './runner-choice.ts';
import type { RefusalReason, RunnerPoolMetrics } from './runner-pool.metrics.ts';
import type { PooledRunner, RunnerPool } from './runner-pool.ts';

/** What placing experiments needs: the pool, the runners' slots in the store, their lease. */
export interface PlacementDeps {
  readonly pool: RunnerPool;
  readonly slots: RunnerSlotRepository;
  readonly ttlMs: number;
  readonly metrics: RunnerPoolMetrics;
  readonly logger: Logger;
}

interface Held {
  readonly runner: PooledRunner;
  readonly index: number;
  readonly renew: NodeJS.Timeout;
  readonly done: () => void;
}

/**
 * One experiment's place on an agent-runner: a slot of that runner in the store, taken on the
 * runner with the most free slots (`rankRunners`), leased and renewed while it is held, so that
 * no orchestrator sends to a runner whose slots are all held. Where every runner is full (or none
 * is reachable), it waits, with backoff, for a slot to free here or elsewhere or for the next
 * refresh of the pool. A runner that refuses or fails is left out until the next refresh, and the
 * experiment is placed again.
 */
export class RunnerPlacement {
  private held?: Held;

  constructor(
    private readonly deps: PlacementDeps,
    /** The experiment's id: the slot's holder, as for the global slots (a new attempt takes its own slot back). */
    private readonly holder: string,
  ) {}

  get runner(): PooledRunner | undefined {
    return this.held?.runner;
  }

  /** The runner this experiment holds a slot of, taking one first where it holds none; rejects when `signal` aborts. */
  async acquire(signal: AbortSignal): Promise<PooledRunner> {
    if (this.held) return this.held.runner;
    let wait: number = SLOT_WAIT.firstMs;
    let waiting = false;
    try {
      for (;;) {
        signal.throwIfAborted();
        // None reachable (the runners start after this orchestrator, or all refused or failed): look again, at most once a second.
        if (this.deps.pool.available().length === 0) await this.deps.pool.refreshUnlessFresh(1_000);
        const runner = await this.take();
        if (runner) return runner;
        if (!waiting) {
          waiting = true;
          this.deps.metrics.waiting(true);
          const runners = this.deps.pool.available().length;
          if (runners === 0) this.deps.logger.warn({ experimentId: this.holder }, 'no agent-runner reachable; waiting for one');
          else this.deps.logger.debug({ experimentId: this.holder, runners }, 'every agent-runner is full; waiting for a slot');
        }
        await this.deps.pool.changed(jitteredWait(wait, Math.random()), signal);
        wait = nextSlotWait(wait);
      }
    } finally {
      if (waiting) this.deps.metrics.waiting(false);
    }
  }

  /** The runner refused the experiment: counted, left out until the next refresh, and its slot given back. */
  async refused(reason: RefusalReason): Promise<void> {
    this.deps.metrics.refused(reason);
    await this.lost();
  }

  /** The runner could not be reached or went away: left out until the next refresh, and its slot given back. */
  async lost(): Promise<void> {
    if (this.held) this.deps.pool.exclude(this.held.runner.runnerId);
    await this.release();
  }

  async release(): Promise<void> {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    clearInterval(held.renew);
    held.done();
    await this.deps.slots.release(held.runner.runnerId, held.index, this.holder).catch(() => undefined);
    this.deps.pool.notify();
  }

  /** A free slot on the best runner that has one, read from the store now; undefined when none has. */
  private async take(): Promise<PooledRunner | undefined> {
    const { pool, slots, ttlMs } = this.deps;
    const runners = pool.available();
    const now = Date.now();
    const held = await Promise.all(runners.map((runner) => slots.held(runner.runnerId, now)));
    // A slot this experiment holds already (an attempt before its orchestrator died) counts as free for it.
    const others = held.map((slots) => new Set([...slots].filter(([, holder]) => holder !== this.holder).map(([index]) => index)));
    const candidates = runners.map((runner, i) => ({ runner, runnerId: runner.runnerId, maxConcurrent: runner.maxConcurrent, active: runner.active, taken: others[i]!, held: others[i]!.size }));
    for (const candidate of rankRunners(candidates)) {
      for (let index = 0; index < candidate.maxConcurrent; index++) {
        if (candidate.taken.has(index) || !(await slots.take(candidate.runnerId, index, this.holder, ttlMs))) continue;
        this.hold(candidate.runner, index);
        return candidate.runner;
      }
    }
    return undefined;
  }

  private hold(runner: PooledRunner, index: number): void {
    const { slots, ttlMs, logger } = this.deps;
    const renew = setInterval(() => {
      slots.renew(runner.runnerId, index, this.holder, ttlMs).then(
        (kept) => {
          if (!kept) logger.warn({ experimentId: this.holder, runnerId: runner.runnerId }, 'runner slot lease lost');
        },
        () => undefined,
      );
    }, slotRenewMs(ttlMs));
    this.held = { runner, index, renew, done: this.deps.pool.use(runner) };
  }
}
