import { describe, expect, it } from 'vitest';
import type { Frames } from '../../src/frame-responses.ts';
import { frameChartData, frameValues } from '../../web/src/frame-charts.ts';

// The frames page's chart data: experiments line up on source frame numbers, gaps stay gaps.

const frames = (seq: number, numbers: number[], vmaf: Frames['vmaf'] = null): Frames => ({
  experimentId: `c-00${seq}`,
  campaignId: 'c',
  seq,
  frames: numbers,
  psnr: numbers.map((n) => 30 + n),
  ssim: numbers.map((n) => 0.9 + n / 100),
  vmaf,
  metric: 'psnr',
  worst: [],
});

describe('frame chart data', () => {
  it('puts one experiment on its frames, one point each', () => {
    const data = frameChartData('psnr', [frames(1, [0, 1, 2])])!;
    expect(data.series.map((s) => s.label)).toEqual(['#1']);
    expect(data.data).toEqual([
      [0, 1, 2],
      [30, 31, 32],
    ]);
  });

  it('aligns a second experiment frame by frame, null where it has no value', () => {
    const probe = frames(2, [2, 3]);
    const data = frameChartData('ssim', [frames(1, [0, 1, 2]), probe])!;
    expect(data.series.map((s) => s.label)).toEqual(['#1', '#2']);
    expect(data.data[0]).toEqual([0, 1, 2, 3]);
    expect(data.data[2]).toEqual([null, null, 0.92, 0.93]);
  });

  it('charts VMAF on the frames libvmaf scored, and nothing where none was measured', () => {
    expect(frameChartData('vmaf', [frames(1, [0, 1, 2])])).toBeUndefined();
    const scored = frames(1, [0, 1, 2, 3], { model: 'vmaf_v0.6.1', frames: [0, 2], values: [90, 80] });
    const data = frameChartData('vmaf', [scored, frames(2, [0, 1, 2, 3])])!;
    expect(data.series.map((s) => s.label)).toEqual(['#1']);
    expect(data.data).toEqual([
      [0, 2],
      [90, 80],
    ]);
    expect(frameValues(scored, 2)).toEqual({ psnr: 32, ssim: 0.92, vmaf: 80 });
    expect(frameValues(scored, 1)).toEqual({ psnr: 31, ssim: 0.91, vmaf: null });
    expect(frameValues(scored, 7)).toBeUndefined();
  });
});
