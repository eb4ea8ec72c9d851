import { describeConfig, type Arm, type Campaign, type Experiment } from '@codec-lab/domain';
import { randomConfig } from '@codec-lab/planner';
import { queueExperiment, type DriverDeps } from './campaign.driver.ts';
import { withRetry } from './retry.ts';

// The control arm: a budget-matched, seeded random search beside the analyst on the same source.

/** Experiments each arm has had; the baseline counts for both, since both are compared with it. */
export function armCounts(experiments: readonly Experiment[]): Record<Arm, number> {
  const analyst = experiments.filter((e) => e.arm === 'analyst').length;
  return { analyst, random: experiments.filter((e) => e.arm === 'random').length + Math.min(analyst, 1) };
}

/** The arm that proposes next: the one with fewer experiments and budget left (analyst on a tie). */
export function nextArm(campaign: Campaign, experiments: readonly Experiment[]): Arm | undefined {
  const counts = armCounts(experiments);
  const analystOpen = !campaign.armStops?.analyst && counts.analyst < campaign.maxExperiments;
  // The random arm starts once the shared baseline exists.
  const randomOpen = campaign.controlArm && counts.analyst > 0 && !campaign.armStops?.random && counts.random < campaign.maxExperiments;
  if (analystOpen && (!randomOpen || counts.analyst <= counts.random)) return 'analyst';
  return randomOpen ? 'random' : undefined;
}

/** Who ends each arm early: the analyst proposes for its arm; the control arm has no analyst, only its seeded draws. */
const STOPPED_BY: Record<Arm, string> = { analyst: 'analyst', random: 'random search' };

/** Why the campaign ended, per arm: its budget spent, or who stopped it early, after how many, and why. */
export function stopReason(campaign: Campaign, experiments: readonly Experiment[]): string {
  const counts = armCounts(experiments);
  const arms = campaign.controlArm ? (['analyst', 'random'] as const) : (['analyst'] as const);
  return arms
    .map((arm) => {
      const stop = campaign.armStops?.[arm];
      const label = campaign.controlArm ? `${arm} arm: ` : '';
      return stop
        ? `${label}${STOPPED_BY[arm]} stopped early after ${counts[arm]} experiments: ${stop}`
        : `${label}budget spent: ${counts[arm]} of ${campaign.maxExperiments} experiments run`;
    })
    .join('; ');
}

/** Stores the control arm's next, seeded random experiment; returns a reason when none is left to draw. */
export async function randomStep(campaign: Campaign, experiments: Experiment[], deps: DriverDeps, signal: AbortSignal): Promise<string | undefined> {
  const capabilities = await withRetry(() => deps.runner.capabilities(), { retries: deps.stepRetries, signal });
  const random = experiments.filter((e) => e.arm === 'random');
  const baseline = experiments.filter((e) => e.proposal.origin === 'baseline');
  const config = randomConfig({
    seed: campaign.seed,
    draw: random.length,
    encoders: capabilities.encoders,
    tried: new Set([...random, ...baseline].map((e) => e.configHash)),
  });
  if (!config) return 'no untried configuration left to draw';
  await queueExperiment(deps, campaign.id, experiments.length + 1, 'random', {
    hypothesis: `Control arm draw ${random.length + 1}: ${describeConfig(config)}, chosen at random (seed ${campaign.seed}).`,
    rationale: 'Budget-matched random search over the same space the analyst searches, to show whether the analyst earns its keep.',
    config,
    origin: 'random',
    validationErrors: [],
  });
  return undefined;
}

