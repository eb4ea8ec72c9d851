import type { Experiment, ExperimentResult, LabKnowledge, Prediction, ProbeCorrection, ProbeSpec, Sampling, TrackPrior } from '@codec-lab/domain';
import { budgetObjective, measuredResult } from '@codec-lab/domain/testing';
import type { Store } from '@codec-lab/store';
import { campaign, experiment, type ExperimentSpec } from './seed.ts';

// Hand-made campaigns for what the lab knew and for sampled search, for the API's and the page's
// tests: a sampled campaign that started from two remembered sources, a campaign a fresh lab ran on
// its default priors, and an older campaign from before campaigns carried knowledge. Every number
// is chosen so the summary can be worked out on paper.

/** Sampled: 60 s source, 1.5 Mbps budget in PSNR; #2-#4 are probes, #5 the final full encode of #3's config. */
export const SAMPLED = 'abcdef00-0000-4000-8000-0000000000c1';
/** A fresh lab: knowledge with nothing similar remembered, default probe correction. */
export const FRESH = 'abcdef00-0000-4000-8000-0000000000c2';
/** Older: no knowledge, no sampling; the sampled campaign remembers it as its most similar source. */
export const OLDER = 'abcdef00-0000-4000-8000-0000000000c3';
export const AT = '2026-09-01T00:00:00.000Z';

export const SAMPLING: Sampling = {
  segments: 4,
  segmentSeconds: 2,
  starts: [6, 21, 36, 51],
  reason: 'the source is 60.0 s, longer than 20 s: 4 segments of 2 s, each in the longest scene of its 15.0 s slice (3 scene cuts known)',
};
const PROBE: ProbeSpec = { segments: 4, segmentSeconds: 2, starts: SAMPLING.starts };

const estimate = (mean: number, sd: number) => ({ mean, sd });
const REFERENCE_TRACK: TrackPrior = {
  encoder: 'libx264',
  preset: 'medium',
  equivalentCrf: estimate(28, 0),
  rateSlope: estimate(-0.1216, 0.018),
  gain: { psnr: estimate(0, 0), ssim: estimate(0, 0), vmaf: estimate(0, 0) },
  qualitySlope: { psnr: estimate(4.51, 1.11), ssim: estimate(0.0215, 0.0115), vmaf: estimate(16.04, 1.42) },
  logCost: estimate(0, 0),
};
const X265_TRACK: TrackPrior = { ...REFERENCE_TRACK, encoder: 'libx265', preset: 'slow', equivalentCrf: estimate(27.2, 1.3), gain: { psnr: estimate(1.2, 0.5), ssim: estimate(0.006, 0.004), vmaf: estimate(6, 3.6) }, logCost: estimate(1.68, 0.65) };
const DEFAULT_PROVENANCE = 'bench/fit-priors.ts on 150 encodes of bench/data/rd-grid.json (clips flower, crystal, friday)';

/** Learned from 3 probe/full pairs: the full source spends 5.3% more than the probe, at 0.50 dB less PSNR. */
export const CORRECTION: ProbeCorrection = {
  lnBitrateRatio: estimate(0.0513, 0.04),
  psnr: estimate(-0.5, 0.3),
  ssim: estimate(-0.002, 0.001),
  vmaf: estimate(-1.2, 0.8),
  pairs: 3,
  basis: 'learned from 3 probe/full pair(s) of 2 similar remembered source(s)',
};

export const KNOWLEDGE: LabKnowledge = {
  priors: {
    reference: { encoder: 'libx264', preset: 'medium', crf: 28 },
    clips: ['flower', 'crystal', 'friday'],
    provenance: `${DEFAULT_PROVENANCE}; updated by 2 remembered campaigns (similarity-weighted, total weight 1.43)`,
    tracks: [REFERENCE_TRACK, X265_TRACK],
  },
  similar: [
    { campaignId: 'abcdef00-0000-4000-8000-0000000000c9', label: 'clips/crowd-run.y4m', similarity: 0.52, points: 4, finding: 'best at equal bitrate: libx264 slow, +0.10 dB PSNR against libx264 medium; 2 tracks compared' },
    { campaignId: OLDER, label: 'clips/park-joy.y4m', similarity: 0.91, points: 2, finding: 'best at equal bitrate: libx265 slow, +1.20 dB PSNR against libx264 medium; 3 tracks compared' },
  ],
  probeCorrection: CORRECTION,
  recordsRead: 5,
  learnedAt: AT,
};

export const FRESH_KNOWLEDGE: LabKnowledge = {
  priors: { ...KNOWLEDGE.priors, provenance: DEFAULT_PROVENANCE },
  similar: [],
  probeCorrection: { lnBitrateRatio: estimate(0, 0.12), psnr: estimate(0, 0.4), ssim: estimate(0, 0.003), vmaf: estimate(0, 1.5), pairs: 0, basis: 'no probe/full pair measured yet: no correction, wide spreads' },
  recordsRead: 0,
  learnedAt: AT,
};

