import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign, Experiment } from '@codec-lab/domain';
import { getJson, postJson, startLab, waitFor, type RunningLab } from './lab-process.ts';

// A campaign with the random-search control arm, through the real lab.

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

type Summary = Campaign & { arms: Record<'analyst' | 'random', { experiments: number; best?: { seq: number } }> };

describe('a campaign with a control arm', () => {
  it('runs a budget-matched, seeded random arm beside the analyst and reports both', async () => {
    const created = await postJson<Campaign>(`${lab.orchestrator}/v1/campaigns`, {
      source: { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 },
      objective: { targetBitrateMbps: 0.06, metric: 'psnr' },
      maxExperiments: 3,
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
    expect(done.stopReason).toBe('analyst arm: budget spent: 3 of 3 experiments run; random arm: budget spent: 3 of 3 experiments run');
    expect(done.arms.analyst.experiments).toBe(3);
    expect(done.arms.random.experiments).toBe(3);

    const { body } = await getJson<{ items: Experiment[] }>(`${lab.orchestrator}/v1/campaigns/${id}/experiments`);
    const byArm = (arm: string) => body.items.filter((e) => e.arm === arm);
    expect(body.items).toHaveLength(5); // the baseline is shared
    expect(byArm('analyst').map((e) => e.proposal.origin)).toEqual(['baseline', 'planner', 'planner']);
    expect(byArm('random').map((e) => e.proposal.origin)).toEqual(['random', 'random']);
    expect(body.items.every((e) => e.status === 'succeeded')).toBe(true);
    // The control arm is measured, not analysed; the analyst arm is analysed.
    expect(byArm('random').every((e) => e.analysis === undefined)).toBe(true);
    expect(byArm('analyst').every((e) => e.analysis?.origin === 'planner')).toBe(true);
    // Arms alternate after the baseline.
    expect(body.items.map((e) => e.arm)).toEqual(['analyst', 'analyst', 'random', 'analyst', 'random']);
  });
});
