import { describe, expect, it } from 'vitest';
import { BASELINE_CONFIG, configHash, PIXEL_FORMATS, runnerOffer, type CampaignContext } from '@codec-lab/domain';
import { budgetObjective, measuredResult, vmafScore } from '@codec-lab/domain/testing';
import type { LlmConfig } from './llm-schemas.ts';
import { checkAnalysis, checkProposal } from './output-validation.ts';

const context: CampaignContext = {
  campaignId: 'c',
  source: { kind: 'file', path: 'a.mp4' },
  objective: budgetObjective(1),
  maxExperiments: 4,
  history: [],
  analyst: 'llm',
  offer: runnerOffer(
    { encoders: ['libx264', 'libsvtav1'], pixelFormats: { libx264: [...PIXEL_FORMATS], libsvtav1: [...PIXEL_FORMATS] }, vmafModels: [], ffmpegVersion: '5.1', meterFfmpegVersion: '5.1', gpuName: '' },
    1,
  ),
  vmaf: { model: 'vmaf_v0.6.1', subsample: 1 },
};

const base: LlmConfig = {
  strategy: 'codec', parameterStorage: null,
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

  it('takes a parameter_storage proposal, and names the parameterStorage field a bad one gets wrong', () => {
    const ps: NonNullable<LlmConfig['parameterStorage']> = { vocabulary: ['linear', 'shape'], effort: 2, positionBits: 4, colorBits: 2, phaseBits: 12, residualCodec: 'none', residualCrf: null };
    const good = checkProposal(answer({ strategy: 'parameter_storage', parameterStorage: ps }), context, new Map());
    expect(good).toMatchObject({ ok: true, value: { config: { strategy: 'parameter_storage', vocabulary: ['linear', 'shape'], effort: 2, residual: { codec: 'none' } } } });
    const bad = checkProposal(answer({ strategy: 'parameter_storage', parameterStorage: { ...ps, effort: 9, residualCodec: 'libx265', residualCrf: 99 } }), context, new Map());
    expect(bad).toMatchObject({ ok: false, reason: 'semantic_invalid' });
    if (bad.ok) return;
    expect(bad.errors).toEqual(expect.arrayContaining([expect.stringMatching(/^config\.parameterStorage\.effort: /), expect.stringMatching(/^config\.parameterStorage\.residualCrf: libx265 CRF must be between 0 and 51/)]));
    const unknown = checkProposal(answer({ strategy: 'parameter_storage', parameterStorage: { ...ps, vocabulary: ['fractal'] as never } }), context, new Map());
    expect(unknown).toMatchObject({ ok: false, reason: 'schema_violation', errors: [expect.stringContaining('vocabulary')] });
  });

  it('refuses members the schema does not have', () => {
    const checked = checkProposal(answer({}, { shell: 'rm -rf /' }), context, new Map());
    expect(checked).toMatchObject({ ok: false, reason: 'schema_violation', errors: [expect.stringContaining('shell')] });
  });
});

describe('checkProposal against what the runners proved', () => {
  const trials = runnerOffer(
    { encoders: ['libx264', 'libsvtav1'], pixelFormats: { libx264: ['yuv420p'], libsvtav1: ['yuv420p', 'yuv420p10le'] }, vmafModels: [], ffmpegVersion: '5.1', meterFfmpegVersion: '5.1', gpuName: '' },
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

describe("checkProposal against the objective's constraints", () => {
  const constrained: CampaignContext = { ...context, objective: { kind: 'bitrate-at-quality', metric: 'psnr', targetQuality: 40, constraints: { encoders: ['libsvtav1'], pixelFormat: 'yuv420p10le' } } };
  const svt = { encoder: 'libsvtav1' as const, preset: '8', rateMode: 'crf' as const, crf: 35, kbps: null, bFrames: null, tune: null, options: [] };

  it('refuses an encoder or a pixel format the constraints exclude, saying what they allow', () => {
    expect(checkProposal(answer({}), constrained, new Map())).toEqual({
      ok: false,
      reason: 'semantic_invalid',
      errors: [
        "config.encoder: libx264 is excluded by the campaign's constraints (allowed: libsvtav1)",
        "config.pixelFormat: the campaign's constraints require yuv420p10le, not yuv420p",
      ],
    });
    expect(checkProposal(answer({ ...svt, pixelFormat: 'yuv420p' }), constrained, new Map())).toMatchObject({
      ok: false,
      errors: ["config.pixelFormat: the campaign's constraints require yuv420p10le, not yuv420p"],
    });
    expect(checkProposal(answer({ ...svt, pixelFormat: 'yuv420p10le' }), constrained, new Map()).ok).toBe(true);
  });
});

describe('checkAnalysis', () => {
  const analysis = (summary: string, insights: string[] = []) => JSON.stringify({ summary, rootCause: 'CRF 23 -> 28', insights, nextStep: 'Next: CRF 27.' });
  const measured = (vmaf: boolean): CampaignContext => ({
    ...context,
    history: [
      {
        seq: 1, config: BASELINE_CONFIG, configHash: configHash(BASELINE_CONFIG), status: 'succeeded', origin: 'baseline', hypothesis: 'h',
        result: measuredResult(200_000, 38.2, vmaf ? { vmaf: vmafScore(93.1) } : {}),
      },
    ],
  });

  it('refuses a VMAF figure where no experiment had VMAF measured, naming the field', () => {
    const checked = checkAnalysis(analysis('Experiment 1 measured 0.200 Mbps at PSNR 38.20 dB.', ['It scores VMAF 93.1, close to transparent.']), measured(false));
    expect(checked).toEqual({
      ok: false,
      reason: 'semantic_invalid',
      errors: ['insights.0: quotes a VMAF figure ("VMAF 93.1"), but VMAF was not measured for any experiment of this campaign; cite the PSNR or SSIM that was measured, as such'],
    });
    expect(checkAnalysis(analysis('The bitrate fell 42.5% for +1.5 VMAF.'), measured(false))).toMatchObject({ ok: false, errors: [expect.stringContaining('("+1.5 VMAF")')] });
    expect(checkAnalysis(analysis('It ends at VMAF 93.1.'), measured(false))).toMatchObject({ ok: false, errors: [expect.stringContaining('("VMAF 93.1")')] });
    // Saying that VMAF is missing is not quoting one.
    expect(checkAnalysis(analysis('0.200 Mbps at PSNR 38.20 dB; VMAF not available (no libvmaf), so PSNR stands in.'), measured(false)).ok).toBe(true);
  });

  it('takes VMAF figures where VMAF was measured', () => {
    expect(checkAnalysis(analysis('Experiment 1 measured 0.200 Mbps at VMAF 93.1 (vmaf_v0.6.1), PSNR 38.20 dB.'), measured(true)).ok).toBe(true);
  });
});
