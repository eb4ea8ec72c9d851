import { Counter, Gauge, type Registry } from 'prom-client';

/** Why a runner refused an experiment: ERR_RUNNER_BUSY (its MAX_CONCURRENT reached), or another RESOURCE_EXHAUSTED. */
export const REFUSAL_REASONS = ['busy', 'exhausted'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface RunnerPoolMetrics {
  /** The runners found at a refresh, each with its MAX_CONCURRENT; replaces the previous set. */
  runnersSeen(runners: readonly { runnerId: string; maxConcurrent: number }[]): void;
  /** A runner refused an experiment the orchestrator had a slot of it for. */
  refused(reason: RefusalReason): void;
  /** An experiment found no runner with a free slot and waits (`started`), or has stopped waiting. */
  waiting(started: boolean): void;
}

/**
 * Scheduling on the runners' capacity. `runner_id` is new for every runner process, so the
 * capacity gauge is reset at every refresh: it holds the runners reachable now, bounded by the
 * replicas running, not by every pod that ever ran.
 */
export function createRunnerPoolMetrics(registry: Registry): RunnerPoolMetrics {
  const capacity = new Gauge({
    name: 'codeclab_runner_capacity',
    help: 'Experiments each agent-runner reachable at the last refresh runs at most (its MAX_CONCURRENT), by runner id; sum() is the capacity the orchestrator schedules on',
    labelNames: ['runner_id'] as const,
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'codeclab_runner_refusals_total',
    help: "Experiments a runner refused although this orchestrator held one of its slots (busy: ERR_RUNNER_BUSY, e.g. a runner restarted under a new id or used by something else; exhausted: another RESOURCE_EXHAUSTED); each is sent to another runner at once",
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  for (const reason of REFUSAL_REASONS) refusals.inc({ reason }, 0);
  const waitingNow = new Gauge({
    name: 'codeclab_experiments_waiting_for_runner',
    help: 'Experiments of this orchestrator holding a global slot and waiting for a free slot on some agent-runner',
    registers: [registry],
  });
  const waits = new Counter({
    name: 'codeclab_runner_slot_waits_total',
    help: 'Times an experiment found every agent-runner full (or none reachable) and waited for a slot',
    registers: [registry],
  });
  return {
    runnersSeen(runners) {
      capacity.reset();
      for (const runner of runners) capacity.set({ runner_id: runner.runnerId }, runner.maxConcurrent);
    },
    refused: (reason) => refusals.inc({ reason }),
    waiting(started) {
      if (started) {
        waits.inc();
        waitingNow.inc();
      } else waitingNow.dec();
    },
  };
}
