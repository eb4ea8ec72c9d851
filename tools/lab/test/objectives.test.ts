import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encoderLabel, type Campaign, type CampaignSummary, type Experiment } from '@codec-lab/domain';
import { getJson, postJson, startLab, waitFor, type RunningLab } from './lab-process.ts';

// The objective kinds through the whole lab, as `npm start` runs it: created over the REST API,
// searched by the planner on a real (tiny) encode, answered in the objective's own terms by the
// orchestrator and by dashboard-api alike.

const SOURCE = { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 } as const;

let dataDir: string;
let lab: RunningLab | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'codeclab-objectives-'));
  lab = await startLab(dataDir);
});

afterAll(async () => {
  if (lab && lab.process.exitCode === null) await lab.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type Answered = Campaign & { summary: CampaignSummary };

async function run(request: object): Promise<{ campaign: Answered; experiments: Experiment[] }> {
  const created = await postJson<Campaign>(`${lab!.orchestrator}/v1/campaigns`, { source: SOURCE, maxExperiments: 4, ...request });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id;
  const campaign = await waitFor(`campaign ${id}`, 240_000, async () => {
    const { body: c } = await getJson<Answered>(`${lab!.orchestrator}/v1/campaigns/${id}`);
    return ['succeeded', 'failed', 'cancelled'].includes(c.status) ? c : undefined;
  });
  expect(campaign.status, campaign.stopReason).toBe('succeeded');
  const { body } = await getJson<{ items: Experiment[] }>(`${lab!.orchestrator}/v1/campaigns/${id}/experiments`);
  // dashboard-api answers the same campaign with the same summary.
  const read = await getJson<Answered>(`${lab!.dashboard}/v1/campaigns/${id}`);
  expect(read.status).toBe(200);
  expect(read.body.objective).toEqual(campaign.objective);
  expect(read.body.summary).toEqual(campaign.summary);
  return { campaign, experiments: body.items };
}

describe('objectives end to end', () => {
  it('answers a quality target with the smallest measured full encode that reaches it, within the allowed encoders', async () => {
    const { campaign, experiments } = await run({ objective: { kind: 'bitrate-at-quality', metric: 'psnr', targetQuality: 34, constraints: { encoders: ['libx264', 'libx265'] } } });
    expect(campaign.objective).toEqual({ kind: 'bitrate-at-quality', metric: 'psnr', targetQuality: 34, constraints: { encoders: ['libx264', 'libx265'] } });
    expect(experiments.every((e) => ['libx264', 'libx265'].includes(encoderLabel(e.config)))).toBe(true);
    const reaching = experiments.filter((e) => e.result && e.result.mode === 'full' && e.result.psnr.avg >= 34);
    expect(reaching.length).toBeGreaterThan(0);
    const smallest = reaching.sort((a, b) => a.result!.bitrateBps - b.result!.bitrateBps)[0]!;
    expect(campaign.summary.metObjective).toBe(true);
    expect(campaign.summary.best?.seq).toBe(smallest.seq);
    // Every proposal after the baseline carried a prediction, and its analysis compared it.
    for (const e of experiments.filter((x) => x.proposal.origin === 'planner' && x.result)) {
      expect(e.proposal.prediction?.quality.metric).toBe('psnr');
      expect(e.analysis?.predictionCheck).toBeDefined();
    }
  });

  it('reports a Pareto front with its hypervolume', async () => {
    const { campaign, experiments } = await run({ objective: { kind: 'pareto', metric: 'psnr', maxBitrateMbps: 1 } });
    const pareto = campaign.summary.pareto!;
    expect(pareto.front.length).toBeGreaterThan(0);
    expect(pareto.hypervolume).toBeGreaterThan(0);
    expect(pareto.reference).toEqual({ bitrateMbps: 1, quality: 20, encodeFps: 0 });
    const seqs = new Set(experiments.map((e) => e.seq));
    expect(pareto.front.every((p) => seqs.has(p.seq) && p.bitrateMbps <= 1)).toBe(true);
  });

  it('holds a budget strictly unless a tolerance is given, and refuses a bad objective naming the field', async () => {
    const bad = await postJson<{ error: { issues: string[] } }>(`${lab!.orchestrator}/v1/campaigns`, { source: SOURCE, maxExperiments: 2, objective: { kind: 'bitrate-at-quality', metric: 'ssim', targetQuality: 2 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.join('\n')).toMatch(/objective\.targetQuality/);
    const { campaign, experiments } = await run({ objective: { targetBitrateMbps: 0.06 }, maxExperiments: 3 });
    expect(campaign.objective).toMatchObject({ kind: 'quality-at-bitrate', tolerance: 0 });
    const best = experiments.find((e) => e.seq === campaign.summary.best?.seq);
    if (best) expect(best.result!.bitrateBps).toBeLessThanOrEqual(60_000);
  });
});
