import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CampaignSchema,
  describeConfig,
  describeObjective,
  experimentId,
  ExperimentSchema,
  ObjectiveSchema,
  type CampaignContext,
  type HistoryEntry,
  type LabKnowledge,
  type Objective,
  type SourceDescription,
} from '@codec-lab/domain';
import { campaignFixture } from '@codec-lab/domain/testing';
import { cellKey, labKnowledge, memoryCell, nearbyCells, PRIORS, replayCampaign, similarity, sourceMemory } from '@codec-lab/planner';
import { createStore, type Store } from '@codec-lab/store';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '@codec-lab/store/embedded';
import { MEMORY_PER_CELL } from '../apps/orchestrator/src/campaigns/lab-memory.ts';
import { ratio, table } from './support/report.ts';
import { gridBest, OFFER, regretOf } from './support/rd-score.ts';
import { RD_CLIPS, RdWorld, resultOf, type RdClip } from './support/rd-world.ts';
import { planner } from './support/search-methods.ts';

// Does the lab learn? Sequences of planner campaigns on the judge clips (which tuned nothing: the
// default priors were fitted on the priors clips flower, crystal and friday), each campaign starting
// from a store that holds the memory records of the campaigns before it in its sequence, against
// the same campaigns on an empty store (the default priors). A sequence is an order of the three
// judge clips (all 6 orders), and per clip two campaigns: its PSNR budget, then its VMAF target, so
// a campaign meets memory of the same source under the other objective and memory of other sources.
//
// What is real: the sources' content features (each segment described by an in-process
// agent-runner over gRPC, as a campaign's source is), the store (dynalite; one table per order), the
// memory path the orchestrator takes (store.memory.read of the cells near the source, MEMORY_PER_CELL
// each, then labKnowledge; after the campaign sourceMemory and store.memory.record), and every
// measurement (the rate-quality world of real encodes, bench/data/rd-grid.json; a point it lacks is
// encoded and measured for real and added). What is not: the campaigns are replays of the planner on
// those measurements, one experiment at a time, not live campaigns; the similarity units in
// libs/planner/src/memory/similarity.ts are a judgement, not fitted; three judge clips make a small
// sample. The figures are reported as they come: nothing here tunes the planner.
//   npx vitest run --project bench bench/learning.bench.test.ts --reporter=default

const BUDGET = Number(process.env['BENCH_EXPERIMENTS'] ?? 8);
/** Reached: within 0.1 dB PSNR of the grid's best answer (budget), within 2% of its bitrate (target). */
const TOLERANCE = { budget: 0.1, target: 2 } as const;
const REGRET_AT = [2, 4, 8].filter((n) => n <= BUDGET);
const ARMS = ['memory', 'empty'] as const;
type ArmName = (typeof ARMS)[number];

interface CampaignRun {
  readonly order: number;
  /** 1-based position in its order: odd a clip's budget, even the same clip's VMAF target. */
  readonly position: number;
  readonly clip: RdClip;
  readonly objective: Objective;
  readonly arm: ArmName;
  readonly history: HistoryEntry[];
  readonly stopReason?: string;
  /** Memory arm: what the start read and learned. */
  readonly read?: { readonly records: number; readonly roundTrips: number; readonly bytes: number; readonly knowledge: LabKnowledge };
}

interface Scored extends CampaignRun {
  readonly regret: (number | null)[];
  /** Experiments until the answer was within tolerance of the grid's best; null: not within the budget. */
  readonly reachedAt: number | null;
  readonly secondsToReach: number | null;
  readonly seconds: number;
}

const permutations = <T,>(xs: readonly T[]): T[][] => (xs.length <= 1 ? [[...xs]] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest])));
const objectivesOf = (clip: RdClip): Objective[] => [
  ObjectiveSchema.parse({ kind: 'quality-at-bitrate', targetBitrateMbps: clip.budgetMbps, metric: 'psnr' }),
  ObjectiveSchema.parse({ kind: 'bitrate-at-quality', targetQuality: clip.vmafTarget, metric: 'vmaf' }),
];
const kindOf = (o: Objective) => (o.kind === 'bitrate-at-quality' ? 'target' : 'budget');
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const sequenceOf = (history: readonly HistoryEntry[]) => history.map((e) => e.configHash).join(' ');

