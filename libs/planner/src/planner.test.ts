import { describe, expect, it } from 'vitest';
import {
  configHash,
  ExperimentConfigSchema,
  runnerOffer,
  TARGET_TOLERANCE,
  type CampaignContext,
  type EncoderName,
  type ExperimentConfig,
  type ExperimentResult,
  type HistoryEntry,
  type QualityMetric,
} from '@codec-lab/domain';
import { measuredResult, vmafScore } from '@codec-lab/domain/testing';
import { planNext } from './planner.ts';

// A simulated encoder world whose true rate behaviour differs from the planner's priors (other
// slopes, other efficiencies), so the tests show the planner learning from measurements.
const WORLD: Record<string, { k: number; halving: number; quality: number }> = {
  libx264: { k: 23, halving: 5.8, quality: 0 },
  libx265: { k: 20, halving: 5.2, quality: 0.9 },
  libsvtav1: { k: 27, halving: 8.5, quality: 1.3 },
  'libvpx-vp9': { k: 31, halving: 7, quality: 0.6 },
  'libaom-av1': { k: 27, halving: 9, quality: 1.5 },
};
const SOURCE = { kind: 'synthetic', generator: 'testsrc2', width: 1280, height: 720, fps: 30, seconds: 5 } as const;
const X264_CRF23_BPS = 2_000_000;

function simulate(config: ExperimentConfig): ExperimentResult {
  const world = WORLD[config.encoder]!;
  const crf = config.rateControl.mode === 'crf' ? config.rateControl.crf : 23;
  const presetIndex = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow'].indexOf(config.preset);
  const presetFactor = presetIndex >= 0 ? 1 - 0.03 * (presetIndex - 5) : 1;
  const pixels = config.resolution ? (config.resolution.width * config.resolution.height) / (SOURCE.width * SOURCE.height) : 1;
  const bitrateBps = X264_CRF23_BPS * presetFactor * pixels ** 0.75 * 2 ** (-(crf - world.k) / world.halving);
  const psnr = 38 + 4 * Math.log2(bitrateBps / X264_CRF23_BPS / pixels ** 0.5) + world.quality + (presetIndex > 5 ? 0.2 * (presetIndex - 5) : 0) - (pixels < 1 ? 1 : 0);
  // The planner reads the bitrate, the PSNR and the encoded size (a smaller picture's quality
  // counts against the source's).
  return measuredResult(bitrateBps, psnr, {
    durationSeconds: SOURCE.seconds,
    frames: SOURCE.fps * SOURCE.seconds,
    width: config.resolution?.width ?? SOURCE.width,
    height: config.resolution?.height ?? SOURCE.height,
    psnr: { y: psnr, u: psnr + 2, v: psnr + 2, avg: psnr },
  });
}

const ENCODERS_HERE: EncoderName[] = ['libx264', 'libx265', 'libsvtav1', 'libaom-av1', 'libvpx-vp9'];
const OFFER = runnerOffer(
  { encoders: ENCODERS_HERE, pixelFormats: Object.fromEntries(ENCODERS_HERE.map((e) => [e, ['yuv420p']])), vmafModels: [], ffmpegVersion: 'sim', meterFfmpegVersion: 'sim', gpuName: '' },
  2,
);

/** Runs a whole campaign against the simulated world; returns the history and why it ended. */
function campaign(targetMbps: number, maxExperiments: number) {
  const history: HistoryEntry[] = [];
  const context = (): CampaignContext => ({
    campaignId: 'sim',
    source: SOURCE,
    objective: { targetBitrateMbps: targetMbps, metric: 'psnr' },
    maxExperiments,
    history,
    analyst: 'planner',
    offer: OFFER,
    vmaf: { model: 'vmaf_v0.6.1', subsample: 1 },
  });
  while (history.length < maxExperiments) {
    const decision = planNext(context());
    if (decision.kind === 'stop') return { history, stop: decision.reason };
    const config = ExperimentConfigSchema.parse(decision.proposal.config);
    history.push({
      seq: history.length + 1,
      config,
      configHash: configHash(config),
      status: 'succeeded',
      result: simulate(config),
      origin: history.length === 0 ? 'baseline' : 'planner',
      hypothesis: decision.proposal.hypothesis,
    });
  }
  return { history, stop: undefined };
}

const withinTolerance = (e: HistoryEntry, targetMbps: number) => Math.abs(e.result!.bitrateBps / (targetMbps * 1e6) - 1) <= TARGET_TOLERANCE;

