import { describe, expect, it } from 'vitest';
import { CodecConfigSchema, configHash, describeConfig, ExperimentConfigSchema, runnerOffer, type CampaignContext, type ExperimentConfig, type HistoryEntry } from '@codec-lab/domain';
import { budgetObjective, measuredResult } from '@codec-lab/domain/testing';
import { planNext } from './planner.ts';
import { trackHistory } from './track-model.ts';
import { describeTrack, trackConfig, trackKey, trackOf } from './tracks.ts';

const x264 = (overrides: object = {}) =>
  ExperimentConfigSchema.parse({ strategy: 'codec', encoder: 'libx264', preset: 'medium', rateControl: { mode: 'crf', crf: 23 }, ...overrides });

// One value for every field of a config other than strategy and rate control, away from the baseline.
const KNOBS: Record<string, object> = {
  encoder: { encoder: 'libx265' },
  preset: { preset: 'slow' },
  gop: { gop: 10 },
  bFrames: { bFrames: 0 },
  pixelFormat: { pixelFormat: 'yuv420p10le' },
  tune: { tune: 'film' },
  resolution: { resolution: { width: 640, height: 360 } },
  filmGrain: { encoder: 'libsvtav1', preset: '8', filmGrain: 8 },
  options: { options: { refs: 4 } },
};

function entry(seq: number, config: ExperimentConfig, bitrateBps: number): HistoryEntry {
  return {
    seq,
    config,
    configHash: configHash(config),
    status: 'succeeded',
    result: measuredResult(bitrateBps, 40, { durationSeconds: 5, frames: 150, width: 1280, height: 720 }),
    origin: seq === 1 ? 'baseline' : 'llm',
    hypothesis: 'h',
  };
}

describe('tracks', () => {
  it('key every field that can move the rate model, and nothing but the CRF is left out', () => {
    const always = ['strategy', 'rateControl'];
    expect(Object.keys(KNOBS).sort()).toEqual(Object.keys(CodecConfigSchema.shape).filter((key) => !always.includes(key)).sort());
    const base = trackKey(trackOf(x264())!);
    expect(trackKey(trackOf(x264({ rateControl: { mode: 'crf', crf: 30 } }))!)).toBe(base);
    for (const [field, overrides] of Object.entries(KNOBS)) {
      expect(trackKey(trackOf(x264(overrides))!), field).not.toBe(base);
    }
    expect(trackOf(x264({ rateControl: { mode: 'bitrate', kbps: 800 } }))).toBeUndefined();
  });

  it('give the same key to tracks that mean the same thing, and turn back into the config', () => {
    const config = x264({ gop: 48, bFrames: 3, options: { refs: 4, aqMode: 2 } });
    expect(trackKey(trackOf(config)!)).toBe(trackKey(trackOf(x264({ options: { aqMode: 2, refs: 4 }, bFrames: 3, gop: 48 }))!));
    expect(trackKey({ encoder: 'libx264', preset: 'medium' })).toBe(trackKey(trackOf(x264())!));
    expect(trackConfig(trackOf(config)!, 23)).toStrictEqual(config);
    expect(describeTrack({ encoder: 'libx264', preset: 'medium', resolution: { width: 640, height: 360 } })).toBe('libx264 medium at 640x360');
    expect(describeTrack(trackOf(config)!)).toBe('libx264 medium (gop 48, bf 3, refs=4, aqMode=2)');
  });

  it('keep a gop or B-frame experiment out of the default track, so the planner models it on its own', () => {
    const baseline = x264();
    const shortGop = x264({ gop: 10 });
    const history = [entry(1, baseline, 2_000_000), entry(2, shortGop, 3_000_000)];
    expect(trackHistory(history, trackOf(baseline)!, 'psnr').map((p) => p.seq)).toEqual([1]);
    expect(trackHistory(history, trackOf(shortGop)!, 'psnr').map((p) => p.seq)).toEqual([2]);
    const context: CampaignContext = {
      campaignId: 'gop',
      source: { kind: 'synthetic', generator: 'testsrc2', width: 1280, height: 720, fps: 30, seconds: 5 },
      objective: budgetObjective(1),
      maxExperiments: 6,
      history,
      analyst: 'planner',
      offer: runnerOffer({ encoders: ['libx264'], pixelFormats: { libx264: ['yuv420p'] }, vmafModels: [], ffmpegVersion: '5.1', meterFfmpegVersion: '5.1', gpuName: '' }, 1),
      vmaf: { model: 'vmaf_v0.6.1', subsample: 1 },
    };
    const decision = planNext(context);
    expect(decision.kind).toBe('proposal');
    if (decision.kind !== 'proposal') return;
    // Whichever track it refines, its model counts only that track's own point.
    const gop = describeConfig(decision.proposal.config).includes('gop 10');
    expect(decision.proposal.prediction?.basis).toBe(gop ? 'one measured point of libx264 medium (gop 10) and its prior slopes' : 'one measured point of libx264 medium and its prior slopes');
  });
});
