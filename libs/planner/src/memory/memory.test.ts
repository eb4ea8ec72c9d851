import { describe, expect, it } from 'vitest';
import { campaignFixture, measuredResult } from '@codec-lab/domain/testing';
import { configHash, experimentId, runnerOffer, type Experiment, type ExperimentConfig, type SourceDescription, type SourceMemory } from '@codec-lab/domain';
import { PRIORS, priorOf } from '../priors.ts';
import { recordedPoints } from '../testing/recorded-world.ts';
import { labKnowledge } from './knowledge.ts';
import { learnPriors } from './learn.ts';
import { observeSource } from './observations.ts';
import { campaignProbeCorrection, DEFAULT_PROBE_CORRECTION, plannerView } from './probe-correction.ts';
import { sourceMemory } from './record.ts';
import { memoryCell, nearbyCells, similarity } from './similarity.ts';

// The lab's memory as pure rules: what a remembered campaign says about each track, how similar
// sources weigh, and how probes are corrected. The remembered points are real encodes of a shared
// clip (the planner's recorded fixtures).

function description(overrides: Partial<SourceDescription> = {}, features: Partial<NonNullable<SourceDescription['features']>> = {}): SourceDescription {
  return {
    width: 960,
    height: 540,
    frameRate: '30/1',
    fps: 30,
    frames: 150,
    durationSeconds: 5,
    pixelFormat: 'yuv420p',
    bitDepth: 8,
    colorRange: 'limited',
    audio: false,
    codec: 'h264',
    features: { spatialInfo: { mean: 60, max: 70 }, temporalInfo: { mean: 12, max: 20 }, noise: 1.5, sceneCuts: [], sceneCutCount: 0, analysedFrames: 150, analysisScale: 640, ...features },
    ...overrides,
  };
}

/** Every recorded encode of `clip` as one remembered campaign on a source described as `desc`. */
function remembered(clip: string, desc: SourceDescription, campaignId = `remembered-${clip}`): SourceMemory {
  const points = recordedPoints(clip).map((p) => ({
    encoder: p.config.encoder,
    preset: p.config.preset,
    crf: p.config.rateControl.mode === 'crf' ? p.config.rateControl.crf : 0,
    bitrateBps: p.bitrateBps,
    psnr: p.psnr,
    ssim: p.ssim,
    vmaf: p.vmaf,
    encodeSeconds: p.encodeSeconds,
  }));
  return { campaignId, createdAt: '2026-11-01T00:00:00.000Z', label: clip, description: desc, points: points.slice(0, 120), probePairs: [] };
}

describe('similarity of sources', () => {
  it('is 1 for the same features, falls with distance, and is 0 without features', () => {
    const a = description();
    expect(similarity(a, description())).toBeCloseTo(1, 10);
    const moving = similarity(a, description({}, { temporalInfo: { mean: 30, max: 40 } }));
    const veryMoving = similarity(a, description({}, { temporalInfo: { mean: 60, max: 80 } }));
    expect(moving).toBeLessThan(1);
    expect(veryMoving).toBeLessThan(moving);
    expect(similarity(a, description({ features: undefined }))).toBe(0);
  });

  it('keeps a source in a cell of size and motion, and reads at most nine cells around it', () => {
    const cell = memoryCell(description());
    const cells = nearbyCells(description());
    expect(cells.length).toBeLessThanOrEqual(9);
    expect(cells).toContainEqual(cell);
    expect(memoryCell(description({ width: 3840, height: 2160 })).size).toBeGreaterThan(cell.size);
  });
});