let dynamo: EmbeddedDynamo;
const worlds = new Map<string, RdWorld>();
const descriptions = new Map<string, SourceDescription>();

beforeAll(async () => {
  dynamo = await startEmbeddedDynamo({});
});

afterAll(async () => {
  for (const world of worlds.values()) await world.close();
  await dynamo?.close();
});

/** One replayed campaign; in the memory arm its start reads the store and its end writes its record. */
async function campaign(store: Store | undefined, run: Omit<CampaignRun, 'history' | 'read' | 'arm'>, createdAt: string): Promise<CampaignRun> {
  const { clip, objective } = run;
  const description = descriptions.get(clip.id)!;
  const arm: ArmName = store ? 'memory' : 'empty';
  const id = `o${run.order}-p${run.position}-${clip.id}-${kindOf(objective)}-${arm}`;
  const source = { kind: 'file' as const, path: `${clip.id}.mkv` };
  let read: CampaignRun['read'];
  if (store) {
    // The campaign's start, as apps/orchestrator/src/campaigns/lab-memory.ts ensureKnowledge does it.
    const memory = await store.memory.read(nearbyCells(description).map(cellKey), MEMORY_PER_CELL);
    expect(memory.skipped, 'a memory record no longer fits its schema').toBe(0);
    const knowledge = labKnowledge({ description, memories: memory.memories, campaignId: id, now: createdAt });
    read = { records: memory.memories.length, roundTrips: memory.roundTrips, bytes: memory.bytes, knowledge };
  }
  const context: Omit<CampaignContext, 'history'> = {
    campaignId: id,
    source,
    objective,
    maxExperiments: BUDGET,
    analyst: 'planner',
    offer: OFFER,
    vmaf: { model: 'vmaf_v0.6.1', subsample: 1 },
    ...(read ? { knowledge: read.knowledge } : {}),
  };
  const world = worlds.get(clip.id)!;
  const replay = await replayCampaign({ context, next: planner, measure: async (config) => resultOf(await world.measure(config)) });
  if (store) {
    // Its end, as rememberCampaign does it: the record built from the campaign and its experiments.
    const stored = CampaignSchema.parse(
      campaignFixture(id, createdAt, { source, objective, maxExperiments: BUDGET, sourceDescription: description, experimentsDone: replay.history.length, knowledge: read!.knowledge }),
    );
    const experiments = replay.history.map((e) =>
      ExperimentSchema.parse({
        campaignId: id,
        seq: e.seq,
        id: experimentId(id, e.seq),
        arm: 'analyst',
        status: e.status,
        config: e.config,
        configHash: e.configHash,
        proposal: { hypothesis: e.hypothesis.slice(0, 2000), rationale: '', config: e.config, origin: e.origin, validationErrors: [], ...(e.prediction ? { prediction: e.prediction } : {}) },
        result: e.result,
        attempts: 1,
        createdAt,
        finishedAt: createdAt,
      }),
    );
    const memory = sourceMemory(stored, experiments);
    if (!memory || memory.points.length === 0) throw new Error(`${id}: the campaign left no memory record (${replay.history.length} experiments)`);
    await store.memory.record(cellKey(memoryCell(description)), memory);
  }
  return { ...run, arm, history: replay.history, ...(replay.stopReason ? { stopReason: replay.stopReason } : {}), ...(read ? { read } : {}) };
}

