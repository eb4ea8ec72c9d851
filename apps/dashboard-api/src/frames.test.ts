import { describe, expect, it } from 'vitest';
import { measuredResult, vmafScore } from '@codec-lab/domain/testing';
import { frameSeriesFromWire, parseExperimentId, rankingMetric, worstFrames, type FrameSeries } from './frames.ts';

const wire = (overrides: Partial<Parameters<typeof frameSeriesFromWire>[0]> = {}) => ({
  frames: [0, 1, 2, 3],
  psnr: [40, 35, 38, 35],
  ssim: [0.99, 0.95, 0.97, 0.96],
  vmafFrames: [0, 2],
  vmaf: [90, 70],
  vmafModel: 'vmaf_v0.6.1',
  ...overrides,
});

describe('frame series', () => {
  it('takes the runner’s series as they are, VMAF with its model and frames', () => {
    const series = frameSeriesFromWire(wire());
    expect(series.frames).toEqual([0, 1, 2, 3]);
    expect(series.vmaf).toEqual({ model: 'vmaf_v0.6.1', frames: [0, 2], values: [90, 70] });
    expect(frameSeriesFromWire(wire({ vmafFrames: [], vmaf: [], vmafModel: '' })).vmaf).toBeNull();
  });

  it('refuses series that do not add up', () => {
    expect(() => frameSeriesFromWire(wire({ psnr: [1, 2] }))).toThrow(/4 frames but 2 PSNR and 4 SSIM values/);
    expect(() => frameSeriesFromWire(wire({ vmaf: [1] }))).toThrow(/2 VMAF frames but 1 scores/);
    expect(() => frameSeriesFromWire(wire({ frames: [], psnr: [], ssim: [] }))).toThrow(/no frames/);
    expect(() => frameSeriesFromWire(wire({ ssim: [1, 1, Number.NaN, 1] }))).toThrow(/finite/);
  });
});

describe('worst frames', () => {
  const series: FrameSeries = frameSeriesFromWire(wire());

  it('lists the lowest first, ties by frame number, with every value of each frame', () => {
    expect(worstFrames(series, 'psnr', 3)).toEqual([
      { frame: 1, psnr: 35, ssim: 0.95, vmaf: null },
      { frame: 3, psnr: 35, ssim: 0.96, vmaf: null },
      { frame: 2, psnr: 38, ssim: 0.97, vmaf: 70 },
    ]);
    expect(worstFrames(series, 'ssim', 1).map((w) => w.frame)).toEqual([1]);
    // VMAF ranks only the frames libvmaf scored.
    expect(worstFrames(series, 'vmaf').map((w) => [w.frame, w.vmaf])).toEqual([
      [2, 70],
      [0, 90],
    ]);
  });

  it('ranks by the objective’s metric as qualityOf resolves it: VMAF only where it was measured', () => {
    const withVmaf = measuredResult(1e5, 40, { vmaf: vmafScore(80) });
    const withoutVmaf = measuredResult(1e5, 40);
    expect(rankingMetric(withVmaf, 'vmaf', series)).toBe('vmaf');
    expect(rankingMetric(withoutVmaf, 'vmaf', series)).toBe('psnr');
    expect(rankingMetric(withVmaf, 'vmaf', { ...series, vmaf: null })).toBe('psnr');
    expect(rankingMetric(withVmaf, 'ssim', series)).toBe('ssim');
    expect(rankingMetric(withVmaf, 'psnr', series)).toBe('psnr');
  });
});

describe('experiment ids', () => {
  it('splits <campaignId>-<seq> and refuses anything else', () => {
    expect(parseExperimentId('11111111-2222-4333-8444-555555555555-002')).toEqual({ campaignId: '11111111-2222-4333-8444-555555555555', seq: 2 });
    for (const bad of ['nope', 'abc-000', 'abc-12', '../x-001', 'a b-001']) expect(() => parseExperimentId(bad), bad).toThrow(/an experiment id is/);
  });
});
