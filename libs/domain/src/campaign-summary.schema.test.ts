import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { summariseCampaign } from './campaign-summary.ts';
import { CampaignSummarySchema, CampaignWithSummarySchema, type CampaignSummary } from './campaign-summary.schema.ts';
import type { Campaign, Experiment } from './campaign.schema.ts';
import { BASELINE_CONFIG } from './config.schema.ts';

// The schema is the summary's contract: whatever summariseCampaign returns must pass it, strictly.

const at = '2026-01-01T00:00:00.000Z';
const campaign = (controlArm: boolean): Campaign => ({
  id: 'c1',
  status: 'succeeded',
  source: { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 },
  objective: { targetBitrateMbps: 0.3, metric: 'psnr' },
  maxExperiments: 3,
  analyst: 'planner',
  controlArm,
  seed: 1,
  createdAt: at,
  updatedAt: at,
  experimentsDone: 3,
  batchSize: 1,
  version: 1,
});

function experiment(seq: number, arm: Experiment['arm'], bitrateBps: number | undefined): Experiment {
  const config = { ...BASELINE_CONFIG, rateControl: { mode: 'crf' as const, crf: 20 + seq } };
  const psnr = { y: 40, u: 40, v: 40, avg: 40 };
  const ssim = { y: 0.9, u: 0.9, v: 0.9, all: 0.9 };
  return {
    campaignId: 'c1',
    seq,
    id: `c1-00${seq}`,
    arm,
    status: bitrateBps === undefined ? 'queued' : 'succeeded',
    config,
    configHash: String(seq),
    proposal: { hypothesis: 'h', rationale: 'r', config, origin: seq === 1 ? 'baseline' : arm === 'random' ? 'random' : 'planner', validationErrors: [] },
    ...(bitrateBps === undefined
      ? {}
      : {
          result: {
            bytes: bitrateBps / 8, durationSeconds: 1, bitrateBps, width: 160, height: 90, frames: 30, sourceFrames: 30, psnr, ssim,
            vmaf: { available: false, reason: 'none' }, encodeSeconds: 1, encodeFps: 30, measureSeconds: 1,
            artifactUri: 'file:///a.mp4', artifactSha256: '0'.repeat(64), mode: 'full', ffmpegVersion: '5.1',
          },
        }),
    attempts: 1,
    createdAt: at,
  };
}

describe('CampaignSummarySchema', () => {
  it('types what summariseCampaign returns', () => {
    expectTypeOf(summariseCampaign).returns.toExtend<CampaignSummary>();
  });

  it('passes every summary strictly: with and without arms, met, only closest, and nothing measured', () => {
    const experiments = [experiment(1, 'analyst', 500_000), experiment(2, 'analyst', 290_000), experiment(3, 'random', 420_000), experiment(4, 'analyst', undefined)];
    const cases = [
      summariseCampaign(campaign(true), experiments),
      summariseCampaign(campaign(false), experiments),
      summariseCampaign(campaign(true), [experiment(1, 'analyst', 500_000)]),
      summariseCampaign(campaign(false), []),
    ];
    for (const summary of cases) expect(z.encode(CampaignSummarySchema, summary)).toEqual(summary);
    expect(cases[0]!.arms?.random).toMatchObject({ metObjective: false, closest: { seq: 3 } });
  });

  it('refuses a field it does not know, so a summary cannot drift from its schema unnoticed', () => {
    const summary = summariseCampaign(campaign(false), [experiment(1, 'analyst', 290_000)]);
    const drifted: unknown[] = [{ ...summary, extra: 1 }, { ...summary, best: { ...summary.best, extra: 1 } }];
    for (const value of drifted) expect(CampaignSummarySchema.safeEncode(value as CampaignSummary).success).toBe(false);
  });

  it('nests the summary in the campaign, the one shape both APIs answer', () => {
    const standing = { ...campaign(true), summary: summariseCampaign(campaign(true), [experiment(1, 'analyst', 290_000)]) };
    expect(z.encode(CampaignWithSummarySchema, standing)).toEqual(standing);
    const spread: unknown = { ...campaign(true), ...standing.summary };
    expect(CampaignWithSummarySchema.safeEncode(spread as typeof standing).success).toBe(false);
  });
});