describe('priors learned from remembered campaigns', () => {
  const desc = description();
  const flower = remembered('flower', desc);

  it('are the defaults when nothing is remembered', () => {
    expect(learnPriors(PRIORS, [])).toBe(PRIORS);
    expect(labKnowledge({ description: desc, memories: [], campaignId: 'new', now: '2026-12-01T00:00:00.000Z' }).priors).toBe(PRIORS);
  });

  it('move toward what a similar source measured, narrow, and ignore a dissimilar one', () => {
    const learned = learnPriors(PRIORS, [{ memory: flower, similarity: 1 }]);
    const ignored = learnPriors(PRIORS, [{ memory: flower, similarity: 0 }]);
    let moved = 0;
    for (const track of PRIORS.tracks) {
      if (track.encoder === PRIORS.reference.encoder && track.preset === PRIORS.reference.preset) continue;
      const after = priorOf(track.encoder, track.preset, learned)!;
      const untouched = priorOf(track.encoder, track.preset, ignored)!;
      expect(untouched).toEqual(track);
      if (after.gain.psnr.mean !== track.gain.psnr.mean) moved++;
      // One source that agrees or not: the spread never falls below half the variance of one
      // pseudo-source (a factor 1/sqrt(2)) nor under the floor.
      expect(after.gain.psnr.sd).toBeGreaterThanOrEqual(Math.min(track.gain.psnr.sd / Math.SQRT2, 0.15) - 1e-9);
    }
    expect(moved).toBeGreaterThan(0);
    const reference = priorOf(PRIORS.reference.encoder, PRIORS.reference.preset, learned)!;
    expect(reference.equivalentCrf).toEqual({ mean: PRIORS.reference.crf, sd: 0 });
    expect(learned.provenance).toContain('1 remembered campaigns');
  });

  it('compares a track with the reference only near what the reference measured', () => {
    const point = (encoder: 'libx264' | 'libsvtav1', preset: string, crf: number, bitrateBps: number, psnr: number) => ({ encoder, preset, crf, bitrateBps, psnr, ssim: 0.95, encodeSeconds: 1 });
    const far: SourceMemory = { ...flower, points: [point('libx264', 'medium', 28, 1_000_000, 40), point('libsvtav1', '8', 60, 40_000, 30)] };
    const near: SourceMemory = { ...flower, points: [point('libx264', 'medium', 28, 1_000_000, 40), point('libsvtav1', '8', 40, 900_000, 41)] };
    const svt = (m: SourceMemory) => observeSource(m, PRIORS).find((o) => o.encoder === 'libsvtav1')!;
    expect(svt(far).gain.psnr).toBeUndefined();
    expect(svt(far).equivalentCrf).toBeUndefined();
    expect(svt(near).gain.psnr).toBeGreaterThan(0);
    expect(svt(near).equivalentCrf).toBeDefined();
  });

  it('names the similar sources, most similar first, and leaves out the campaign itself', () => {
    const far = remembered('crystal', description({ width: 3840, height: 2160 }, { temporalInfo: { mean: 40, max: 50 } }), 'far');
    const knowledge = labKnowledge({ description: desc, memories: [far, flower, { ...flower, campaignId: 'new' }], campaignId: 'new', now: '2026-12-01T00:00:00.000Z' });
    expect(knowledge.recordsRead).toBe(3);
    expect(knowledge.similar.map((s) => s.campaignId)[0]).toBe('remembered-flower');
    expect(knowledge.similar.some((s) => s.campaignId === 'new')).toBe(false);
    expect(knowledge.similar[0]!.finding).toMatch(/dB PSNR against libx264 medium/);
  });
});

