import { describe, expect, it } from 'vitest';
import { PIXEL_FORMATS, runnerOffer, type CampaignContext } from '@codec-lab/domain';
import type { LlmConfig } from './llm-schemas.ts';
import { checkProposal } from './output-validation.ts';

const context: CampaignContext = {
  campaignId: 'c',
  source: { kind: 'file', path: 'a.mp4' },
  objective: { targetBitrateMbps: 1, metric: 'psnr' },
  maxExperiments: 4,
  history: [],
  analyst: 'llm',
  offer: runnerOffer(
    { encoders: ['libx264', 'libsvtav1'], pixelFormats: { libx264: [...PIXEL_FORMATS], libsvtav1: [...PIXEL_FORMATS] }, vmafAvailable: false, ffmpegVersion: '5.1', gpuName: '' },
    1,
  ),
};

const base: LlmConfig = {
  encoder: 'libx264', preset: 'slow', rateMode: 'bitrate', crf: null, kbps: 900, passes: null, gop: 120, bFrames: 3,
  pixelFormat: 'yuv420p', tune: 'film', width: null, height: null, filmGrain: null, options: [{ name: 'aqMode', value: 2 }],
};
const answer = (config: Partial<LlmConfig>, extra: object = {}) =>
  JSON.stringify({ hypothesis: 'h', rationale: 'r', expectedBitrateMbps: null, config: { ...base, ...config }, ...extra });

describe('checkProposal', () => {
  it('turns the flat answer into the domain config, one pass by default', () => {
    const checked = checkProposal(answer({}), context, new Map());
    expect(checked).toEqual({
      ok: true,
      value: {
        hypothesis: 'h',
        rationale: 'r',
        config: {
          strategy: 'codec', encoder: 'libx264', preset: 'slow', rateControl: { mode: 'bitrate', kbps: 900, passes: 1 },
          gop: 120, bFrames: 3, pixelFormat: 'yuv420p', tune: 'film', options: { aqMode: 2 },
        },
      },
    });
  });

  it("names the model's own fields in the errors it will be asked to fix", () => {
    const checked = checkProposal(answer({ encoder: 'libsvtav1', preset: '6', passes: 2, bFrames: 2, tune: null, options: [], width: 640 }), context, new Map());
    expect(checked).toEqual({
      ok: false,
      reason: 'semantic_invalid',
      errors: ['config.width/height: give both or neither', 'config.passes: libsvtav1 has no two-pass mode here', 'config.bFrames: libsvtav1 has no B-frame setting'],
    });
  });

  it('refuses members the schema does not have', () => {
    const checked = checkProposal(answer({}, { shell: 'rm -rf /' }), context, new Map());
    expect(checked).toMatchObject({ ok: false, reason: 'schema_violation', errors: [expect.stringContaining('shell')] });
  });
});

describe('checkProposal against what the runners proved', () => {
  const trials = runnerOffer(
    { encoders: ['libx264', 'libsvtav1'], pixelFormats: { libx264: ['yuv420p'], libsvtav1: ['yuv420p', 'yuv420p10le'] }, vmafAvailable: false, ffmpegVersion: '5.1', gpuName: '' },
    1,
  );
  const presets: Record<string, string[]> = { libx264: ['fast', 'medium', 'slow'], libsvtav1: ['8'] };
  const offered: CampaignContext = { ...context, offer: { ...trials, encoders: trials.encoders.map((e) => ({ ...e, presets: presets[e.name]! })) } };

  it('refuses a preset or pixel format the runners did not prove, naming what they offer', () => {
    const checked = checkProposal(answer({ pixelFormat: 'yuv420p10le', preset: 'veryslow' }), offered, new Map());
    expect(checked).toMatchObject({
      ok: false,
      reason: 'semantic_invalid',
      errors: ['config.preset: the runners offer libx264 presets fast, medium, slow', "config.pixelFormat: the runners' libx264 encodes yuv420p"],
    });
    expect(checkProposal(answer({}), offered, new Map()).ok).toBe(true);
  });
});
