import { describe, expect, it } from 'vitest';
import { parseVmafLog, poolVmaf } from './vmaf-scores.ts';

const how = { model: 'vmaf_v0.6.1', libvmafVersion: '2.3.0', subsample: 1 } as const;

describe('poolVmaf', () => {
  it('pools the mean, libvmaf harmonic mean, the lows and the min', () => {
    const scores = [90, 80, 100, 70];
    const pooled = poolVmaf(scores, how);
    expect(pooled.mean).toBe(85);
    expect(pooled.harmonicMean).toBeCloseTo(4 / (1 / 91 + 1 / 81 + 1 / 101 + 1 / 71) - 1, 12);
    // 1% and 5% of 4 frames round up to the one worst frame.
    expect(pooled.low1Percent).toBe(70);
    expect(pooled.low5Percent).toBe(70);
    expect(pooled.min).toBe(70);
    expect(pooled).toMatchObject({ available: true, scoredFrames: 4, model: 'vmaf_v0.6.1', subsample: 1 });
  });

  it('averages the worst 1% and 5% of many frames', () => {
    // 200 frames: 2 at 10, 8 at 50, the rest at 90.
    const scores = [...Array(2).fill(10), ...Array(8).fill(50), ...Array(190).fill(90)] as number[];
    const pooled = poolVmaf(scores, how);
    expect(pooled.low1Percent).toBe(10);
    expect(pooled.low5Percent).toBe((2 * 10 + 8 * 50) / 10);
    expect(pooled.harmonicMean).toBeLessThan(pooled.mean);
  });

  it('refuses to pool nothing', () => {
    expect(() => poolVmaf([], how)).toThrow();
  });
});

describe('parseVmafLog', () => {
  it("reads libvmaf's version and the scored frames", () => {
    const log = parseVmafLog(
      JSON.stringify({ version: '2.3.0', frames: [{ frameNum: 0, metrics: { vmaf: 95.5 } }, { frameNum: 2, metrics: { vmaf: 93.25 } }], pooled_metrics: {} }),
    );
    expect(log).toEqual({ libvmafVersion: '2.3.0', frames: [0, 2], scores: [95.5, 93.25] });
  });

  it('refuses a log without scores or that is not JSON', () => {
    expect(() => parseVmafLog('{"frames": []}')).toThrow(/no VMAF scores/);
    expect(() => parseVmafLog('{"frames": [{"frameNum": 0, "metrics": {}}]}')).toThrow(/no VMAF scores/);
    expect(() => parseVmafLog('<xml/>')).toThrow(/not JSON/);
  });
});