describe('probe correction', () => {
  const config: ExperimentConfig = { strategy: 'codec', encoder: 'libx264', preset: 'medium', rateControl: { mode: 'crf', crf: 23 }, pixelFormat: 'yuv420p' };
  const entry = (seq: number, mode: 'full' | 'probe', bitrate: number, psnr: number) => ({
    seq,
    config,
    configHash: configHash(config),
    status: 'succeeded' as const,
    result: measuredResult(bitrate, psnr, { mode }),
    origin: 'planner' as const,
    hypothesis: 'h',
  });

  it('learns from the pairs a campaign measured on its own source and corrects its probes for the planner', () => {
    const history = [entry(1, 'full', 1_000_000, 40), entry(2, 'probe', 1_100_000, 39.6)];
    const correction = campaignProbeCorrection(DEFAULT_PROBE_CORRECTION, history);
    expect(correction.pairs).toBe(1);
    expect(correction.lnBitrateRatio.mean).toBeLessThan(0);
    expect(correction.lnBitrateRatio.mean).toBeGreaterThan(Math.log(1 / 1.1));
    expect(correction.psnr.mean).toBeGreaterThan(0);
    // The probe spent 100 kbps over the full encode: that excess is what later probes are corrected by.
    expect(correction.excessBps?.mean).toBeCloseTo(100_000, 6);
    const view = plannerView({ campaignId: 'c', source: { kind: 'file', path: 'a.mp4' }, objective: { kind: 'quality-at-bitrate', metric: 'psnr', targetBitrateMbps: 1, tolerance: 0 }, maxExperiments: 4, analyst: 'planner', history, offer: runnerOffer({ encoders: ['libx264'], pixelFormats: { libx264: ['yuv420p'] }, vmafModels: [], ffmpegVersion: '5.1', meterFfmpegVersion: '5.1', gpuName: '' }, 1), vmaf: { model: 'vmaf_v0.6.1', subsample: 1 } });
    const probe = view.history[1]!.result!;
    expect(probe.mode).toBe('full');
    expect(probe.bitrateBps).toBeCloseTo(1_000_000, 3);
    const crf30 = { ...config, rateControl: { mode: 'crf' as const, crf: 30 } };
    const third = { ...entry(3, 'probe', 300_000, 35), config: crf30, configHash: configHash(crf30) };
    const another = plannerView({ ...view, history: [...history, third] }).history[2]!.result!;
    // The same excess, not the same ratio: 300 kbps measured on the segments is 200 kbps in full.
    expect(another.bitrateBps).toBeCloseTo(200_000, 3);
    expect(view.history[0]).toBe(history[0]);
  });
});

describe('a campaign remembered', () => {
  it('keeps the measured default-settings tracks of both arms, marks probes, and pairs probe with full', () => {
    const campaign = campaignFixture('mem', '2026-11-02T00:00:00.000Z', { sourceDescription: description() });
    const make = (seq: number, config: ExperimentConfig, mode: 'full' | 'probe' = 'full', arm: 'analyst' | 'random' = 'analyst'): Experiment => ({
      campaignId: 'mem',
      seq,
      id: experimentId('mem', seq),
      arm,
      status: 'succeeded',
      config,
      configHash: configHash(config),
      proposal: { hypothesis: 'h', rationale: '', config, origin: 'planner', validationErrors: [] },
      result: measuredResult(1_000_000 + seq, 40, { mode }),
      attempts: 1,
      createdAt: '2026-11-02T00:00:00.000Z',
    });
    const x264: ExperimentConfig = { strategy: 'codec', encoder: 'libx264', preset: 'medium', rateControl: { mode: 'crf', crf: 23 }, pixelFormat: 'yuv420p' };
    const gop: ExperimentConfig = { ...x264, gop: 48 };
    const svt: ExperimentConfig = { ...x264, encoder: 'libsvtav1', preset: '8', rateControl: { mode: 'crf', crf: 35 } };
    const memory = sourceMemory(campaign, [make(1, x264), make(2, x264, 'probe'), make(3, gop), make(4, svt, 'full', 'random')])!;
    expect(memory.points.map((p) => `${p.encoder} ${p.preset}${p.probe ? ' probe' : ''}`)).toEqual(['libx264 medium', 'libx264 medium probe', 'libsvtav1 8']);
    expect(memory.probePairs).toHaveLength(1);
    expect(sourceMemory({ ...campaign, sourceDescription: undefined }, [make(1, x264)])).toBeUndefined();
  });
});
