import { describe, expect, it } from 'vitest';
import { randomArmConfig, randomDraw } from '@codec-lab/campaign';
import { configHash, describeConfig, encoderLabel, runnerOffer, type Campaign, type Constraints, type Experiment, type ExperimentConfig } from '@codec-lab/domain';
import { budgetObjective } from '@codec-lab/domain/testing';
import { randomConfig } from '@codec-lab/planner';

// The control arm as the driver draws it (campaign rules + the planner's seeded random search):
// every draw keeps to the objective's encoder and pixel-format constraints and none repeats.

const offer = runnerOffer(
  {
    encoders: ['libx264', 'libx265', 'libsvtav1', 'libvpx-vp9'],
    pixelFormats: { libx264: ['yuv420p', 'yuv420p10le'], libx265: ['yuv420p', 'yuv420p10le'], libsvtav1: ['yuv420p', 'yuv420p10le'], 'libvpx-vp9': ['yuv420p'] },
    vmafModels: [],
    ffmpegVersion: '7.1',
    meterFfmpegVersion: '7.1',
    gpuName: '',
  },
  2,
);
const campaignWith = (constraints: Constraints) => ({ id: 'c', seed: 42, objective: budgetObjective(0.5, 'psnr', { constraints }) }) as Campaign;

/** `count` draws in a row, each stored as the random arm's next experiment, as the driver does. */
function drawMany(campaign: Campaign, count: number): ExperimentConfig[] {
  const experiments: Experiment[] = [];
  for (let i = 0; i < count; i++) {
    const config = randomArmConfig(campaign, randomDraw(campaign, experiments, offer), randomConfig);
    if (!config) break;
    experiments.push({ seq: i + 2, arm: 'random', config, configHash: configHash(config), proposal: { origin: 'random' } } as Experiment);
  }
  return experiments.map((e) => e.config);
}

describe('the control arm under constraints', () => {
  it('draws only allowed encoders, in the required pixel format, never the same config twice', () => {
    const configs = drawMany(campaignWith({ encoders: ['libx265', 'libsvtav1', 'libvpx-vp9'], pixelFormat: 'yuv420p10le' }), 20);
    expect(configs).toHaveLength(20);
    // libvpx-vp9 is allowed but does not encode 10-bit on these runners.
    for (const config of configs) {
      expect(['libx265', 'libsvtav1']).toContain(encoderLabel(config));
      expect(describeConfig(config)).toContain('10-bit');
    }
    expect(new Set(configs.map(configHash)).size).toBe(20);
  });

  it('draws the same configs for the same seed', () => {
    const constraints: Constraints = { encoders: ['libx264', 'libsvtav1'] };
    expect(drawMany(campaignWith(constraints), 8)).toEqual(drawMany(campaignWith(constraints), 8));
    expect(drawMany(campaignWith(constraints), 8).every((c) => ['libx264', 'libsvtav1'].includes(encoderLabel(c)))).toBe(true);
  });

  it('has nothing to draw where the constraints leave no encoder', () => {
    expect(drawMany(campaignWith({ encoders: ['libvpx-vp9'], pixelFormat: 'yuv420p10le' }), 1)).toEqual([]);
  });
});
