import { describe, expect, it } from 'vitest';
import { configHash, ENCODERS } from '@codec-lab/domain';
import { priorOf } from './priors.ts';
import { randomConfig, seededRandom } from './random-search.ts';

describe('random search', () => {
  it("is reproducible from its seed and spreads over the planner's tracks and CRFs", () => {
    const draw = (seed: number, n: number) => randomConfig({ seed, draw: n, encoders: ['libx264', 'libx265', 'libsvtav1'], tried: new Set() });
    expect(draw(7, 3)).toEqual(draw(7, 3));
    const configs = Array.from({ length: 40 }, (_, n) => draw(7, n)!);
    expect(new Set(configs.map((c) => c.encoder)).size).toBe(3);
    expect(new Set(configs.map((c) => c.preset)).size).toBeGreaterThan(5);
    expect(configs.every((c) => priorOf(c.encoder, c.preset) !== undefined)).toBe(true);
    expect(new Set(configs.map((c) => (c.rateControl.mode === 'crf' ? c.rateControl.crf : -1))).size).toBeGreaterThan(10);
    for (const config of configs) {
      const { min, max } = ENCODERS[config.encoder].crf;
      expect(config.rateControl.mode === 'crf' && config.rateControl.crf >= min && config.rateControl.crf <= max).toBe(true);
    }
    expect(seededRandom(1)()).not.toBe(seededRandom(2)());
  });

  it('never returns a config already tried, and only CPU encoders', () => {
    const first = randomConfig({ seed: 1, draw: 0, encoders: ['libx264'], tried: new Set() })!;
    const second = randomConfig({ seed: 1, draw: 0, encoders: ['libx264'], tried: new Set([configHash(first)]) })!;
    expect(configHash(second)).not.toBe(configHash(first));
    expect(randomConfig({ seed: 1, draw: 0, encoders: ['h264_nvenc'], tried: new Set() })).toBeUndefined();
  });
});
