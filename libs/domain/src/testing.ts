// Fixtures the tests of every project share (`@codec-lab/domain/testing`): made-up measurements
// whose numbers a test chooses, never results of a real encode. Not imported by any service.
import type { Campaign } from './campaign.schema.ts';
import type { QualityAtBitrate, QualityMetric } from './objective.schema.ts';
import type { ExperimentResult, VmafScore } from './result.schema.ts';

/**
 * A measured result at `bitrateBps` and `psnr` dB (average; every plane the same unless
 * `overrides` says otherwise), of a 1 s, 30-frame 160x90 source, without VMAF.
 */
export function measuredResult(bitrateBps: number, psnr: number, overrides: Partial<ExperimentResult> = {}): ExperimentResult {
  const durationSeconds = overrides.durationSeconds ?? 1;
  const frames = overrides.frames ?? 30;
  return {
    bytes: Math.round((bitrateBps * durationSeconds) / 8),
    durationSeconds,
    bitrateBps,
    width: 160,
    height: 90,
    frames,
    sourceFrames: frames,
    psnr: { y: psnr, u: psnr, v: psnr, avg: psnr },
    ssim: { y: 0.98, u: 0.98, v: 0.98, all: 0.98 },
    vmaf: { available: false, reason: 'no libvmaf' },
    encodeSeconds: 0.1,
    encodeFps: 300,
    measureSeconds: 0.1,
    artifactUri: 'file:///tmp/artifact.mp4',
    artifactSha256: 'a'.repeat(64),
    mode: 'full',
    ffmpegVersion: '5.1',
    ...overrides,
  };
}

/** A VMAF score of `mean` with every pooling equal to it (one made-up score for every frame). */
export function vmafScore(mean: number, overrides: Partial<VmafScore> = {}): VmafScore {
  return { available: true, model: 'vmaf_v0.6.1', libvmafVersion: '2.3.0', subsample: 1, scoredFrames: 30, mean, harmonicMean: mean, low1Percent: mean, low5Percent: mean, min: mean, ...overrides };
}

/** A bitrate-budget objective as the API stores it (strict: tolerance 0 unless given). */
export function budgetObjective(targetBitrateMbps: number, metric: QualityMetric = 'psnr', overrides: Partial<QualityAtBitrate> = {}): QualityAtBitrate {
  return { kind: 'quality-at-bitrate', targetBitrateMbps, tolerance: 0, metric, ...overrides };
}

/** A finished planner campaign created at `at`: 160x90 testsrc2, 100 kbps in PSNR, 5 experiments. */
export function campaignFixture(id: string, at: string, overrides: Partial<Campaign> = {}): Campaign {
  return {
    id,
    status: 'succeeded',
    source: { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 },
    objective: budgetObjective(0.1),
    maxExperiments: 5,
    analyst: 'planner',
    controlArm: false,
    seed: 1,
    batchSize: 1,
    vmaf: { model: 'vmaf_v0.6.1', subsample: 1 },
    createdAt: at,
    updatedAt: at,
    experimentsDone: 0,
    version: 1,
    ...overrides,
  };
}
