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
} from '@codec-lab/domain';
import { measuredResult } from '@codec-lab/domain/testing';
import { analyseExperiment } from './analysis.ts';

/** A 1 s, 30-frame 160x90 measurement; the analysis prints Y beside the average. */
const result = (bitrateBps: number, psnr: number): ExperimentResult =>
  measuredResult(bitrateBps, psnr, { psnr: { y: psnr - 1, u: psnr + 2, v: psnr + 2, avg: psnr } });

const offer = runnerOffer(
  { encoders: ['libx264', 'libx265', 'libsvtav1'], pixelFormats: { libx264: ['yuv420p'], libx265: ['yuv420p'], libsvtav1: ['yuv420p'] }, vmafAvailable: false, ffmpegVersion: '5.1', gpuName: '' },
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

function context(history: HistoryEntry[], targetMbps = 0.1, maxExperiments = 5): CampaignContext {
  return {
    campaignId: 'c1',
    source: { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 },
    objective: { targetBitrateMbps: targetMbps, metric: 'psnr' },
    maxExperiments,
    history,
    analyst: 'planner',
    offer,
  };
}


describe('planner analysis', () => {
  it('cites the measured numbers against target, baseline and best so far', () => {
    const history = [entry(1, BASELINE_CONFIG, result(200_000, 40)), entry(2, crf(28), result(90_000, 36.5))];
    const analysis = analyseExperiment(context(history), 2);
    expect(analysis.origin).toBe('planner');
    expect(analysis.summary).toContain('0.090 Mbps');
    expect(analysis.summary).toContain('-10.0% vs the 0.100 Mbps target');
    expect(analysis.insights.join(' ')).toContain('-55.0% bitrate at -3.50 dB PSNR vs baseline');
    expect(analysis.rootCause).toContain('CRF 23 -> 28');
    expect(analysis.nextStep).toMatch(/^Next: libx264 medium crf 27\. .* Why: the libx264 medium rate model .* puts the target at CRF 27\.34/);
  });

  it('reports a failure with its reason and says the budget is spent at the end', () => {
    const history = [entry(1, BASELINE_CONFIG, result(200_000, 40)), entry(2, crf(28))];
    const analysis = analyseExperiment(context(history, 0.1, 2), 2);
    expect(analysis.summary).toContain('ffmpeg exited with code 1');
    expect(analysis.nextStep).toContain('Budget spent');
  });
});
