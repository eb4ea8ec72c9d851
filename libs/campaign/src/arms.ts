import { armExperiments, ARMS, configHash, type Arm, type Campaign, type EncoderName, type Experiment, type ExperimentConfig } from '@codec-lab/domain';

// A campaign's arms: the analyst's, and, where asked for, a budget-matched, seeded random-search
// control arm beside it on the same source. Both are compared with one baseline, stored once in
// the analyst arm, which counts for both (`armExperiments`, the one definition).

/** The arms a campaign runs. */
export function campaignArms(campaign: Campaign): readonly Arm[] {
  return campaign.controlArm ? ARMS : ['analyst'];
}

/** Experiments each arm has had; the baseline counts for both, since both are compared with it. */
export function armCounts(experiments: readonly Experiment[]): Record<Arm, number> {
  return { analyst: armExperiments(experiments, 'analyst').length, random: armExperiments(experiments, 'random').length };
}

/**
 * The arm that proposes next: the one with fewer experiments and budget left (analyst on a tie).
 * The random arm starts once the analyst arm's first experiment (the shared baseline) exists.
 */
export function nextArm(campaign: Campaign, experiments: readonly Experiment[]): Arm | undefined {
  const counts = armCounts(experiments);
  const analystOpen = !campaign.armStops?.analyst && counts.analyst < campaign.maxExperiments;
  const randomOpen = campaign.controlArm && counts.analyst > 0 && !campaign.armStops?.random && counts.random < campaign.maxExperiments;
  if (analystOpen && (!randomOpen || counts.analyst <= counts.random)) return 'analyst';
  return randomOpen ? 'random' : undefined;
}

/** Who ends each arm early: the analyst proposes for its arm; the control arm has no analyst, only its seeded draws. */
const STOPPED_BY: Record<Arm, string> = { analyst: 'analyst', random: 'random search' };

/** Why the campaign ended, per arm: its budget spent, or who stopped it early, after how many, and why. */
export function stopReason(campaign: Campaign, experiments: readonly Experiment[]): string {
  const counts = armCounts(experiments);
  return campaignArms(campaign)
    .map((arm) => {
      const stop = campaign.armStops?.[arm];
      const label = campaign.controlArm ? `${arm} arm: ` : '';
      return stop
        ? `${label}${STOPPED_BY[arm]} stopped early after ${counts[arm]} experiments: ${stop}`
        : `${label}budget spent: ${counts[arm]} of ${campaign.maxExperiments} experiments run`;
    })
    .join('; ');
}

/** A seeded draw of the control arm, as `randomDraw` gives it. */
export interface RandomDraw {
  readonly seed: number;
  readonly draw: number;
  readonly encoders: readonly EncoderName[];
  readonly tried: ReadonlySet<string>;
}

/** Draws a config uniformly from the search space over `encoders`, skipping `tried` (the planner's randomConfig). */
export type DrawConfig = (draw: RandomDraw) => ExperimentConfig | undefined;

/** Draws the drawer may skip before the control arm gives up on finding an untried config. */
const MAX_REDRAWS = 200;

/**
 * The control arm's config for a draw, within the objective's constraints: drawn over the allowed
 * encoders (`randomDraw`), then set to the constrained pixel format. A draw that repeats a tried
 * config once in that format is skipped and drawn again, so the arm stays seeded and never repeats.
 * Undefined: nothing untried is left to draw.
 */
export function randomArmConfig(campaign: Campaign, draw: RandomDraw, drawConfig: DrawConfig): ExperimentConfig | undefined {
  const pixelFormat = campaign.objective.constraints?.pixelFormat;
  if (!pixelFormat) return drawConfig(draw);
  const skipped = new Set(draw.tried);
  for (let attempt = 0; attempt < MAX_REDRAWS; attempt++) {
    const drawn = drawConfig({ ...draw, tried: skipped });
    if (!drawn) return undefined;
    const config = { ...drawn, pixelFormat };
    if (!draw.tried.has(configHash(config))) return config;
    skipped.add(configHash(drawn));
  }
  return undefined;
}
