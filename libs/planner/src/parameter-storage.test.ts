import { describe, expect, it } from 'vitest';
import { BASELINE_CONFIG, configHash, ObjectiveSchema, runnerOffer, type CampaignContext, type ExperimentConfig, type ExperimentResult, type HistoryEntry, type ObjectiveInput } from '@codec-lab/domain';
import { measuredResult } from '@codec-lab/domain/testing';
import { analyseExperiment } from './analysis.ts';
import { PLANNED_PARAMETER_STORAGE } from './parameter-storage.ts';
import { planNext } from './planner.ts';

// 160x90, 30 frames: 432,000 pixels. A procedural source's baseline: 4 kbit/s (0.009 bits per
// pixel) at 52 dB; a camera source's: 300 kbit/s (0.69 bits per pixel) at 38 dB.
const PROCEDURAL = measuredResult(4_000, 52);
const CAMERA = measuredResult(300_000, 38);
const OFFER = runnerOffer({ encoders: ['libx264', 'libx265'], pixelFormats: { libx264: ['yuv420p'], libx265: ['yuv420p'] }, vmafModels: [], ffmpegVersion: '5.1', meterFfmpegVersion: '5.1', gpuName: '' }, 1);

function entry(seq: number, config: ExperimentConfig, result: ExperimentResult): HistoryEntry {
  return { seq, config, configHash: configHash(config), status: 'succeeded', result, origin: 'planner' } as HistoryEntry;
}

function context(history: HistoryEntry[], objective: ObjectiveInput = { targetBitrateMbps: 0.05 }): CampaignContext {
  return { campaignId: 'c', source: { kind: 'file', path: 'a.y4m' }, objective: ObjectiveSchema.parse(objective), maxExperiments: 8, history, analyst: 'planner', offer: OFFER, vmaf: { model: 'vmaf_v0.6.1', subsample: 1 } };
}

const proposed = (c: CampaignContext) => {
  const decision = planNext(c);
  return decision.kind === 'proposal' ? decision.proposal : undefined;
};

describe('the planner and parameter storage', () => {
  it('tries it once, right after a baseline that says the source is procedural, saying why', () => {
    const proposal = proposed(context([entry(1, BASELINE_CONFIG, PROCEDURAL)]));
    expect(proposal?.config).toEqual(PLANNED_PARAMETER_STORAGE);
    expect(proposal?.hypothesis).toMatch(/looks procedural: the baseline \(libx264 medium crf 23\) spent 0\.0093 bits per pixel for 52\.0 dB/);
    expect(proposal?.rationale).toMatch(/If the fit's PSNR falls well short/);
  });

  it('does not try it on a camera-like source, nor where the constraints name the encoders', () => {
    expect(proposed(context([entry(1, BASELINE_CONFIG, CAMERA)]))?.config.strategy).toBe('codec');
    expect(proposed(context([entry(1, BASELINE_CONFIG, PROCEDURAL)], { targetBitrateMbps: 0.05, constraints: { encoders: ['libx264'] } }))?.config.strategy).toBe('codec');
  });

  it('does not try it again once measured, and models codecs as if it had not run', () => {
    const poor = measuredResult(90_000, 24, { parameterStorage: { layers: ['linear gradient'], notFitted: [], sceneBytes: 300, residualBytes: 0, fitPsnrAvg: 24, fitSeconds: 1 } });
    const withIt = context([entry(1, BASELINE_CONFIG, PROCEDURAL), entry(2, PLANNED_PARAMETER_STORAGE, poor)]);
    const next = planNext(withIt);
    expect(next.kind === 'proposal' && next.proposal.config.strategy).toBe('codec');
    // The same codec proposal as with the parameter-storage experiment never run (and not to be run).
    const without = planNext(context([entry(1, BASELINE_CONFIG, PROCEDURAL)]), new Set([configHash(PLANNED_PARAMETER_STORAGE)]));
    expect(next).toEqual(without);
  });

  it('analyses a fit against the baseline in measured bytes and PSNR, keeping a loss as a finding', () => {
    const report = { layers: ['linear gradient (0,0)→(160,45)', 'rect 24x18 at (80,41)'], notFitted: [], sceneBytes: 180, residualBytes: 0, fitPsnrAvg: 55, fitSeconds: 1 };
    const good = measuredResult(1_600, 55, { parameterStorage: report });
    const won = analyseExperiment(context([entry(1, BASELINE_CONFIG, PROCEDURAL), entry(2, PLANNED_PARAMETER_STORAGE, good)]), 2);
    expect(won.insights).toContain('Stored a 180-byte scene description; the description alone renders at 55.00 dB PSNR. Layers: linear gradient (0,0)→(160,45); rect 24x18 at (80,41).');
    expect(won.insights).toContain('Against the codec baseline: 2.5x fewer bytes at +3.00 dB PSNR; the source is procedural enough for a fitted description.');
    const poor = measuredResult(8_000, 30, { parameterStorage: { ...report, notFitted: ['40.0% of luma samples are off'] } });
    const lost = analyseExperiment(context([entry(1, BASELINE_CONFIG, PROCEDURAL), entry(2, PLANNED_PARAMETER_STORAGE, poor)]), 2);
    expect(lost.insights).toContain('Not fitted: 40.0% of luma samples are off.');
    expect(lost.insights).toContain('Against the codec baseline: 2.0x more bytes at -22.00 dB PSNR; the fit does not pay on this source, a finding this campaign keeps (the codec search goes on).');
  });
});
