/** A runner as the choice sees it: its capacity, its slots held in the store, and its load as it last reported it. */
export interface RunnerCandidate {
  readonly runnerId: string;
  /** MAX_CONCURRENT, as GetLoad reports it. */
  readonly maxConcurrent: number;
  /** Its slots held in the store now, by every orchestrator. */
  readonly held: number;
  /** Experiments it reported running at the last refresh (stale by up to POLL_SECONDS). */
  readonly active: number;
}

export const freeSlots = (runner: RunnerCandidate): number => Math.max(0, runner.maxConcurrent - runner.held);

/**
 * The runners with a free slot, best first: the most free slots (the store's count, which every
 * orchestrator shares), then the fewest experiments running as the runner itself last reported,
 * then at random, so that orchestrators choosing at the same moment spread rather than collide.
 * Full runners are left out: with none left, the experiment waits.
 */
export function rankRunners<T extends RunnerCandidate>(candidates: readonly T[], random: () => number = Math.random): T[] {
  return candidates
    .filter((runner) => freeSlots(runner) > 0)
    .map((runner) => ({ runner, free: freeSlots(runner), tie: random() }))
    .sort((a, b) => b.free - a.free || a.runner.active - b.runner.active || a.tie - b.tie)
    .map(({ runner }) => runner);
}
