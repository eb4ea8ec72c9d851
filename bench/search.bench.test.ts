import { describe, expect, it } from 'vitest';
import { describeConfig, describeObjective, meetsObjective, ObjectiveSchema, type CampaignContext, type Objective } from '@codec-lab/domain';
import { PRIORS, replayCampaign } from '@codec-lab/planner';
import { gridBest, OFFER, regretOf } from './support/rd-score.ts';
import { RD_CLIPS, RdWorld, resultOf, type RdClip } from './support/rd-world.ts';
import { crfSearch, planner, plannerBefore, randomSearch, type Method } from './support/search-methods.ts';

// Search methods on the measured rate-quality world of the judge clips (bench/data/rd-grid.json),
// which tuned nothing: the planner's priors were fitted on the priors clips only (PRIORS.clips).
// For each clip and objective, the regret after each experiment against the best answer of the
// exhaustive grid, and the encode-seconds spent. Points a method asks for that the grid lacks are
// encoded and measured for real by agent-runner and added to the cache.
//   npx vitest run --project bench bench/search.bench.test.ts --reporter=default

const BUDGET = Number(process.env['BENCH_EXPERIMENTS'] ?? 8);
const SEEDS = [1, 2, 3, 4, 5];

interface Run {
  readonly method: string;
  /** Regret after each experiment: dB under the grid's best (budget) or % over its smallest bitrate (target); null while nothing meets the objective. */
  readonly regret: (number | null)[];
  readonly seconds: number;
  readonly answer: string;
  readonly answerVmaf?: number;
}

async function run(world: RdWorld, clip: RdClip, objective: Objective, name: string, method: Method): Promise<Run> {
  const context: Omit<CampaignContext, 'history'> = {
    campaignId: `${clip.id}-${name}`,
    source: { kind: 'file', path: `${clip.id}.mkv` },
    objective,
    maxExperiments: BUDGET,
    analyst: 'planner',
    offer: OFFER,
    vmaf: { model: 'vmaf_v0.6.1', subsample: 1 },
  };
  const replay = await replayCampaign({ context, next: method, measure: async (config) => resultOf(await world.measure(config)) });
  const best = gridBest(world.points(), objective);
  const regret = regretOf(objective, best, replay.history);
  while (regret.length < BUDGET) regret.push(regret.at(-1) ?? null);
  const meeting = replay.history.filter((e) => e.result && meetsObjective({ config: e.config, result: e.result }, objective));
  const answer = meeting.sort((a, b) => (objective.kind === 'bitrate-at-quality' ? a.result!.bitrateBps - b.result!.bitrateBps : b.result!.psnr.avg - a.result!.psnr.avg))[0];
  return {
    method: name,
    regret,
    seconds: replay.history.reduce((a, e) => a + (e.result?.encodeSeconds ?? 0), 0),
    answer: answer ? describeConfig(answer.config) : 'none',
    ...(answer?.result?.vmaf.available ? { answerVmaf: answer.result.vmaf.mean } : {}),
  };
}

const fmt = (v: number | null, unit: 'dB' | '%') => (v === null ? '   none' : unit === 'dB' ? v.toFixed(2).padStart(7) : `${v.toFixed(1)}%`.padStart(7));
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const spread = (xs: readonly number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1));

