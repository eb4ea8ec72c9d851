import { describe, expect, it } from 'vitest';
import {
  configHash,
  describeConfig,
  encoderLabel,
  ExperimentConfigSchema,
  meetsObjective,
  ObjectiveSchema,
  offerProblems,
  paretoFront,
  runnerOffer,
  type CampaignContext,
  type EncoderName,
  type HistoryEntry,
  type ObjectiveInput,
} from '@codec-lab/domain';
import { measuredResult } from '@codec-lab/domain/testing';
import { planNext } from './planner.ts';
import { replayCampaign } from './replay.ts';
import { recordedPoints, RecordedWorld } from './testing/recorded-world.ts';

// The planner against recorded real measurements: every point of testing/fixtures/<clip>.json is a
// real encode of a segment of a shared clip by agent-runner (bench/data/rd-grid.json), so the
// world the planner searches is the encoders' own behaviour, not a model of it.

const CPU: EncoderName[] = ['libx264', 'libx265', 'libsvtav1', 'libaom-av1', 'libvpx-vp9'];
const OFFER = runnerOffer(
  { encoders: CPU, pixelFormats: Object.fromEntries(CPU.map((e) => [e, ['yuv420p', 'yuv420p10le']])), vmafModels: ['vmaf_v0.6.1'], ffmpegVersion: '5.1.9', meterFfmpegVersion: '7.0.2', gpuName: '' },
  1,
);

function base(objective: ObjectiveInput, maxExperiments = 8): Omit<CampaignContext, 'history'> {
  return { campaignId: 'recorded', source: { kind: 'file', path: 'clip.mkv' }, objective: ObjectiveSchema.parse(objective), maxExperiments, analyst: 'planner', offer: OFFER, vmaf: { model: 'vmaf_v0.6.1', subsample: 1 } };
}

async function replay(clip: string, objective: ObjectiveInput, maxExperiments = 8) {
  const world = new RecordedWorld(recordedPoints(clip));
  const run = await replayCampaign({ context: base(objective, maxExperiments), next: (c) => planNext(c), measure: (config) => world.measure(config) });
  return { ...run, world };
}

const meeting = (history: readonly HistoryEntry[], objective: ObjectiveInput) => history.filter((e) => e.result && meetsObjective({ config: e.config, result: e.result }, ObjectiveSchema.parse(objective)));

