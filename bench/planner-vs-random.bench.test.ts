import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeConfig, meetsObjective, TARGET_TOLERANCE, type Campaign, type Experiment, type Objective } from '@codec-lab/domain';
import { getJson, postJson, startLab, waitFor } from '../tools/lab/test/lab-process.ts';

// The planner against the budget-matched, seeded random arm, through the whole lab (real
// campaigns with a control arm) on real clips: experiments needed to land within 5% of the target
// after the baseline, and the best quality each arm reached at or under the target.
//   npx vitest run --project bench bench/planner-vs-random.bench.test.ts --reporter=default

const MEDIA = fileURLToPath(new URL('../../shared/media', import.meta.url));
const BUDGET = Number(process.env['BENCH_BUDGET'] ?? 6);
const SEED = 20261126;
const CASES = [
  { clip: 'flower_960x540_30fps_5s.mp4', targets: [0.35, 1.0] },
  { clip: 'crystal_720x480_30fps_12s.mp4', targets: [0.5, 1.5] },
];

interface Row {
  clip: string;
  target: number;
  arm: string;
  reachedAfter: number | undefined;
  bestPsnr: number | undefined;
  bestConfig: string;
  experiments: number;
}

function armRows(clip: string, objective: Objective, experiments: Experiment[]): Row[] {
  const baseline = experiments.filter((e) => e.proposal.origin === 'baseline');
  return (['analyst', 'random'] as const).map((arm) => {
    const own = experiments.filter((e) => e.arm === arm && e.proposal.origin !== 'baseline');
    const target = objective.targetBitrateMbps * 1e6;
    const hit = own.findIndex((e) => e.result && Math.abs(e.result.bitrateBps / target - 1) <= TARGET_TOLERANCE);
    const meeting = [...baseline, ...own].filter((e) => e.result && meetsObjective(e.result, objective));
    const best = meeting.sort((a, b) => b.result!.psnr.avg - a.result!.psnr.avg)[0];
    return {
      clip,
      target: objective.targetBitrateMbps,
      arm: arm === 'analyst' ? 'planner' : 'random',
      reachedAfter: hit >= 0 ? hit + 1 : undefined,
      bestPsnr: best?.result?.psnr.avg,
      bestConfig: best ? describeConfig(best.config) : '-',
      experiments: baseline.length + own.length,
    };
  });
}

describe('planner vs random search', () => {
  it(`reaches the target and the best quality in ${BUDGET} experiments per arm`, async () => {
    expect(existsSync(MEDIA), `shared clips expected at ${MEDIA}`).toBe(true);
    const dataDir = mkdtempSync(join(tmpdir(), 'codeclab-bench-planner-'));
    const lab = await startLab(dataDir, { MEDIA_ROOTS: MEDIA, RUNNER_MAX_CONCURRENT: '2', LOG_LEVEL: 'warn' });
    const rows: Row[] = [];
    try {
      const campaigns = [];
      for (const { clip, targets } of CASES) {
        for (const target of targets) {
          const objective: Objective = { targetBitrateMbps: target, metric: 'psnr' };
          const created = await postJson<Campaign>(`${lab.orchestrator}/v1/campaigns`, {
            source: { kind: 'file', path: clip },
            objective,
            maxExperiments: BUDGET,
            controlArm: true,
            seed: SEED,
          });
          expect(created.status).toBe(201);
          campaigns.push({ clip, objective, id: created.body.id });
        }
      }
      for (const { clip, objective, id } of campaigns) {
        const done = await waitFor(`campaign on ${clip} @ ${objective.targetBitrateMbps} Mbps`, 1_500_000, async () => {
          const { body } = await getJson<Campaign>(`${lab.orchestrator}/v1/campaigns/${id}`);
          return ['succeeded', 'failed', 'cancelled'].includes(body.status) ? body : undefined;
        });
        expect(done.status, done.stopReason).toBe('succeeded');
        const { body } = await getJson<{ items: Experiment[] }>(`${lab.orchestrator}/v1/campaigns/${id}/experiments`);
        rows.push(...armRows(clip, objective, body.items));
      }
    } finally {
      await lab.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }

    const pad = (s: string | number, n: number) => String(s).padEnd(n);
    console.log(`\nplanner vs seeded random arm (seed ${SEED}), ${BUDGET} experiments per arm incl. the shared baseline, ${new Date().toISOString().slice(0, 10)}`);
    console.log(`${pad('clip', 32)}${pad('target', 8)}${pad('arm', 9)}${pad('within 5% after', 17)}${pad('best PSNR', 11)}best config at or under target`);
    for (const r of rows) {
      console.log(
        `${pad(r.clip, 32)}${pad(r.target.toFixed(2), 8)}${pad(r.arm, 9)}${pad(r.reachedAfter === undefined ? 'not reached' : `${r.reachedAfter} exp`, 17)}${pad(r.bestPsnr?.toFixed(2) ?? '-', 11)}${r.bestConfig}`,
      );
    }
    const planner = rows.filter((r) => r.arm === 'planner');
    console.log(`planner reached the target within 4 experiments after the baseline in ${planner.filter((r) => (r.reachedAfter ?? 99) <= 4).length} of ${planner.length} cases`);
  });
});
