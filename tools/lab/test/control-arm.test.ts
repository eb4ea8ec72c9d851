import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign, Experiment } from '@codec-lab/domain';
import { getJson, postJson, startLab, waitFor, type RunningLab } from './lab-process.ts';

// A campaign with the random-search control arm, through the real lab. The analyst arm's length is
// the planner's call from what it measures (it may stop early once the objective is met); the
// seeded random arm always spends its budget. Counts are checked against the store.

const BUDGET = 3;

let dataDir: string;
let lab: RunningLab;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'codeclab-arms-'));
  lab = await startLab(dataDir);
});

afterAll(async () => {
  await lab?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type Summary = Campaign & { summary: { arms: Record<'analyst' | 'random', { experiments: number; best?: { seq: number } }> } };

/**
 * The order the arms take turns in, given how many experiments each ran (the shared baseline
 * counts for both): the one with fewer goes next, the analyst on a tie, until each has stopped.
 */
function turns(analyst: number, random: number): string[] {
  const order = ['analyst'];
  for (let a = 1, r = 1; a < analyst || r < random; ) {
    if (a < analyst && (r >= random || a <= r)) {
      order.push('analyst');
      a++;
    } else {
      order.push('random');
      r++;
    }
  }
  return order;
}

describe('a campaign with a control arm', () => {
  it('runs a budget-matched, seeded random arm beside the analyst and reports both', async () => {
    const created = await postJson<Campaign>(`${lab.orchestrator}/v1/campaigns`, {
      source: { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 },
      objective: { targetBitrateMbps: 0.06, metric: 'psnr' },
      maxExperiments: BUDGET,
      controlArm: true,
      seed: 42,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ controlArm: true, seed: 42 });
    const id = created.body.id;

    const done = await waitFor('the campaign to finish', 150_000, async () => {
      const { body } = await getJson<Summary>(`${lab.orchestrator}/v1/campaigns/${id}`);
      return ['succeeded', 'failed'].includes(body.status) ? body : undefined;
    });
    expect(done.status, done.stopReason).toBe('succeeded');

    const { body } = await getJson<{ items: Experiment[] }>(`${lab.orchestrator}/v1/campaigns/${id}/experiments`);
    const byArm = (arm: string) => body.items.filter((e) => e.arm === arm);
    const analyst = byArm('analyst').length;
    // The baseline and at least one proposal (two experiments left always leave the planner a
    // candidate), at most the budget; the random arm: its budget, the shared baseline included.
    expect(analyst).toBeGreaterThanOrEqual(2);
    expect(analyst).toBeLessThanOrEqual(BUDGET);
    expect(byArm('random')).toHaveLength(BUDGET - 1);
    expect(done.summary.arms.analyst.experiments).toBe(analyst);
    expect(done.summary.arms.random.experiments).toBe(BUDGET);
    const analystEnd = analyst === BUDGET ? `budget spent: ${BUDGET} of ${BUDGET} experiments run` : `analyst stopped early after ${analyst} experiments: `;
    expect(done.stopReason!.startsWith(`analyst arm: ${analystEnd}`), done.stopReason).toBe(true);
    expect(done.stopReason!.endsWith(`; random arm: budget spent: ${BUDGET} of ${BUDGET} experiments run`), done.stopReason).toBe(true);

    expect(byArm('analyst').map((e) => e.proposal.origin)).toEqual(['baseline', ...Array<string>(analyst - 1).fill('planner')]);
    expect(byArm('random').map((e) => e.proposal.origin)).toEqual(['random', 'random']);
    expect(body.items.every((e) => e.status === 'succeeded')).toBe(true);
    // The control arm is measured, not analysed; the analyst arm is analysed.
    expect(byArm('random').every((e) => e.analysis === undefined)).toBe(true);
    expect(byArm('analyst').every((e) => e.analysis?.origin === 'planner')).toBe(true);
    // Arms take turns after the baseline (for a full analyst arm: analyst, analyst, random, analyst, random).
    expect(body.items.map((e) => e.arm)).toEqual(turns(analyst, BUDGET));
  });
});
