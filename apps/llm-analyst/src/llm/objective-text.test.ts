import { describe, expect, it } from 'vitest';
import {
  configHash,
  ExperimentConfigSchema,
  ObjectiveSchema,
  PIXEL_FORMATS,
  runnerOffer,
  type CampaignContext,
  type CodecConfigInput,
  type ExperimentResult,
  type HistoryEntry,
  type ObjectiveInput,
} from '@codec-lab/domain';
import { measuredResult, vmafScore } from '@codec-lab/domain/testing';
import { bestText, capabilitiesText, historyTable, objectiveText, paretoText } from './campaign-digest.ts';

// The objective as the model reads it, for the kinds other than a bitrate budget: what counts as
// an answer, the constraints (and the capabilities narrowed to them), each experiment's distance
// from the target and why it misses, and a Pareto objective's front with its hypervolume.

const OFFER = runnerOffer(
  {
    encoders: ['libx264', 'libx265', 'libsvtav1'],
    pixelFormats: { libx264: [...PIXEL_FORMATS], libx265: [...PIXEL_FORMATS], libsvtav1: [...PIXEL_FORMATS] },
    vmafModels: ['vmaf_v0.6.1'],
    ffmpegVersion: '5.1',
    meterFfmpegVersion: '7.0.2',
    gpuName: '',
  },
  1,
);

function entry(seq: number, config: Omit<CodecConfigInput, 'strategy'>, result: ExperimentResult): HistoryEntry {
  const parsed = ExperimentConfigSchema.parse({ strategy: 'codec', ...config });
  return { seq, config: parsed, configHash: configHash(parsed), status: 'succeeded', result, origin: 'llm', hypothesis: 'h' };
}

const x264 = (crf: number) => ({ encoder: 'libx264', preset: 'medium', rateControl: { mode: 'crf', crf } }) as const;

function context(objective: ObjectiveInput, history: HistoryEntry[]): CampaignContext {
  return {
    campaignId: 'c', source: { kind: 'file', path: 'a.mp4' }, objective: ObjectiveSchema.parse(objective), maxExperiments: 10, history, analyst: 'llm',
    offer: OFFER, vmaf: { model: 'vmaf_v0.6.1', subsample: 1 },
  };
}

describe('a bitrate-at-quality VMAF objective with constraints', () => {
  const objective: ObjectiveInput = { kind: 'bitrate-at-quality', metric: 'vmaf', targetQuality: 93, constraints: { encoders: ['libx264', 'libsvtav1'], pixelFormat: 'yuv420p', minEncodeFps: 60 } };
  const history = [
    entry(1, x264(23), measuredResult(400_000, 41, { vmaf: vmafScore(95) })),
    entry(2, x264(26), measuredResult(300_000, 40, { vmaf: vmafScore(93.5), encodeFps: 40 })),
    entry(3, x264(28), measuredResult(230_000, 39, { vmaf: vmafScore(91) })),
  ];

  it('states the target, what answers it and every constraint', () => {
    const text = objectiveText(context(objective, history));
    expect(text).toContain('- Objective: smallest bitrate with VMAF >= 93; encode >= 60 fps, encoders libx264, libsvtav1, pixel format yuv420p.');
    expect(text).toContain('- Answer: the full encode with the smallest bitrate whose measured VMAF reaches 93; one under the target misses however cheap it is');
    expect(text).toContain('- Constraints (on every experiment): encode >= 60 fps, encoders libx264, libsvtav1, pixel format yuv420p. Never propose an encoder or a pixel format they exclude');
    expect(text).toContain('The result must reach at least 93 in it.');
  });

  it('lists only the encoders and the pixel format the constraints allow', () => {
    const text = capabilitiesText(context(objective, history));
    expect(text).not.toMatch(/^- libx265 /m);
    expect(text).toMatch(/^- libx264 \(h264\).* pixelFormat yuv420p\.$/m);
    expect(text).toContain('- Excluded by the constraints (on the runners, never to be proposed): libx265.');
    expect(text).toContain('pixelFormat yuv420p only (the constraints require it)');
    expect(text).not.toContain('yuv420p10le');
  });

  it('says how far each experiment is from the target, and why it misses', () => {
    const rows = historyTable(context(objective, history)).split('\n').slice(2);
    expect(rows.map((row) => row.split(' | ').slice(-3, -1))).toEqual([
      ['+2.00 VMAF', 'meets'],
      ['+0.50 VMAF', 'misses: encoded at 40.0 fps, under the 60 fps minimum'],
      ['-2.00 VMAF', 'misses: VMAF 91.00 is under the 93 target'],
    ]);
    // The answer is the cheapest that meets the objective: #2 is cheaper, but too slow.
    expect(bestText(context(objective, history))).toBe(
      'experiment 1 (libx264 medium crf 23): 0.400 Mbps, VMAF 95.00 (vmaf_v0.6.1), 300.0 fps (+2.00 VMAF vs the 93 target), meets the objective',
    );
    expect(bestText(context(objective, history.slice(1)))).toMatch(/^none meets the objective yet; the closest to the target is experiment 2 /);
  });
});

describe('a Pareto objective', () => {
  const objective: ObjectiveInput = { kind: 'pareto', metric: 'psnr', maxBitrateMbps: 0.3 };
  const history = [
    entry(1, x264(23), measuredResult(400_000, 40)),
    entry(2, x264(28), measuredResult(200_000, 37, { encodeFps: 300 })),
    entry(3, { ...x264(26), preset: 'slow' }, measuredResult(250_000, 38, { encodeFps: 100 })),
    // #2 is cheaper, better and faster: #4 is off the front.
    entry(4, { ...x264(27), preset: 'fast' }, measuredResult(250_000, 36.5, { encodeFps: 200 })),
  ];

  it('states the front as the answer, its reference corner and the goal of widening it', () => {
    const text = objectiveText(context(objective, history));
    expect(text).toContain('- Objective: Pareto front of bitrate x PSNR x encode speed up to 0.3 Mbps.');
    expect(text).toContain('no other beats on bitrate (lower), PSNR (higher) and encode speed (higher) together');
    expect(text).toContain('measured from the corner 0.300 Mbps, PSNR 20.00, 0 fps.');
    expect(text).toContain('- Goal: widen the front.');
    expect(text).toContain('- Constraints: none.');
  });

  it('shows the front of the experiments that meet it, and its hypervolume', () => {
    const lines = paretoText(context(objective, history)).split('\n');
    expect(lines[0]).toBe('Bitrate x PSNR x encode speed, among the experiments that meet the objective; no other is cheaper, better and faster together (the answer):');
    expect(lines.slice(1, -1)).toEqual([
      '- experiment 2 (libx264 medium crf 28): 0.200 Mbps, PSNR 37.00 dB, 300.0 fps',
      '- experiment 3 (libx264 slow crf 26): 0.250 Mbps, PSNR 38.00 dB, 100.0 fps',
    ]);
    // 0.05 Mbps x 17 dB x 300 fps, then 0.05 Mbps x (1 dB x 100 fps + 17 dB x 300 fps).
    expect(lines.at(-1)).toBe('Hypervolume 515.0 (Mbps x PSNR x fps) from the corner 0.300 Mbps, PSNR 20.00, 0 fps; a new point off the front raises it.');
    expect(historyTable(context(objective, history))).toContain('| 300.0 | +33.3% | misses | succeeded |');
  });
});
