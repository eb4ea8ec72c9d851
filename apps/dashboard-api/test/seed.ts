import { BASELINE_CONFIG, configHash, encoderLabel, experimentId, type Arm, type Experiment, type ExperimentConfig, type Origin, type Prediction } from '@codec-lab/domain';
import { campaignFixture, measuredResult, vmafScore } from '@codec-lab/domain/testing';

// Hand-made campaigns and experiments for the read API's tests: every number is chosen so the
// expected Pareto front and leaderboard order can be worked out on paper.

/** A measured result at `bitrateBps` and `psnr` dB (no VMAF). */
export const result = measuredResult;

/** The two ffmpeg builds a result names: Debian's encoded, the static metrics build measured. */
export const FFMPEG = { encoder: { version: '5.1.6-0+deb12u1', sha256: 'e'.repeat(64) }, meter: { version: '7.0.2-static', sha256: 'a'.repeat(64) } };

/** A result measured with VMAF `mean` (vmaf_v0.6.1neg, 1 frame in 2), its pooled lows below the mean, both builds named. */
export function scoredResult(bitrateBps: number, psnr: number, mean: number, encodeFps = 300) {
  return measuredResult(bitrateBps, psnr, {
    encodeFps,
    vmaf: vmafScore(mean, { model: 'vmaf_v0.6.1neg', subsample: 2, scoredFrames: 15, harmonicMean: mean - 0.5, low1Percent: mean - 8, low5Percent: mean - 5, min: mean - 10 }),
    ffmpegVersion: FFMPEG.encoder.version,
    ffmpeg: FFMPEG,
  });
}

/** A finished (or pending) campaign created at `at`. */
export const campaign = campaignFixture;

export interface ExperimentSpec {
  seq: number;
  arm?: Arm;
  origin: Origin;
  config?: Partial<ExperimentConfig>;
  crf?: number;
  status?: Experiment['status'];
  /** Bitrate and PSNR, and VMAF where it was measured (scoredResult). */
  measured?: [bitrateBps: number, psnr: number, vmaf?: number];
  /** Encode speed of the measured result (300 fps unless given). */
  encodeFps?: number;
  /** What the proposer expected it to measure. */
  prediction?: Prediction;
  fallbackReason?: string;
}

function measuredOf([bitrateBps, psnr, vmaf]: NonNullable<ExperimentSpec['measured']>, encodeFps: number) {
  return vmaf === undefined ? result(bitrateBps, psnr, { encodeFps }) : scoredResult(bitrateBps, psnr, vmaf, encodeFps);
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
      hypothesis: `Hypothesis ${spec.seq}: try ${encoderLabel(config)} at crf ${spec.crf ?? 23}.`,
      rationale: `Rationale ${spec.seq}.`,
      config,
      origin: spec.origin,
      validationErrors: [],
      ...(spec.fallbackReason ? { fallbackReason: spec.fallbackReason } : {}),
      ...(spec.prediction ? { prediction: spec.prediction } : {}),
    },
    ...(spec.measured ? { result: measuredOf(spec.measured, spec.encodeFps ?? 300) } : {}),
    ...(status === 'failed' ? { failure: { code: 'ERR_ENCODE', message: 'ffmpeg exited with code 1' } } : {}),
    ...(spec.measured ? { analysis: { summary: `Summary ${spec.seq}.`, rootCause: 'rate control', insights: ['insight'], nextStep: 'go lower', origin: 'planner' as const } } : {}),
    attempts: 1,
    createdAt,
    ...(finished ? { startedAt: createdAt, finishedAt: createdAt } : {}),
  };
}
