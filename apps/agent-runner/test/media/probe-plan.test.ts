import { describe, expect, it } from 'vitest';
import { resolveInput, type InputSpec } from '../../src/media/input.ts';
import { planProbe } from '../../src/media/probe-plan.ts';
import { pooledQuality } from '../../src/media/pool-quality.ts';
import { TINY_SOURCE } from './testing.ts';

const SIX_SECONDS = { ...TINY_SOURCE, seconds: 6 };
const vmaf = { available: false, reason: 'none' } as const;
/** A 6 s, 30 fps file, as resolveInput would describe it. */
const FILE: InputSpec = {
  kind: 'file',
  inputOptions: [],
  input: 'file:/media/clip.mp4',
  width: 160,
  height: 90,
  fps: { num: 30, den: 1 },
  frames: 180,
  durationSeconds: 6,
  pixFmt: 'yuv420p',
  colorRange: 'limited',
  frameTimes: Array.from({ length: 180 }, (_, i) => i / 30),
  codec: 'h264',
  audio: false,
  file: { sizeBytes: 1000, sha256: '0'.repeat(64) },
};

describe('planProbe', () => {
  it('starts each segment where the caller placed it, and refuses a start that runs past the source', () => {
    const plans = planProbe(FILE, { segments: 2, segmentSeconds: 1, starts: [0.5, 4.2] })!;
    // Frames at 1/30 s: the first at or after 0.5 s is 15, after 4.2 s is 126; 30 frames each.
    expect(plans.map((p) => [p.firstFrame, p.input.frames])).toEqual([
      [15, 30],
      [126, 30],
    ]);
    expect(() => planProbe(FILE, { segments: 2, segmentSeconds: 1, starts: [0.5, 5.5] })).toThrow(/probe.starts\[1\] = 5.5 s/);
  });

  it('takes each segment from the middle of its slice, cut by frame number for lavfi', async () => {
    const input = await resolveInput(SIX_SECONDS, []);
    const plans = planProbe(input, { segments: 3, segmentSeconds: 0.5 })!;
    // Slices of 2 s; 0.5 s centred in each starts at 0.75 s, 2.75 s, 4.75 s: frames 23, 83, 143.
    expect(plans.map((p) => [p.firstFrame, p.input.frames])).toEqual([
      [23, 15],
      [83, 15],
      [143, 15],
    ]);
    expect(plans[1]!.startSeconds).toBeCloseTo(83 / 30, 9);
    expect(plans[1]!.input.durationSeconds).toBeCloseTo(0.5, 9);
    expect(plans[1]!.input.input).toBe(`${input.input},trim=start_frame=83:end_frame=98,setpts=PTS-STARTPTS`);
  });

  it('cuts a file just before its frames (0.1 ms) with -ss and -t before -i', () => {
    const [first, , last] = planProbe(FILE, { segments: 3, segmentSeconds: 0.5 })!;
    // Frame 23 is at 0.766667 s: the cut goes 0.1 ms before it, and the segment's first frame lands 0.1 ms after zero.
    expect(first!.input.inputOptions).toEqual(['-ss', '0.766567', '-t', '0.500000']);
    expect(first!.input.frameTimes![0]).toBeCloseTo(1e-4, 9);
    expect(last!.input.inputOptions).toEqual(['-ss', '4.766567', '-t', '0.500000']);
    expect(last!.input.input).toBe('file:/media/clip.mp4');
  });

  it('follows the real frame times of a variable-rate file', () => {
    // 60 frames at 30 fps, then 60 at 15 fps: 6 s; two 1 s segments from the middle of each 3 s half.
    const frameTimes = [...Array.from({ length: 60 }, (_, i) => i / 30), ...Array.from({ length: 60 }, (_, i) => 2 + i / 15)];
    const plans = planProbe({ ...FILE, frames: 120, durationSeconds: 6, frameTimes }, { segments: 2, segmentSeconds: 1 })!;
    expect(plans.map((p) => p.input.frames)).toEqual([30, 15]);
    expect(plans.map((p) => p.firstFrame)).toEqual([30, 90]);
    expect(plans.map((p) => p.startSeconds)).toEqual([1, 4]);
  });

  it('falls back to a full run when the probe would cover three quarters of the source or more', async () => {
    expect(planProbe(await resolveInput(TINY_SOURCE, []), { segments: 3, segmentSeconds: 0.5 })).toBeNull();
    expect(planProbe(await resolveInput(SIX_SECONDS, []), { segments: 3, segmentSeconds: 1.5 })).toBeNull();
    expect(planProbe(await resolveInput(SIX_SECONDS, []), { segments: 3, segmentSeconds: 1.49 })).not.toBeNull();
  });

  it('keeps ten segments inside the source, none overlapping', async () => {
    const input = await resolveInput({ ...TINY_SOURCE, seconds: 12 }, []);
    const plans = planProbe(input, { segments: 10, segmentSeconds: 0.5 })!;
    expect(plans).toHaveLength(10);
    for (const [i, p] of plans.entries()) {
      expect(p.input.frames).toBe(15);
      if (i > 0) expect(p.firstFrame).toBeGreaterThanOrEqual(plans[i - 1]!.firstFrame + 15);
    }
    expect(plans.at(-1)!.firstFrame + 15).toBeLessThanOrEqual(input.frames);
  });
});

describe('pooledQuality', () => {
  it('pools PSNR over the mean squared error and SSIM as a frame-weighted mean', () => {
    const piece = (db: number, ssim: number, frames: number) => ({
      psnr: { y: db, u: db, v: db, avg: db },
      ssim: { y: ssim, u: ssim, v: ssim, all: ssim },
      vmaf,
      vmafLog: null,
      frames,
    });
    const pooled = pooledQuality([piece(30, 0.9, 10), piece(40, 0.99, 30)]);
    // MSE/peak² of 1e-3 for 10 frames and 1e-4 for 30: mean 3.25e-4, 34.88 dB (the dB mean would be 37.5).
    expect(pooled.psnr.avg).toBeCloseTo(-10 * Math.log10(3.25e-4), 9);
    expect(pooled.ssim.all).toBeCloseTo(0.9675, 9);
    expect(pooled.vmaf).toEqual(vmaf);
    expect(pooledQuality([piece(100, 1, 5), piece(100, 1, 5)]).psnr.avg).toBe(100);
  });
});
