import { BASELINE_CONFIG, configHash, experimentId, type Arm, type Campaign, type Experiment, type ExperimentConfig, type ExperimentResult, type Origin } from '@codec-lab/domain';

// Hand-made campaigns and experiments for the read API's tests: every number is chosen so the
// expected Pareto front and leaderboard order can be worked out on paper.

/** A measured result at `bitrateBps` and `psnr` dB (no VMAF). */
export function result(bitrateBps: number, psnr: number): ExperimentResult {
  return {
    bytes: bitrateBps / 8,
    durationSeconds: 1,
    bitrateBps,
    width: 160,
    height: 90,
    frames: 30,
    sourceFrames: 30,
    psnr: { y: psnr, u: psnr, v: psnr, avg: psnr },
    ssim: { y: 0.98, u: 0.98, v: 0.98, all: 0.98 },
    vmaf: { available: false, reason: 'no libvmaf' },
    encodeSeconds: 0.1,
    encodeFps: 300,
    measureSeconds: 0.1,
    artifactUri: 'file:///tmp/x.mp4',
    artifactSha256: 'b'.repeat(64),
    mode: 'full',
    ffmpegVersion: '5.1',
  };
}

/** A finished (or pending) campaign created at `at`. */
export function campaign(id: string, at: string, overrides: Partial<Campaign> = {}): Campaign {
  return {
    id,
    status: 'succeeded',
    source: { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 },
    objective: { targetBitrateMbps: 0.1, metric: 'psnr' },
    maxExperiments: 5,
    analyst: 'planner',
    controlArm: false,
    seed: 1,
    batchSize: 1,
    createdAt: at,
    updatedAt: at,
    experimentsDone: 0,
    version: 1,
    ...overrides,
  };
}

export interface ExperimentSpec {
  seq: number;
  arm?: Arm;
  origin: Origin;
  config?: Partial<ExperimentConfig>;
  crf?: number;
  status?: Experiment['status'];
  measured?: [bitrateBps: number, psnr: number];
  fallbackReason?: string;
}

/** An experiment of `campaignId` created `seq` seconds after `at`. */
export function experiment(campaignId: string, at: string, spec: ExperimentSpec): Experiment {
  const config = { ...BASELINE_CONFIG, ...spec.config, rateControl: { mode: 'crf' as const, crf: spec.crf ?? 23 } } as ExperimentConfig;
  const status = spec.status ?? (spec.measured ? 'succeeded' : 'failed');
  const createdAt = new Date(Date.parse(at) + spec.seq * 1000).toISOString();
  const finished = status === 'succeeded' || status === 'failed';
  return {
    campaignId,
    seq: spec.seq,
    id: experimentId(campaignId, spec.seq),
    arm: spec.arm ?? 'analyst',
    status,
    config,
    configHash: configHash(config),
    proposal: {
      hypothesis: `Hypothesis ${spec.seq}: try ${config.encoder} at crf ${spec.crf ?? 23}.`,
      rationale: `Rationale ${spec.seq}.`,
      config,
      origin: spec.origin,
      validationErrors: [],
      ...(spec.fallbackReason ? { fallbackReason: spec.fallbackReason } : {}),
    },
    ...(spec.measured ? { result: result(...spec.measured) } : {}),
    ...(status === 'failed' ? { failure: { code: 'ERR_ENCODE', message: 'ffmpeg exited with code 1' } } : {}),
    ...(spec.measured ? { analysis: { summary: `Summary ${spec.seq}.`, rootCause: 'rate control', insights: ['insight'], nextStep: 'go lower', origin: 'planner' as const } } : {}),
    attempts: 1,
    createdAt,
    ...(finished ? { startedAt: createdAt, finishedAt: createdAt } : {}),
  };
}