describe('planner after one measurement', () => {
  it("refines the baseline's track with the x264 prior slope: half the bitrate five CRF steps coarser", () => {
    const baseline = ExperimentConfigSchema.parse({ strategy: 'codec', encoder: 'libx264', preset: 'medium', rateControl: { mode: 'crf', crf: 23 } });
    const history: HistoryEntry[] = [
      { seq: 1, config: baseline, configHash: configHash(baseline), status: 'succeeded', result: { ...simulate(baseline), bitrateBps: 2_000_000 }, origin: 'baseline', hypothesis: 'h' },
    ];
    const decision = planNext({
      campaignId: 'one',
      source: SOURCE,
      objective: { targetBitrateMbps: 1, metric: 'psnr' },
      maxExperiments: 5,
      history,
      analyst: 'planner',
      offer: OFFER,
      vmaf: { model: 'vmaf_v0.6.1', subsample: 1 },
    });
    expect(decision.kind).toBe('proposal');
    if (decision.kind !== 'proposal') return;
    expect(decision.proposal.config).toMatchObject({ encoder: 'libx264', preset: 'medium', rateControl: { mode: 'crf', crf: 28 } });
    expect(decision.proposal.expectedBitrateBps).toBeCloseTo(1_000_000, 0);
    expect(decision.proposal.rationale).toContain('one measured point and the libx264 prior slope; bitrate halves every 5.0 CRF');
  });
});

describe('planner against a simulated encoder world', () => {
  it.each([0.25, 0.6, 1.2, 2.5, 5])('reaches a %s Mbps target within 5%% in at most 4 experiments after the baseline', (target) => {
    const { history } = campaign(target, 5);
    expect(history.slice(1).some((e) => withinTolerance(e, target)), history.map((e) => (e.result!.bitrateBps / 1e6).toFixed(3)).join(' ')).toBe(true);
  });

  it('proposes only distinct, valid configs', () => {
    const { history } = campaign(1, 12);
    expect(new Set(history.map((e) => e.configHash)).size).toBe(history.length);
  });

  it('widens to other encoders and presets once on target, and ends with better quality than x264 alone', () => {
    const { history } = campaign(1, 12);
    expect(new Set(history.map((e) => e.config.encoder)).size).toBeGreaterThanOrEqual(3);
    const onTarget = history.filter((e) => e.result!.bitrateBps <= 1e6 * (1 + TARGET_TOLERANCE));
    const best = (rows: HistoryEntry[]) => Math.max(...rows.map((e) => e.result!.psnr.avg));
    expect(best(onTarget)).toBeGreaterThan(best(onTarget.filter((e) => e.config.encoder === 'libx264' && e.config.preset === 'medium')));
  });

  it('tries a smaller picture when the target starves the full-size encode of bits', () => {
    const { history } = campaign(0.12, 14);
    expect(history.some((e) => e.config.resolution !== undefined)).toBe(true);
  });

  it('stops early when the objective is met and every candidate has been tried', () => {
    const { history, stop } = campaign(1, 40);
    expect(stop).toMatch(/^objective met by experiment \d+/);
    expect(history.length).toBeLessThan(40);
  });
});

describe('planner steering by the objective metric', () => {
  // Three tracks on a 1 Mbps target: x265 leads in PSNR, SVT-AV1 in VMAF. With one experiment left
  // the planner spends it on more effort for the best one, so which it picks shows what it steers by.
  const codec = (encoder: EncoderName, preset: string, crf: number) => ExperimentConfigSchema.parse({ strategy: 'codec', encoder, preset, rateControl: { mode: 'crf', crf } });
  const tried = (withVmaf: boolean): HistoryEntry[] =>
    ([
      [codec('libx264', 'medium', 23), 1_000_000, 38, 80],
      [codec('libx265', 'medium', 25), 980_000, 40, 82],
      [codec('libsvtav1', '8', 35), 990_000, 39, 90],
    ] as const).map(([config, bitrateBps, psnr, vmaf], i) => ({
      seq: i + 1,
      config,
      configHash: configHash(config),
      status: 'succeeded',
      result: measuredResult(bitrateBps, psnr, withVmaf ? { vmaf: vmafScore(vmaf) } : {}),
      origin: i === 0 ? 'baseline' : 'planner',
      hypothesis: 'h',
    }));
  const lastProposal = (metric: QualityMetric, withVmaf: boolean) => {
    const decision = planNext({ campaignId: 'm', source: SOURCE, objective: { targetBitrateMbps: 1, metric }, maxExperiments: 4, history: tried(withVmaf), analyst: 'planner', offer: OFFER, vmaf: { model: 'vmaf_v0.6.1', subsample: 1 } });
    return decision.kind === 'proposal' ? decision.proposal : undefined;
  };

  it('refines the VMAF leader in a VMAF campaign and the PSNR leader in a PSNR one', () => {
    expect(lastProposal('vmaf', true)).toMatchObject({ config: { encoder: 'libsvtav1', preset: '7' } });
    expect(lastProposal('vmaf', true)?.hypothesis).toMatch(/^libsvtav1 7 crf 35 should keep the bitrate of experiment 3 \(0\.990 Mbps\) and raise its VMAF \(vmaf_v0\.6\.1\)/);
    expect(lastProposal('psnr', true)).toMatchObject({ config: { encoder: 'libx265', preset: 'slow' } });
  });

  it('steers by PSNR in a VMAF campaign whose experiments had no VMAF measured', () => {
    expect(lastProposal('vmaf', false)).toMatchObject({ config: { encoder: 'libx265', preset: 'slow' } });
    expect(lastProposal('vmaf', false)?.hypothesis).toContain('raise its PSNR (VMAF is not measured on these runners)');
  });
});