describe('search methods on the judge clips', () => {
  it(`finds the grid's best within ${BUDGET} experiments`, async () => {
    const judges = RD_CLIPS.filter((c) => c.role === 'judge');
    expect(judges.every((c) => !PRIORS.clips.includes(c.id)), 'a judge clip tuned the priors').toBe(true);
    console.log(`\npriors fitted on ${PRIORS.clips.join(', ')}; judged on ${judges.map((c) => c.id).join(', ')}; ${BUDGET} experiments; random over seeds ${SEEDS.join(', ')}`);
    const finals: { clip: string; kind: string; planner: number | null; before?: number | null; crf: number | null; random: (number | null)[]; vmaf?: number; target?: number }[] = [];
    for (const clip of judges) {
      const world = await RdWorld.open(clip);
      try {
        const objectives = [
          ObjectiveSchema.parse({ kind: 'quality-at-bitrate', targetBitrateMbps: clip.budgetMbps, metric: 'psnr' }),
          ObjectiveSchema.parse({ kind: 'bitrate-at-quality', targetQuality: clip.vmafTarget, metric: 'vmaf' }),
        ];
        for (const objective of objectives) {
          const unit = objective.kind === 'bitrate-at-quality' ? '%' : 'dB';
          const runs: Run[] = [await run(world, clip, objective, 'planner', planner)];
          if (objective.kind === 'quality-at-bitrate') runs.push(await run(world, clip, objective, 'planner before', plannerBefore));
          runs.push(await run(world, clip, objective, 'crf-search svt p8', crfSearch));
          for (const seed of SEEDS) runs.push(await run(world, clip, objective, `random seed ${seed}`, randomSearch(seed)));
          const best = gridBest(world.points(), objective);
          const bestText = objective.kind === 'bitrate-at-quality' ? `${(best.bitrateBps / 1e6).toFixed(4)} Mbps (VMAF ${best.vmaf.toFixed(2)})` : `${best.psnr.toFixed(3)} dB (${(best.bitrateBps / 1e6).toFixed(4)} Mbps)`;
          console.log(`\n${clip.id}: ${describeObjective(objective)}; grid best ${describeConfig(best.config)} ${bestText}; regret ${unit === 'dB' ? 'in dB under it' : 'in % over it'}`);
          console.log(`${'method'.padEnd(20)}${Array.from({ length: BUDGET }, (_, i) => `${i + 1}`.padStart(7)).join('')}  encode-s  answer`);
          for (const r of runs) {
            const vmaf = r.answerVmaf !== undefined && objective.kind === 'bitrate-at-quality' ? ` (VMAF ${r.answerVmaf.toFixed(2)})` : '';
            console.log(`${r.method.padEnd(20)}${r.regret.map((v) => fmt(v, unit)).join('')}  ${r.seconds.toFixed(1).padStart(8)}  ${r.answer}${vmaf}`);
          }
          const random = runs.filter((r) => r.method.startsWith('random'));
          const found = random.map((r) => r.regret.at(-1)).filter((v): v is number => v !== null && v !== undefined);
          console.log(`${'random mean (sd)'.padEnd(20)}${found.length ? `${fmt(mean(found), unit)} (${spread(found).toFixed(2)})` : '   none'}${found.length < random.length ? `, ${random.length - found.length} of ${random.length} seeds found no answer` : ''}; encode-s mean ${mean(random.map((r) => r.seconds)).toFixed(1)}`);
          const p = runs[0]!;
          finals.push({
            clip: clip.id,
            kind: objective.kind,
            planner: p.regret.at(-1) ?? null,
            ...(objective.kind === 'quality-at-bitrate' ? { before: runs[1]!.regret.at(-1) ?? null } : {}),
            crf: runs.find((r) => r.method.startsWith('crf'))!.regret.at(-1) ?? null,
            random: random.map((r) => r.regret.at(-1) ?? null),
            ...(p.answerVmaf !== undefined && objective.kind === 'bitrate-at-quality' ? { vmaf: p.answerVmaf, target: objective.targetQuality } : {}),
          });
        }
      } finally {
        await world.close();
      }
    }
    const budget = finals.filter((f) => f.kind === 'quality-at-bitrate');
    const target = finals.filter((f) => f.kind === 'bitrate-at-quality');
    const worse = (a: number | null, b: number | null) => a === null || (b !== null && a > b);
    console.log('\ngoals (final regret after the budget):');
    const meanOrNone = (xs: readonly (number | null | undefined)[]) => {
      const found = xs.filter((x): x is number => typeof x === 'number');
      const none = xs.length - found.length;
      return `${found.length ? `${mean(found).toFixed(3)} dB` : '-'}${none ? ` (${none} of ${xs.length} clips with no answer within the budget)` : ''}`;
    };
    console.log(`- budget: planner mean regret ${meanOrNone(budget.map((f) => f.planner))} (goal <= 0.2); the planner before this change ${meanOrNone(budget.map((f) => f.before))}`);
    for (const f of target) console.log(`- VMAF target on ${f.clip}: planner ${f.planner === null ? 'no answer' : `${f.planner.toFixed(2)}% over the grid's smallest`} (goal <= 3%), final VMAF ${f.vmaf?.toFixed(2) ?? '-'} vs target ${f.target ?? '-'} (goal within 0.5)`);
    for (const f of finals) {
      const found = f.random.filter((v): v is number => v !== null);
      const randomMean = found.length === f.random.length ? mean(found) : null;
      const verdict = (other: number | null) => (f.planner === other ? 'ties' : worse(f.planner, other) ? 'does not beat' : 'beats');
      console.log(`- ${f.clip} ${f.kind}: planner ${verdict(randomMean)} the random mean and ${verdict(f.crf)} the CRF search`);
    }
  });
});
