import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { summariseCampaign } from './campaign-summary.ts';
import { CampaignSummarySchema, CampaignWithSummarySchema, type CampaignSummary } from './campaign-summary.schema.ts';
import type { Campaign, Experiment } from './campaign.schema.ts';
import { BASELINE_CONFIG } from './config.schema.ts';
import { campaignFixture, measuredResult, budgetObjective } from './testing.ts';

// The schema is the summary's contract: whatever summariseCampaign returns must pass it, strictly.

const at = '2026-01-01T00:00:00.000Z';
const campaign = (controlArm: boolean): Campaign =>
  campaignFixture('c1', at, { objective: budgetObjective(0.3), maxExperiments: 3, controlArm, experimentsDone: 3 });

function experiment(seq: number, arm: Experiment['arm'], bitrateBps: number | undefined): Experiment {
  const config = { ...BASELINE_CONFIG, rateControl: { mode: 'crf' as const, crf: 20 + seq } };
  return {
    campaignId: 'c1',
    seq,
    id: `c1-00${seq}`,
    arm,
    status: bitrateBps === undefined ? 'queued' : 'succeeded',
    config,
    configHash: String(seq),
    proposal: { hypothesis: 'h', rationale: 'r', config, origin: seq === 1 ? 'baseline' : arm === 'random' ? 'random' : 'planner', validationErrors: [] },
    ...(bitrateBps === undefined ? {} : { result: measuredResult(bitrateBps, 40) }),
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
