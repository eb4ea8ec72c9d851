import { describe, expect, it } from 'vitest';
import {
  BASELINE_CONFIG,
  configHash,
  ExperimentConfigSchema,
  runnerOffer,
  type CampaignContext,
  type ExperimentConfig,
  type ExperimentResult,
  type HistoryEntry,
  ObjectiveSchema,
  type ObjectiveInput,
} from '@codec-lab/domain';
import { measuredResult, vmafScore } from '@codec-lab/domain/testing';
import { analyseExperiment } from './analysis.ts';
import { PRIORS } from './priors.ts';

/** A 1 s, 30-frame 160x90 measurement; the analysis prints Y beside the average. */
const result = (bitrateBps: number, psnr: number): ExperimentResult =>
  measuredResult(bitrateBps, psnr, { psnr: { y: psnr - 1, u: psnr + 2, v: psnr + 2, avg: psnr } });

const offer = runnerOffer(
  { encoders: ['libx264', 'libx265', 'libsvtav1'], pixelFormats: { libx264: ['yuv420p'], libx265: ['yuv420p'], libsvtav1: ['yuv420p'] }, vmafModels: [], ffmpegVersion: '5.1', meterFfmpegVersion: '5.1', gpuName: '' },
  1,
);

function entry(seq: number, config: ExperimentConfig, measured?: ExperimentResult): HistoryEntry {
  return {
    seq,
    config,
    configHash: configHash(config),
    status: measured ? 'succeeded' : 'failed',
    result: measured,
    failure: measured ? undefined : { code: 'ERR_ENCODE_FAILED', message: 'ffmpeg exited with code 1' },
    origin: seq === 1 ? 'baseline' : 'planner',
    hypothesis: 'h',
  };
}

const crf = (value: number, preset = 'medium') =>
  ExperimentConfigSchema.parse({ strategy: 'codec', encoder: 'libx264', preset, rateControl: { mode: 'crf', crf: value } });

function context(history: HistoryEntry[], targetMbps = 0.1, maxExperiments = 5, objective: Partial<ObjectiveInput> = {}): CampaignContext {
  return {
    campaignId: 'c1',
    source: { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 },
    objective: ObjectiveSchema.parse('kind' in objective ? { metric: 'psnr', ...objective } : { targetBitrateMbps: targetMbps, metric: 'psnr', ...objective }),
    maxExperiments,
    history,
    analyst: 'planner',
    offer,
    vmaf: { model: 'vmaf_v0.6.1', subsample: 1 },
  };
}

/** A result with VMAF scored by `model`: mean `mean`, its 1% low and harmonic mean below it. */
const scored = (bitrateBps: number, psnr: number, mean: number, model: 'vmaf_v0.6.1' | 'vmaf_v0.6.1neg' = 'vmaf_v0.6.1') =>
  ({ ...result(bitrateBps, psnr), vmaf: vmafScore(mean, { model, harmonicMean: mean - 0.5, low1Percent: mean - 10, low5Percent: mean - 6, subsample: 2, scoredFrames: 15 }) }) as ExperimentResult;

