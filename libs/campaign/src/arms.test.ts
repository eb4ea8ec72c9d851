import { describe, expect, it } from 'vitest';
import { BASELINE_CONFIG, configHash, type Arm, type Campaign, type Experiment, type ExperimentConfig } from '@codec-lab/domain';
import { budgetObjective } from '@codec-lab/domain/testing';
import { armCounts, nextArm, randomArmConfig, stopReason, type DrawConfig } from './arms.ts';

// How a campaign's arms take turns and why each ended, from the stored experiments alone.

const campaign = (overrides: Partial<Campaign> = {}) => ({ maxExperiments: 3, controlArm: true, ...overrides }) as Campaign;
// Experiment 1 is the shared baseline, stored in the analyst arm.
const origin = (arm: Arm, i: number) => (i === 0 ? 'baseline' : arm === 'random' ? 'random' : 'planner');
const experiments = (...arms: Arm[]) => arms.map((arm, i) => ({ seq: i + 1, arm, proposal: { origin: origin(arm, i) } }) as Experiment);

describe('campaign arms', () => {
  it('counts the shared baseline for both arms', () => {
    expect(armCounts(experiments('analyst', 'analyst', 'random'))).toEqual({ analyst: 2, random: 2 });
    expect(armCounts([])).toEqual({ analyst: 0, random: 0 });
  });

  it('gives the turn to the arm with fewer experiments, the analyst on a tie, and none once both are done', () => {
    expect(nextArm(campaign(), experiments('analyst'))).toBe('analyst');
    expect(nextArm(campaign(), experiments('analyst', 'analyst'))).toBe('random');
    expect(nextArm(campaign({ armStops: { analyst: 'nothing left' } }), experiments('analyst', 'analyst', 'random'))).toBe('random');
    expect(nextArm(campaign(), experiments('analyst', 'analyst', 'random', 'analyst', 'random'))).toBeUndefined();
    expect(nextArm(campaign({ controlArm: false }), experiments('analyst', 'analyst', 'analyst'))).toBeUndefined();
  });

  it('says per arm whether its budget was spent or who stopped it early, and why', () => {
    expect(stopReason(campaign({ controlArm: false }), experiments('analyst', 'analyst', 'analyst'))).toBe('budget spent: 3 of 3 experiments run');
    expect(stopReason(campaign({ controlArm: false, armStops: { analyst: 'objective met by experiment 2' } }), experiments('analyst', 'analyst'))).toBe(
      'analyst stopped early after 2 experiments: objective met by experiment 2',
    );
    expect(
      stopReason(campaign({ armStops: { analyst: 'objective met by experiment 2', random: 'no untried configuration left to draw' } }), experiments('analyst', 'analyst', 'random')),
    ).toBe(
      'analyst arm: analyst stopped early after 2 experiments: objective met by experiment 2; random arm: random search stopped early after 2 experiments: no untried configuration left to draw',
    );
    expect(stopReason(campaign(), experiments('analyst', 'analyst', 'random', 'analyst', 'random'))).toBe(
      'analyst arm: budget spent: 3 of 3 experiments run; random arm: budget spent: 3 of 3 experiments run',
    );
  });
});

describe("the control arm's configs", () => {
  const crf = (value: number): ExperimentConfig => ({ ...BASELINE_CONFIG, rateControl: { mode: 'crf', crf: value } });
  // A seeded drawer's order, fixed: the first config of it not yet tried (as the planner's randomConfig skips them).
  const space = [crf(20), crf(24), crf(28)];
  const drawer: DrawConfig = (draw) => space.find((c) => !draw.tried.has(configHash(c)));
  const draw = (tried: ExperimentConfig[]) => ({ seed: 1, draw: 0, encoders: ['libx264' as const], tried: new Set(tried.map(configHash)) });
  const inTenBit = (c: ExperimentConfig): ExperimentConfig => (c.strategy === 'codec' ? { ...c, pixelFormat: 'yuv420p10le' } : c);
  const tenBitCampaign = campaign({ objective: budgetObjective(1, 'psnr', { constraints: { pixelFormat: 'yuv420p10le' } }) });

  it('are the draws as drawn where no pixel format is constrained', () => {
    expect(randomArmConfig(campaign({ objective: budgetObjective(1) }), draw([crf(20)]), drawer)).toEqual(crf(24));
  });

  it('are in the constrained pixel format, and never repeat a config tried in it', () => {
    expect(randomArmConfig(tenBitCampaign, draw([]), drawer)).toEqual(inTenBit(crf(20)));
    expect(randomArmConfig(tenBitCampaign, draw([inTenBit(crf(20)), inTenBit(crf(24))]), drawer)).toEqual(inTenBit(crf(28)));
    expect(randomArmConfig(tenBitCampaign, draw(space.map(inTenBit)), drawer)).toBeUndefined();
  });
});