describe('planner on recorded measurements', () => {
  const budget = { kind: 'quality-at-bitrate', targetBitrateMbps: 0.4, metric: 'psnr' } as const;

  it('proposes only distinct configs the runners can run, each with a prediction', async () => {
    const { history } = await replay('flower', budget);
    expect(history).toHaveLength(8);
    expect(new Set(history.map((e) => e.configHash)).size).toBe(8);
    for (const e of history) expect(offerProblems(e.config, OFFER)).toEqual([]);
    for (const e of history.slice(1)) {
      expect(e.prediction?.bitrateBps).toBeGreaterThan(0);
      expect(e.prediction?.quality.metric).toBe('psnr');
      expect(e.prediction?.quality.sigma).toBeGreaterThan(0);
    }
  });

  it('ends with an answer at or under the budget, close to the best the recorded grid holds', async () => {
    const { history } = await replay('flower', budget);
    const answers = meeting(history, budget);
    expect(answers.length).toBeGreaterThan(0);
    const found = Math.max(...answers.map((e) => e.result!.psnr.avg));
    const grid = recordedPoints('flower').filter((p) => p.bitrateBps <= 0.4e6);
    const gridBest = Math.max(...grid.map((p) => p.psnr));
    // Within 0.5 dB of the best of 60 recorded encodes, in 8 experiments.
    expect(gridBest - found).toBeLessThan(0.5);
  });

  it('answers a VMAF target with a measured full encode that reaches it', async () => {
    const target = { kind: 'bitrate-at-quality', metric: 'vmaf', targetQuality: 88 } as const;
    const { history } = await replay('crystal', target);
    const answers = meeting(history, target);
    expect(answers.length).toBeGreaterThan(0);
    const smallest = answers.sort((a, b) => a.result!.bitrateBps - b.result!.bitrateBps)[0]!;
    expect(smallest.result!.vmaf.available && smallest.result!.vmaf.mean).toBeGreaterThanOrEqual(88);
    expect(smallest.result!.mode).toBe('full');
  });

  it('keeps to the allowed encoders and leaves tracks too slow for the speed floor', async () => {
    const points = recordedPoints('flower');
    const fps = (encoder: string, preset: string) => {
      const on = points.filter((p) => p.config.encoder === encoder && p.config.preset === preset);
      return on.reduce((a, p) => a + p.frames / p.encodeSeconds, 0) / on.length;
    };
    const allowed: ObjectiveInput = { ...budget, constraints: { encoders: ['libx264', 'libsvtav1'] } };
    const { history } = await replay('flower', allowed);
    expect(new Set(history.map((e) => encoderLabel(e.config)))).toEqual(new Set(['libx264', 'libsvtav1']));
    // A floor just above the slowest SVT-AV1 preset's recorded speed: that preset is never proposed.
    const floor = fps('libsvtav1', '4') * 1.5;
    const fast = await replay('flower', { ...budget, constraints: { minEncodeFps: floor } });
    expect(fast.history.filter((e) => describeConfig(e.config).startsWith('libsvtav1 4 '))).toEqual([]);
  });

  it('spreads a Pareto search along the bitrate axis, and its front grows', async () => {
    const pareto = { kind: 'pareto', metric: 'psnr', maxBitrateMbps: 0.8 } as const;
    const objective = ObjectiveSchema.parse(pareto);
    if (objective.kind !== 'pareto') throw new Error('pareto expected');
    const { history } = await replay('flower', pareto);
    const early = paretoFront(history.slice(0, 2), objective);
    const late = paretoFront(history, objective);
    expect(late.hypervolume).toBeGreaterThan(early.hypervolume);
    // It widens the front along the bitrate axis (a fast track dominates much of it on speed).
    const rates = history.map((e) => e.result!.bitrateBps);
    expect(Math.max(...rates) / Math.min(...rates)).toBeGreaterThan(4);
    expect(new Set(history.map((e) => describeConfig(e.config).split(' ').slice(0, 2).join(' '))).size).toBeGreaterThanOrEqual(2);
  });

  it('stops before the budget once no candidate is worth an experiment, and says so', async () => {
    const { history, stopReason } = await replay('flower', { ...budget, constraints: { encoders: ['libx264'] } }, 30);
    expect(history.length).toBeLessThan(30);
    expect(stopReason).toMatch(/^no untried configuration is expected to improve on experiment \d+ \(libx264 /);
  });
});

describe('planner without a measurement to steer by', () => {
  const x264 = (crf: number, preset = 'medium') => ExperimentConfigSchema.parse({ strategy: 'codec', encoder: 'libx264', preset, rateControl: { mode: 'crf', crf } });

  it('opens with the baseline, or with an allowed encoder when the objective excludes libx264', () => {
    const context = (objective: ObjectiveInput): CampaignContext => ({ ...base(objective), history: [] });
    const first = planNext(context({ targetBitrateMbps: 1 }));
    expect(first.kind === 'proposal' && first.proposal.config).toMatchObject({ encoder: 'libx264', preset: 'medium', rateControl: { crf: 23 } });
    const svt = planNext(context({ targetBitrateMbps: 1, constraints: { encoders: ['libsvtav1'], pixelFormat: 'yuv420p10le' } }));
    expect(svt.kind === 'proposal' && svt.proposal.config).toMatchObject({ encoder: 'libsvtav1', pixelFormat: 'yuv420p10le' });
  });

  it('stops rather than steer a VMAF target by another metric where VMAF was not measured', () => {
    const history: HistoryEntry[] = [
      { seq: 1, config: x264(23), configHash: configHash(x264(23)), status: 'succeeded', result: measuredResult(2_000_000, 40, { durationSeconds: 5, frames: 150 }), origin: 'baseline', hypothesis: 'h' },
    ];
    const decision = planNext({ ...base({ kind: 'bitrate-at-quality', metric: 'vmaf', targetQuality: 90 }), history });
    expect(decision).toEqual({ kind: 'stop', reason: 'the target is in VMAF, which these experiments did not measure' });
  });
});
