import { describe, expect, it } from 'vitest';
import { summariseCampaign } from './campaign-summary.ts';
import { BASELINE_CONFIG, type CodecConfig } from './config.schema.ts';
import type { Campaign, Experiment } from './campaign.schema.ts';
import { campaignFixture, measuredResult, budgetObjective } from './testing.ts';

const at = '2026-01-01T00:00:00.000Z';
const campaign: Campaign = campaignFixture('c1', at, { objective: budgetObjective(0.3), maxExperiments: 3, controlArm: true, experimentsDone: 5 });

function experiment(seq: number, arm: Experiment['arm'], bitrateBps: number, psnr: number, origin: Experiment['proposal']['origin']): Experiment {
  const config: CodecConfig = { ...BASELINE_CONFIG, rateControl: { mode: 'crf', crf: 20 + seq } };
  return {
    campaignId: 'c1',
    seq,
    id: `c1-00${seq}`,
    arm,
    status: 'succeeded',
    config,
    configHash: String(seq),
    proposal: { hypothesis: 'h', rationale: 'r', config, origin, validationErrors: [] },
    result: measuredResult(bitrateBps, psnr),
    attempts: 1,
    createdAt: at,
  };
}

describe('summariseCampaign', () => {
  // Target 0.3 Mbps: the baseline (0.5) and every random draw are over it; the analyst's #2 meets it.
  const experiments = [
    experiment(1, 'analyst', 500_000, 40, 'baseline'),
    experiment(2, 'analyst', 290_000, 36, 'planner'),
    experiment(3, 'random', 551_000, 41, 'random'),
    experiment(4, 'random', 420_000, 38, 'random'),
  ];

  it("calls an arm's best only an experiment that meets the objective", () => {
    const summary = summariseCampaign(campaign, experiments);
    expect(summary.best).toMatchObject({ seq: 2, bitrateBps: 290_000 });
    expect(summary.metObjective).toBe(true);
    expect(summary.arms!.analyst).toMatchObject({ metObjective: true, best: { seq: 2 }, firstMeetingObjective: 2 });
    expect(summary.arms!.analyst).not.toHaveProperty('closest');
  });

  it('says none met the objective and names the closest instead, never an over-budget best', () => {
    const random = summariseCampaign(campaign, experiments).arms!.random;
    expect(random).not.toHaveProperty('best');
    expect(random).toMatchObject({ metObjective: false, closest: { seq: 4, bitrateBps: 420_000 }, experiments: 3 });
    expect(random.firstMeetingObjective).toBeUndefined();
  });

  it('reports neither before anything was measured', () => {
    const summary = summariseCampaign(campaign, []);
    expect(summary).not.toHaveProperty('best');
    expect(summary).not.toHaveProperty('closest');
    expect(summary).not.toHaveProperty('metObjective');
  });
});