function score(run: CampaignRun): Scored {
  const world = worlds.get(run.clip.id)!;
  const best = gridBest(world.points(), run.objective);
  const regret = regretOf(run.objective, best, run.history);
  while (regret.length < BUDGET) regret.push(regret.at(-1) ?? null);
  const tolerance = TOLERANCE[kindOf(run.objective)];
  const k = regret.findIndex((r) => r !== null && r <= tolerance);
  const reachedAt = k < 0 || k >= run.history.length ? null : k + 1;
  const seconds = (n: number) => sum(run.history.slice(0, n).map((e) => e.result?.encodeSeconds ?? 0));
  return {
    ...run,
    regret,
    reachedAt,
    secondsToReach: reachedAt === null ? null : seconds(reachedAt),
    seconds: seconds(run.history.length),
  };
}

const unit = (kind: 'budget' | 'target') => (kind === 'budget' ? 'dB' : '%');
const fmtRegret = (v: number | null, kind: 'budget' | 'target') => (v === null ? 'none' : kind === 'budget' ? v.toFixed(2) : `${v.toFixed(1)}%`);
const fmtMean = (xs: readonly (number | null)[], digits: number, suffix = '') => {
  const found = xs.filter((x): x is number => x !== null);
  const none = xs.length - found.length;
  return `${found.length ? `${mean(found).toFixed(digits)}${suffix}` : '-'}${none ? ` (${none} none)` : ''}`;
};

