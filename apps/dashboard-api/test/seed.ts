import { BASELINE_CONFIG, configHash, experimentId, type Arm, type Experiment, type ExperimentConfig, type Origin } from '@codec-lab/domain';
import { campaignFixture, measuredResult } from '@codec-lab/domain/testing';

// Hand-made campaigns and experiments for the read API's tests: every number is chosen so the
// expected Pareto front and leaderboard order can be worked out on paper.

/** A measured result at `bitrateBps` and `psnr` dB (no VMAF). */
export const result = measuredResult;

/** A finished (or pending) campaign created at `at`. */
export const campaign = campaignFixture;

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
