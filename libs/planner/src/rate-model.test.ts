import { describe, expect, it } from 'vitest';
import { ENCODERS } from '@codec-lab/domain';
import { crfForBitrate, fitRateModel, halvingStep, predictBitrate } from './rate-model.ts';

describe('rate model', () => {
  it('fits ln(bitrate) against CRF exactly on points that follow the model', () => {
    const points = [18, 23, 28].map((crf) => ({ crf, bitrateBps: 4e6 * Math.exp(-0.12 * (crf - 18)) }));
    const model = fitRateModel('libx264', points);
    expect(model?.basis).toBe('fitted');
    expect(model?.slope).toBeCloseTo(-0.12, 6);
    expect(crfForBitrate(model!, 4e6 * Math.exp(-0.12 * 7))).toBeCloseTo(25, 6);
    expect(predictBitrate(model!, 18)).toBeCloseTo(4e6, 0);
  });

  it("anchors a single point with the encoder's prior slope, the one the planner places tracks with (x264 halves every 5 CRF)", () => {
    const model = fitRateModel('libx264', [{ crf: 23, bitrateBps: 1e6 }]);
    expect(model?.basis).toBe('prior');
    expect(ENCODERS.libx264.priors.halvingStep).toBe(5);
    expect(halvingStep(model!)).toBeCloseTo(5, 6);
    expect(crfForBitrate(model!, 0.5e6)).toBeCloseTo(28, 6);
    expect(halvingStep(fitRateModel('libsvtav1', [{ crf: 35, bitrateBps: 1e6 }])!)).toBeCloseTo(ENCODERS.libsvtav1.priors.halvingStep, 6);
  });

  it('clamps a slope that noise made implausible, and has no model without data', () => {
    const model = fitRateModel('libx264', [
      { crf: 23, bitrateBps: 1e6 },
      { crf: 24, bitrateBps: 0.1e6 },
    ]);
    expect(halvingStep(model!)).toBeCloseTo(3, 6);
    expect(fitRateModel('libx264', [])).toBeUndefined();
  });
});