describe('planner analysis', () => {
  it('cites the measured numbers against target, baseline and best so far', () => {
    const history = [entry(1, BASELINE_CONFIG, result(200_000, 40)), entry(2, crf(28), result(90_000, 36.5))];
    const analysis = analyseExperiment(context(history), 2);
    expect(analysis.origin).toBe('planner');
    expect(analysis.summary).toContain('0.090 Mbps');
    expect(analysis.summary).toContain('-10.0% vs the 0.100 Mbps budget');
    expect(analysis.insights.join(' ')).toContain('-55.0% bitrate at -3.50 dB PSNR vs baseline');
    expect(analysis.rootCause).toContain('CRF 23 -> 28');
    expect(analysis.nextStep).toMatch(/^Next: lib\S+ \S+ crf \d+\. .* should measure .* Why: .*Model: /);
  });

  it('speaks VMAF in a VMAF campaign: the pooled figures with the model, changes in VMAF points', () => {
    const history = [entry(1, BASELINE_CONFIG, scored(200_000, 40, 95)), entry(2, crf(28), scored(90_000, 36.5, 88.25, 'vmaf_v0.6.1'))];
    const analysis = analyseExperiment(context(history, 0.1, 5, { metric: 'vmaf', minQuality: 85 }), 2);
    expect(analysis.summary).toContain(
      'VMAF 88.25 (vmaf_v0.6.1: harmonic mean 87.75, 1% low 78.25, 15 frames scored, 1 frame in 2), PSNR 36.50 dB (Y 35.50 dB), SSIM 0.9800, meets the objective.',
    );
    expect(analysis.insights).toContain('-55.0% bitrate at -6.75 VMAF (vmaf_v0.6.1), -3.50 dB PSNR vs baseline (experiment 1, libx264 medium crf 23).');
    expect(analysis.insights).toContain('This is the best experiment so far (VMAF 88.25 (vmaf_v0.6.1)).');
    expect(analysis.rootCause).toContain('quality -6.75 VMAF (vmaf_v0.6.1), -3.50 dB PSNR');
    expect(analysis.insights.join(' ')).not.toContain('PSNR used instead');
  });

  it('says where VMAF was not measured and compares in PSNR, never calling it VMAF', () => {
    const history = [entry(1, BASELINE_CONFIG, result(200_000, 40)), entry(2, crf(28), result(90_000, 36.5))];
    const analysis = analyseExperiment(context(history, 0.1, 5, { metric: 'vmaf' }), 2);
    expect(analysis.summary).not.toContain('VMAF');
    expect(analysis.insights).toContain('This is the best experiment so far (PSNR 36.50 dB).');
    expect(analysis.insights).toContain('VMAF not available (no libvmaf); PSNR used instead.');
    expect(analysis.insights.join(' ')).toContain('-55.0% bitrate at -3.50 dB PSNR vs baseline');
  });

  it('reports a failure with its reason and says the budget is spent at the end', () => {
    const history = [entry(1, BASELINE_CONFIG, result(200_000, 40)), entry(2, crf(28))];
    const analysis = analyseExperiment(context(history, 0.1, 2), 2);
    expect(analysis.summary).toContain('ffmpeg exited with code 1');
    expect(analysis.nextStep).toContain('Budget spent');
  });

  it("compares the proposal's prediction with the measurement", () => {
    const predicted: HistoryEntry = {
      ...entry(2, crf(28), result(90_000, 36.5)),
      prediction: { bitrateBps: 100_000, bitrateSigma: 0.1, quality: { value: 36, sigma: 0.25, metric: 'psnr' }, encodeSeconds: 0.05, basis: 'one measured point of libx264 medium and its prior slopes' },
    };
    const analysis = analyseExperiment(context([entry(1, BASELINE_CONFIG, result(200_000, 40)), predicted]), 2);
    expect(analysis.predictionCheck).toEqual({ bitrateError: expect.closeTo(-0.1, 9), qualityError: expect.closeTo(0.5, 9), qualitySigmas: expect.closeTo(2, 9), encodeSecondsRatio: expect.closeTo(2, 9) });
    expect(analysis.insights.join(' ')).toContain('Predicted 0.100 Mbps (+-10%) at PSNR 36.00 +- 0.25 in 0.1 s (one measured point of libx264 medium and its prior slopes); measured -10.0% bitrate, +0.50 PSNR (2.0 sigma), 2.00x the encode time.');
  });

  it("compares the planner's prediction for a language model's config with the measurement, beside the model's own", () => {
    const planners = { bitrateBps: 80_000, bitrateSigma: 0.1, quality: { value: 36, sigma: 0.5, metric: 'psnr' as const }, encodeSeconds: 0.1, basis: 'one measured point of libx264 medium and its prior slopes' };
    const proposed: HistoryEntry = { ...entry(2, crf(28), result(90_000, 36.5)), origin: 'llm', plannerPrediction: planners };
    const analysis = analyseExperiment(context([entry(1, BASELINE_CONFIG, result(200_000, 40)), proposed]), 2);
    expect(analysis.predictionCheck).toBeUndefined();
    expect(analysis.plannerPredictionCheck).toEqual({ bitrateError: expect.closeTo(0.125, 9), qualityError: expect.closeTo(0.5, 9), qualitySigmas: expect.closeTo(1, 9), encodeSecondsRatio: expect.closeTo(1, 9) });
    expect(analysis.insights.join(' ')).toContain("The planner's model of this config predicted 0.080 Mbps (+-10%) at PSNR 36.00 +- 0.50 in 0.1 s (one measured point of libx264 medium and its prior slopes); measured +12.5% bitrate, +0.50 PSNR (1.0 sigma), 1.00x the encode time.");
    const both = analyseExperiment(context([entry(1, BASELINE_CONFIG, result(200_000, 40)), { ...proposed, prediction: { ...planners, bitrateBps: 100_000 } }]), 2);
    expect(both.predictionCheck?.bitrateError).toBeCloseTo(-0.1, 9);
    expect(both.plannerPredictionCheck?.bitrateError).toBeCloseTo(0.125, 9);
  });

  it('compares a probe on its full-length figures, corrected as the campaign corrects its probes', () => {
    const probeCorrection = { lnBitrateRatio: { mean: Math.log(0.9), sd: 0.03 }, psnr: { mean: 0.3, sd: 0.1 }, ssim: { mean: 0, sd: 0.001 }, vmaf: { mean: 0, sd: 1 }, pairs: 3, basis: 'three remembered pairs' };
    const knowledge = { priors: PRIORS, similar: [], probeCorrection, recordsRead: 1, learnedAt: '2026-12-01T00:00:00.000Z' };
    const planners = { bitrateBps: 90_000, bitrateSigma: 0.1, quality: { value: 37, sigma: 0.4, metric: 'psnr' as const }, encodeSeconds: 0.1, basis: 'fitted on 2 measured points of libx264 medium' };
    const probe: HistoryEntry = { ...entry(2, crf(28), { ...result(100_000, 36.5), mode: 'probe' }), origin: 'llm', plannerPrediction: planners, prediction: planners };
    const analysis = analyseExperiment({ ...context([entry(1, BASELINE_CONFIG, result(200_000, 40)), probe]), knowledge }, 2);
    // Measured 0.100 Mbps and 36.50 dB on segments: 0.090 Mbps and 36.80 dB at full length.
    const check = { bitrateError: expect.closeTo(0, 9), qualityError: expect.closeTo(-0.2, 9), qualitySigmas: expect.closeTo(-0.5, 9), encodeSecondsRatio: expect.closeTo(1, 9) };
    expect(analysis.predictionCheck).toEqual(check);
    expect(analysis.plannerPredictionCheck).toEqual(check);
    expect(analysis.insights.join(' ')).toContain('measured (the probe corrected to full length) 0.0% bitrate, -0.20 PSNR (-0.5 sigma)');
    // A full encode is compared as measured.
    const full = analyseExperiment({ ...context([entry(1, BASELINE_CONFIG, result(200_000, 40)), { ...probe, result: result(100_000, 36.5) }]), knowledge }, 2);
    expect(full.plannerPredictionCheck?.bitrateError).toBeCloseTo(100_000 / 90_000 - 1, 9);
  });

  it('says why an experiment misses a quality target', () => {
    const history = [entry(1, BASELINE_CONFIG, scored(200_000, 40, 95)), entry(2, crf(28), scored(90_000, 36.5, 88.25))];
    const analysis = analyseExperiment(context(history, 0.1, 5, { kind: 'bitrate-at-quality', metric: 'vmaf', targetQuality: 90 } as Partial<ObjectiveInput>), 2);
    expect(analysis.summary).toContain('(-1.75 VMAF vs the 90 target)');
    expect(analysis.summary).toContain('misses the objective: VMAF 88.25 is under the 90 target.');
  });
});