describe('learning across campaigns', () => {
  it(`campaigns on the judge clips, with the memory of the campaigns before them and without`, async () => {
    const started = performance.now();
    const judges = RD_CLIPS.filter((c) => c.role === 'judge');
    expect(judges.every((c) => !PRIORS.clips.includes(c.id)), 'a judge clip tuned the priors').toBe(true);

    for (const clip of judges) {
      const world = await RdWorld.open(clip);
      worlds.set(clip.id, world);
      const description = await world.describe();
      if (!description.features) throw new Error(`the runner described ${clip.id} without content features: memory could find nothing similar to it`);
      descriptions.set(clip.id, description);
    }
    console.log(`\ndefault priors fitted on ${PRIORS.clips.join(', ')}; campaigns on ${judges.map((c) => c.id).join(', ')}; ${BUDGET} experiments each; ${MEMORY_PER_CELL} records per cell read`);
    console.log('\nthe sources as the runner described them:');
    console.log(
      table(
        ['clip', 'size', 'fps', 'SI', 'TI', 'noise', 'cuts', 'cell', ...judges.map((c) => `sim ${c.id}`)],
        judges.map((clip) => {
          const d = descriptions.get(clip.id)!;
          const f = d.features!;
          return [
            clip.id,
            `${d.width}x${d.height}`,
            d.fps.toFixed(2),
            f.spatialInfo.mean.toFixed(1),
            f.temporalInfo.mean.toFixed(2),
            f.noise.toFixed(2),
            String(f.sceneCutCount),
            cellKey(memoryCell(d)),
            ...judges.map((other) => similarity(d, descriptions.get(other.id)!).toFixed(4)),
          ];
        }),
      ),
    );

    const orders = permutations(judges);
    const runs: CampaignRun[] = [];
    for (const [o, order] of orders.entries()) {
      const store = createStore({ endpoint: dynamo.endpoint, region: 'local', tableName: `learning-${o + 1}` });
      try {
        expect(await store.ensureTable()).toBe('created');
        let position = 0;
        for (const clip of order) {
          for (const objective of objectivesOf(clip)) {
            position++;
            const createdAt = new Date(Date.UTC(2026, 0, 1 + o, 0, position)).toISOString();
            const base = { order: o + 1, position, clip, objective };
            runs.push(await campaign(store, base, createdAt));
            runs.push(await campaign(undefined, base, createdAt));
          }
        }
      } finally {
        store.close();
      }
    }
    const scored = runs.map(score);
    const of = (arm: ArmName) => scored.filter((r) => r.arm === arm);
    const pair = (r: Scored) => scored.find((s) => s.arm === 'empty' && s.order === r.order && s.position === r.position)!;

    // Every campaign, both arms.
    console.log(`\nevery campaign (reached: the answer within ${TOLERANCE.budget} dB PSNR of the grid's best for a budget, within ${TOLERANCE.target}% of its bitrate for a target; regret in dB under it or % over it)`);
    console.log(
      table(
        ['order', 'pos', 'clip', 'objective', 'read', 'learned from (similarity)', ...ARMS.flatMap((a) => [`${a}: ran`, 'reached', 'enc-s', ...REGRET_AT.map((n) => `r@${n}`)]), 'same as empty'],
        of('memory').map((m) => {
          const e = pair(m);
          const kind = kindOf(m.objective);
          const similar = m.read!.knowledge.similar.map((s) => `${s.label.replace(/\.mkv$/, '')}/${s.campaignId.split('-')[3]} ${s.similarity.toFixed(2)}`).join(', ');
          const cells = (r: Scored) => [
            String(r.history.length),
            r.reachedAt === null ? 'not reached' : String(r.reachedAt),
            r.secondsToReach === null ? '-' : r.secondsToReach.toFixed(1),
            ...REGRET_AT.map((n) => fmtRegret(r.regret[n - 1] ?? null, kind)),
          ];
          return [String(m.order), String(m.position), m.clip.id, kind, String(m.read!.records), similar || '-', ...cells(m), ...cells(e), sequenceOf(m.history) === sequenceOf(e.history) ? 'yes' : 'no'];
        }),
      ),
    );

    // Per position and overall, each arm.
    const positions = [...new Set(scored.map((r) => r.position))].sort((a, b) => a - b);
    const what = (p: number) => `${['first', 'second', 'third'][Math.floor((p - 1) / 2)]} clip, ${p % 2 === 1 ? 'budget' : 'target'}`;
    const armRows = (arm: ArmName) => {
      const rows = positions.map((p) => {
        const rs = of(arm).filter((r) => r.position === p);
        const kind = kindOf(rs[0]!.objective);
        const reached = rs.filter((r) => r.reachedAt !== null);
        return [
          `${p} (${what(p)})`,
          `${reached.length}/${rs.length}`,
          fmtMean(reached.map((r) => r.reachedAt), 2),
          fmtMean(reached.map((r) => r.secondsToReach), 1),
          ...REGRET_AT.map((n) => fmtMean(rs.map((r) => r.regret[n - 1] ?? null), kind === 'budget' ? 2 : 1, unit(kind) === '%' ? '%' : '')),
        ];
      });
      for (const kind of ['budget', 'target'] as const) {
        const rs = of(arm).filter((r) => kindOf(r.objective) === kind);
        const reached = rs.filter((r) => r.reachedAt !== null);
        rows.push([
          `all ${kind}s`,
          `${reached.length}/${rs.length}`,
          fmtMean(reached.map((r) => r.reachedAt), 2),
          fmtMean(reached.map((r) => r.secondsToReach), 1),
          ...REGRET_AT.map((n) => fmtMean(rs.map((r) => r.regret[n - 1] ?? null), kind === 'budget' ? 2 : 1, kind === 'target' ? '%' : '')),
        ]);
      }
      const reached = of(arm).filter((r) => r.reachedAt !== null);
      rows.push([`all`, `${reached.length}/${of(arm).length}`, fmtMean(reached.map((r) => r.reachedAt), 2), fmtMean(reached.map((r) => r.secondsToReach), 1), ...REGRET_AT.map(() => '')]);
      return rows;
    };
    for (const arm of ARMS) {
      console.log(`\n${arm === 'memory' ? 'memory: each campaign starts from the store holding the campaigns before it in its order' : 'empty: the same campaigns on an empty store (the default priors)'}; means over the 6 orders (experiments and encode-s to reach: over the campaigns that reached)`);
      console.log(table(['position', 'reached', 'experiments to reach', 'encode-s to reach', ...REGRET_AT.map((n) => `regret after ${n}`)], armRows(arm)));
    }

    // memory / empty, over the campaigns both arms reached.
    const ratioRow = (label: string, ms: readonly Scored[]) => {
      const both = ms.filter((m) => m.reachedAt !== null && pair(m).reachedAt !== null);
      const es = both.map(pair);
      const faster = ms.filter((m) => (m.reachedAt ?? BUDGET + 1) < (pair(m).reachedAt ?? BUDGET + 1)).length;
      const slower = ms.filter((m) => (m.reachedAt ?? BUDGET + 1) > (pair(m).reachedAt ?? BUDGET + 1)).length;
      return [
        label,
        `${ms.filter((m) => m.reachedAt !== null).length}/${ms.length}`,
        `${ms.map(pair).filter((e) => e.reachedAt !== null).length}/${ms.length}`,
        String(both.length),
        both.length ? ratio(sum(both.map((m) => m.reachedAt!)) / sum(es.map((e) => e.reachedAt!))) : '-',
        both.length ? ratio(sum(both.map((m) => m.secondsToReach!)) / sum(es.map((e) => e.secondsToReach!))) : '-',
        `${faster}/${ms.length - faster - slower}/${slower}`,
      ];
    };
    const memory = of('memory');
    console.log('\nmemory / empty (ratios of sums over the campaigns both arms reached; fewer/same/more experiments to reach, a campaign not reached counting as budget + 1)');
    console.log(
      table(
        ['position', 'memory reached', 'empty reached', 'both', 'experiments ratio', 'encode-s ratio', 'fewer/same/more'],
        [
          ...positions.map((p) => ratioRow(`${p} (${what(p)})`, memory.filter((m) => m.position === p))),
          ratioRow('all budgets', memory.filter((m) => kindOf(m.objective) === 'budget')),
          ratioRow('all targets', memory.filter((m) => kindOf(m.objective) === 'target')),
          ratioRow('positions 2-6', memory.filter((m) => m.position > 1)),
          ratioRow('all', memory),
        ],
      ),
    );

    const stopped = scored.filter((r) => r.stopReason && r.order === 1);
    if (stopped.length) console.log(`\nstopped before the budget (order 1; the others the same): ${stopped.map((r) => `${r.arm} ${r.clip.id} ${kindOf(r.objective)} after ${r.history.length}: ${r.stopReason}`).join('; ')}`);
    const fromOthers = memory.filter((m) => m.read!.knowledge.similar.some((s) => !s.label.startsWith(`${m.clip.id}.`)));
    console.log(`memory campaigns that learned from another source (similarity >= the minimum): ${fromOthers.length} of ${memory.length}`);

    // Sanity: the first campaign of every order remembered nothing, so both arms ran the same campaign.
    const firsts = memory.filter((m) => m.position === 1);
    const identical = firsts.filter((m) => m.read!.records === 0 && sequenceOf(m.history) === sequenceOf(pair(m).history));
    console.log(`sanity: first campaign of each order read ${firsts.map((m) => m.read!.records).join(', ')} records; memory and empty arms ran identical experiments in ${identical.length} of ${firsts.length}`);
    const empties = of('empty');
    const deterministic = empties.every((e) => empties.filter((x) => x.clip.id === e.clip.id && x.objective.kind === e.objective.kind).every((x) => sequenceOf(x.history) === sequenceOf(e.history)));
    console.log(`empty arm: the same experiments for a clip and objective in every order: ${deterministic ? 'yes' : 'no'}`);
    for (const clip of judges) {
      for (const objective of objectivesOf(clip)) {
        const best = gridBest(worlds.get(clip.id)!.points(), objective);
        console.log(`grid best, ${clip.id} ${describeObjective(objective)}: ${describeConfig(best.config)} ${objective.kind === 'bitrate-at-quality' ? `${(best.bitrateBps / 1e6).toFixed(4)} Mbps (VMAF ${best.vmaf.toFixed(2)})` : `${best.psnr.toFixed(3)} dB`}`);
      }
    }
    console.log(`ran in ${((performance.now() - started) / 1000).toFixed(0)} s`);

    expect(of('memory')).toHaveLength(orders.length * 2 * judges.length);
    expect(of('empty')).toHaveLength(orders.length * 2 * judges.length);
    expect(identical).toHaveLength(firsts.length);
  });
});
