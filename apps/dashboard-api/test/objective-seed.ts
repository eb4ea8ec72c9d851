import type { Prediction } from '@codec-lab/domain';
import type { Store } from '@codec-lab/store';
import { campaign, experiment, type ExperimentSpec } from './seed.ts';

// Two hand-made campaigns with the objectives other than a bitrate budget, for the API's and the
// page's tests; the numbers are chosen so each answer can be worked out on paper.

/** Smallest bitrate with VMAF >= 90, libx264 only, encoding at 100 fps or faster. */
export const QUALITY_TARGET = 'abcdef00-0000-4000-8000-00000000000a';
/** Pareto front of bitrate x PSNR x encode speed up to 0.3 Mbps. */
export const PARETO = 'abcdef00-0000-4000-8000-00000000000b';
export const AT = '2026-08-01T00:00:00.000Z';

/** What experiment 2 of the quality-target campaign was expected to measure. */
export const PREDICTION: Prediction = {
  bitrateBps: 125_000,
  bitrateSigma: 0.1,
  quality: { value: 91.5, sigma: 0.8, metric: 'vmaf' },
  encodeSeconds: 0.12,
  basis: 'fitted on 1 point of libx264 medium',
};

const x265 = { encoder: 'libx265' as const };

/**
 * Quality target: #2 (0.120 Mbps, VMAF 91) is the answer, #1 meets it at a higher bitrate; #3 is
 * under the target, #4 a libx265 the constraints exclude, #5 too slow (60 fps).
 * Pareto: #2 and #3 are the front (#4 is beaten by #2 on all three axes, #1 is over 0.3 Mbps);
 * hypervolume 0.05 x 17 x 300 + 0.05 x (1 x 100 + 17 x 300) = 515 Mbps x dB x fps from (0.3, 20, 0).
 */
export async function seedObjectiveCampaigns(writer: Store): Promise<void> {
  await writer.campaigns.create(
    campaign(QUALITY_TARGET, AT, {
      objective: { kind: 'bitrate-at-quality', metric: 'vmaf', targetQuality: 90, constraints: { encoders: ['libx264'], minEncodeFps: 100 } },
      vmaf: { model: 'vmaf_v0.6.1neg', subsample: 2 },
    }),
  );
  await writer.campaigns.create(campaign(PARETO, AT, { objective: { kind: 'pareto', metric: 'psnr', maxBitrateMbps: 0.3 } }));
  const specs: [string, ExperimentSpec][] = [
    [QUALITY_TARGET, { seq: 1, origin: 'baseline', measured: [200_000, 40, 95] }],
    [QUALITY_TARGET, { seq: 2, origin: 'llm', crf: 27, measured: [120_000, 38, 91], prediction: PREDICTION }],
    [QUALITY_TARGET, { seq: 3, origin: 'llm', crf: 30, measured: [90_000, 36, 88] }],
    [QUALITY_TARGET, { seq: 4, origin: 'user', config: x265, crf: 28, measured: [80_000, 38, 92] }],
    [QUALITY_TARGET, { seq: 5, origin: 'llm', config: { preset: 'slow' }, crf: 26, measured: [110_000, 38.5, 91.5], encodeFps: 60 }],
    [PARETO, { seq: 1, origin: 'baseline', measured: [400_000, 41] }],
    [PARETO, { seq: 2, origin: 'planner', config: { preset: 'fast' }, crf: 28, measured: [200_000, 37], encodeFps: 300 }],
    [PARETO, { seq: 3, origin: 'planner', config: { preset: 'slow' }, crf: 26, measured: [250_000, 38], encodeFps: 100 }],
    [PARETO, { seq: 4, origin: 'planner', crf: 27, measured: [250_000, 36.5], encodeFps: 200 }],
  ];
  for (const [id, spec] of specs) await writer.experiments.insert(experiment(id, AT, spec));
}