/** What the final full encode #5 was expected to measure: probe #3's figures, corrected. */
export const FINAL_PREDICTION: Prediction = {
  bitrateBps: 1_480_000,
  bitrateSigma: 0.04,
  quality: { value: 38, sigma: 0.3, metric: 'psnr' },
  encodeSeconds: 5.25,
  basis: 'probe #3 corrected by 4 probe/full pair(s): bitrate x1.057, PSNR -0.50',
};

/** A whole-source result of the 60 s, 1800-frame source. */
const full = (bitrateBps: number, psnr: number, encodeSeconds: number): ExperimentResult =>
  measuredResult(bitrateBps, psnr, { durationSeconds: 60, frames: 1800, encodeSeconds, encodeFps: 1800 / encodeSeconds });

/** A probe's result: the 4 segments of 2 s (60 frames each), summed, with each segment's own figures. */
function probeResult(bitrateBps: number, psnr: number, encodeSeconds: number): ExperimentResult {
  const segments = SAMPLING.starts.map((startSeconds, i) => ({
    startSeconds,
    durationSeconds: 2,
    frames: 60,
    bytes: Math.round((bitrateBps * (0.85 + 0.1 * i) * 2) / 8),
    psnrAvg: psnr + 0.3 - 0.2 * i,
    ssimAll: 0.98,
    artifactUri: `file:///tmp/probe-${i}.mp4`,
    artifactSha256: 'b'.repeat(64),
  }));
  return { ...measuredResult(bitrateBps, psnr, { durationSeconds: 8, frames: 240, encodeSeconds, encodeFps: 240 / encodeSeconds, mode: 'probe', segments }), sourceFrames: 1800 };
}

interface SampledSpec extends ExperimentSpec {
  result: ExperimentResult;
  probe?: ProbeSpec;
}

function sampledExperiment({ result, probe, ...spec }: SampledSpec): Experiment {
  return { ...experiment(SAMPLED, AT, { ...spec, measured: [result.bitrateBps, result.psnr.avg] }), result, ...(probe ? { probe } : {}) };
}

/**
 * Sampled: #1 the baseline in full (2.000 Mbps, over the budget), #2 the baseline on the segments,
 * #3 and #4 probes, #5 the full encode of #3's config: predicted 1.480 Mbps at 38.00 dB, measured
 * 1.450 Mbps at 38.10 dB (bitrate -2.0%, PSNR +0.10 dB), the answer. Probes: 0.8 + 0.7 + 0.75 =
 * 2.25 encode seconds; in full 6 + 5.2 = 11.2.
 */
export const SAMPLED_EXPERIMENTS: Experiment[] = [
  sampledExperiment({ seq: 1, origin: 'baseline', result: full(2_000_000, 40, 6) }),
  sampledExperiment({ seq: 2, origin: 'baseline', result: probeResult(1_900_000, 40.5, 0.8), probe: PROBE }),
  sampledExperiment({ seq: 3, origin: 'planner', crf: 27, result: probeResult(1_400_000, 38.5, 0.7), probe: PROBE }),
  sampledExperiment({ seq: 4, origin: 'planner', crf: 26, result: probeResult(1_560_000, 39, 0.75), probe: PROBE }),
  sampledExperiment({ seq: 5, origin: 'final', crf: 27, result: full(1_450_000, 38.1, 5.2), prediction: FINAL_PREDICTION }),
];

export async function seedSampledCampaigns(writer: Store): Promise<void> {
  const source = { kind: 'file' as const, path: 'clips/long-park.y4m' };
  await writer.campaigns.create(campaign(SAMPLED, AT, { source, objective: budgetObjective(1.5), knowledge: KNOWLEDGE, sampling: SAMPLING, experimentsDone: 5, version: 5 }));
  await writer.campaigns.create(campaign(FRESH, '2026-08-31T00:00:00.000Z', { knowledge: FRESH_KNOWLEDGE }));
  await writer.campaigns.create(campaign(OLDER, '2026-08-30T00:00:00.000Z'));
  for (const e of SAMPLED_EXPERIMENTS) await writer.experiments.insert(e);
  await writer.experiments.insert(experiment(FRESH, '2026-08-31T00:00:00.000Z', { seq: 1, origin: 'baseline', measured: [90_000, 39] }));
  await writer.experiments.insert(experiment(OLDER, '2026-08-30T00:00:00.000Z', { seq: 1, origin: 'baseline', measured: [200_000, 40] }));
  await writer.experiments.insert(experiment(OLDER, '2026-08-30T00:00:00.000Z', { seq: 2, origin: 'planner', crf: 29, measured: [95_000, 37] }));
}
