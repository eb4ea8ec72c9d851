import { describe, expect, it } from 'vitest';
import { configHash, ExperimentConfigSchema, ObjectiveSchema, runnerOffer, type CampaignContext, type EncoderName, type HistoryEntry, type ObjectiveInput } from '@codec-lab/domain';
import { plannerCandidates, predictConfig } from './candidates.ts';
import { planNext } from './planner.ts';
import { replayCampaign } from './replay.ts';
import { recordedPoints, RecordedWorld } from './testing/recorded-world.ts';

// What the planner would consider next and what it predicts for any config, on recorded real
// encodes of a shared clip: the same weighing planNext runs, so its first candidate and its
// prediction for a config are exactly what planNext proposes and attaches.

const CPU: EncoderName[] = ['libx264', 'libx265', 'libsvtav1'];
const OFFER = runnerOffer(
  { encoders: CPU, pixelFormats: Object.fromEntries(CPU.map((e) => [e, ['yuv420p']])), vmafModels: ['vmaf_v0.6.1'], ffmpegVersion: '5.1.9', meterFfmpegVersion: '7.0.2', gpuName: '' },
  1,
);

async function campaignAfter(experiments: number, objective: ObjectiveInput = { kind: 'quality-at-bitrate', targetBitrateMbps: 0.4, metric: 'psnr' }): Promise<CampaignContext> {
  const world = new RecordedWorld(recordedPoints('flower'));
  const context = { campaignId: 'recorded', source: { kind: 'file', path: 'clip.mkv' }, objective: ObjectiveSchema.parse(objective), maxExperiments: experiments, analyst: 'llm', offer: OFFER, vmaf: { model: 'vmaf_v0.6.1', subsample: 1 } } as const;
  const run = await replayCampaign({ context, next: (c) => planNext(c), measure: (config) => world.measure(config) });
  return { ...context, history: run.history as HistoryEntry[] };
}

const config = (encoder: EncoderName, preset: string, rateControl: { mode: 'crf'; crf: number } | { mode: 'bitrate'; kbps: number }) =>
  ExperimentConfigSchema.parse({ strategy: 'codec', encoder, preset, rateControl });

describe('the planner candidates', () => {
  it("lead with planNext's own proposal, most valuable first, at most six, each with planNext's numbers", async () => {
    const context = await campaignAfter(4);
    const next = planNext(context);
    if (next.kind !== 'proposal') throw new Error(`expected a proposal, got ${next.reason}`);
    const { candidates, considered, metric } = plannerCandidates(context);
    expect(metric).toBe('psnr');
    expect(candidates.length).toBeGreaterThan(1);
    expect(candidates.length).toBeLessThanOrEqual(6);
    expect(considered).toBeGreaterThanOrEqual(candidates.length);
    expect(candidates[0]!.config).toEqual(next.proposal.config);
    expect(candidates[0]!.prediction).toEqual(next.proposal.prediction);
    const values = candidates.map((c) => c.prediction.gainPerSecond!);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(new Set(candidates.map((c) => c.label)).size).toBe(candidates.length);
    for (const c of candidates) {
      expect(c.config.rateControl).toEqual({ mode: 'crf', crf: c.crf });
      expect(c.prediction.bitrateSigma).toBeGreaterThan(0);
      expect(c.prediction.quality).toMatchObject({ metric: 'psnr', sigma: expect.any(Number) });
      expect(c.prediction.encodeSeconds).toBeGreaterThan(0);
    }
    // The limit and the refused configs are the caller's.
    expect(plannerCandidates(context, { limit: 2 }).candidates).toHaveLength(2);
    const refused = plannerCandidates(context, { rejected: new Set([configHash(candidates[0]!.config)]) });
    expect(refused.candidates.map((c) => configHash(c.config))).not.toContain(configHash(candidates[0]!.config));
  });

  it('say why there are none before anything is measured', () => {
    const empty: CampaignContext = { campaignId: 'c', source: { kind: 'file', path: 'a.mkv' }, objective: ObjectiveSchema.parse({ targetBitrateMbps: 1 }), maxExperiments: 4, history: [], analyst: 'llm', offer: OFFER, vmaf: { model: 'vmaf_v0.6.1', subsample: 1 } };
    expect(plannerCandidates(empty)).toEqual({ metric: 'psnr', considered: 0, candidates: [], none: 'no CRF experiment of a track the planner models is measured yet' });
  });
});

describe("the planner's prediction for a config", () => {
  it('is exactly what planNext attaches when it proposes that config', async () => {
    const context = await campaignAfter(5);
    const next = planNext(context);
    if (next.kind !== 'proposal') throw new Error(`expected a proposal, got ${next.reason}`);
    expect(predictConfig(context, next.proposal.config)).toEqual(next.proposal.prediction);
  });

  it("models a config planNext would not run from the same measured tracks, and refuses what it cannot model", async () => {
    const context = await campaignAfter(4);
    const slow = predictConfig(context, config('libx265', 'slow', { mode: 'crf', crf: 30 }));
    expect(slow).toMatchObject({ quality: { metric: 'psnr' }, basis: expect.stringMatching(/^priors for libx265 slow, placed from the measured /) });
    expect(slow!.bitrateBps).toBeGreaterThan(0);
    // Coarser quantisation on the same track: a lower predicted bitrate.
    const coarser = predictConfig(context, config('libx265', 'slow', { mode: 'crf', crf: 36 }));
    expect(coarser!.bitrateBps).toBeLessThan(slow!.bitrateBps);
    // A track no prior was fitted for (another setting than the CRF) is still placed, loosely or from its preset's prior.
    const tuned = predictConfig(context, ExperimentConfigSchema.parse({ strategy: 'codec', encoder: 'libx264', preset: 'medium', tune: 'film', rateControl: { mode: 'crf', crf: 26 } }));
    expect(tuned?.bitrateBps).toBeGreaterThan(0);
    // Bitrate mode has no rate curve to place it on; nothing measured, no prediction.
    expect(predictConfig(context, config('libx264', 'medium', { mode: 'bitrate', kbps: 400 }))).toBeUndefined();
    expect(predictConfig({ ...context, history: [] }, config('libx264', 'medium', { mode: 'crf', crf: 26 }))).toBeUndefined();
  });
});
