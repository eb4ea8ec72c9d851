import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUALITY_METRICS, SourceMemorySchema, type MemoryPoint, type ProbePair, type SourceDescription, type SourceMemory } from '@codec-lab/domain';
import { cellKey, labKnowledge, LEARN_FROM, memoryCell, MIN_SIMILARITY, nearbyCells, PRIORS, seededRandom, similarity } from '@codec-lab/planner';
import { createStore, type Store } from '@codec-lab/store';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '@codec-lab/store/embedded';
import { MEMORY_PER_CELL } from '../apps/orchestrator/src/campaigns/lab-memory.ts';
import { load, machine, median, ratio, table } from './support/report.ts';

// What a campaign start reads from the lab's memory as the memory grows to 100,000 experiments.
// The store (dynalite, in this process, one machine) is seeded through the real repository
// (store.memory.record) with generated memory records: campaigns of 50 measured points each, on
// sources spread over the feature space by a seeded PRNG, with rate and quality made up from the
// default priors' tracks plus noise. Generated, not measured: this benchmarks the read path's
// bounds, not what the lab learns (bench/learning.bench.test.ts does that on real encodes). After
// each step a few new sources start a campaign exactly as the orchestrator does
// (apps/orchestrator/src/campaigns/lab-memory.ts: store.memory.read of the cells near the source,
// MEMORY_PER_CELL records each, then labKnowledge), timed and measured against the smallest store,
// measured in the same run.
//   npx vitest run --project bench bench/memory-bound.bench.test.ts --reporter=default

const POINTS_PER_CAMPAIGN = 50;
/** Campaigns in the store after each step: 1,000, 10,000 and 100,000 experiments. */
const STEPS = (process.env['BENCH_MEMORY_CAMPAIGNS'] ?? '20,200,2000').split(',').map(Number);
const READS_PER_SOURCE = Number(process.env['BENCH_REPS'] ?? 5);
const IN_FLIGHT = 16;
/** DynamoDB returns at most 1 MB per Query page. */
const PAGE_BYTES = 1024 * 1024;

const RESOLUTIONS = [
  [320, 180],
  [426, 240],
  [640, 360],
  [854, 480],
  [960, 540],
  [1280, 720],
  [1920, 1080],
  [2560, 1440],
  [3840, 2160],
] as const;
const FRAME_RATES = [
  ['24000/1001', 24000 / 1001],
  ['24/1', 24],
  ['25/1', 25],
  ['30000/1001', 30000 / 1001],
  ['30/1', 30],
  ['50/1', 50],
  ['60/1', 60],
] as const;

type Rng = () => number;
const pick = <T,>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const logUniform = (rng: Rng, min: number, max: number) => Math.exp(Math.log(min) + rng() * (Math.log(max) - Math.log(min)));
const normal = (rng: Rng) => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
const round = (x: number, digits = 4) => Number(x.toFixed(digits));

/** A source a runner could have described: size, rate and length, SI 20-150, TI 1-60, noise 0.3-8 (log-uniform). */
function sourceDescription(rng: Rng, fixed: { width?: number; height?: number; ti?: number } = {}): SourceDescription {
  const [width, height] = fixed.width && fixed.height ? [fixed.width, fixed.height] : pick(rng, RESOLUTIONS);
  const [frameRate, fps] = pick(rng, FRAME_RATES);
  const seconds = round(logUniform(rng, 5, 600), 3);
  const frames = Math.max(1, Math.round(seconds * fps));
  const ti = fixed.ti ?? logUniform(rng, 1, 60);
  const si = logUniform(rng, 20, 150);
  const analysed = Math.min(frames, 1000);
  const cuts = Math.floor(rng() * rng() * (analysed / fps / 60) * 30);
  return {
    width,
    height,
    frameRate,
    fps,
    frames,
    durationSeconds: round(frames / fps, 3),
    pixelFormat: 'yuv420p',
    bitDepth: 8,
    colorRange: 'limited',
    audio: rng() < 0.5,
    codec: pick(rng, ['h264', 'hevc', 'prores', 'ffv1']),
    features: {
      spatialInfo: { mean: round(si), max: round(si * (1 + rng() * 0.3)) },
      temporalInfo: { mean: round(ti), max: round(ti * (1 + rng() * 2)) },
      noise: round(logUniform(rng, 0.3, 8)),
      sceneCuts: Array.from({ length: cuts }, () => round(rng() * (analysed / fps), 3)).sort((a, b) => a - b),
      sceneCutCount: cuts,
      analysedFrames: analysed,
      analysisScale: Math.min(640, width),
    },
  };
}

/**
 * A campaign's memory record: 50 points over the default priors' tracks around their equivalent
 * CRF (the reference first), rate from the source's pixels, motion, texture and noise, quality and
 * encode time from the track's prior, each with noise; the last points measured on probes too, as
 * probe/full pairs.
 */
function memoryRecord(rng: Rng, index: number, createdAt: string): SourceMemory {
  const description = sourceDescription(rng);
  const f = description.features!;
  const pixels = description.width * description.height;
  const ref = PRIORS.reference;
  const lnRef = Math.log(pixels * description.fps * 0.06 * (f.spatialInfo.mean / 50) ** 0.8 * (f.temporalInfo.mean / 10) ** 0.5 * f.noise ** 0.3);
  const refSeconds = (pixels * Math.min(description.frames, 600)) / 4e7;
  const tracks = [...PRIORS.tracks].sort((a, b) => Number(b.encoder === ref.encoder && b.preset === ref.preset) - Number(a.encoder === ref.encoder && a.preset === ref.preset));
  const points: MemoryPoint[] = [];
  for (let i = 0; points.length < POINTS_PER_CAMPAIGN; i++) {
    const track = tracks[i % tracks.length]!;
    const isRef = track.encoder === ref.encoder && track.preset === ref.preset;
    const crf = Math.round((isRef ? ref.crf : track.equivalentCrf.mean + normal(rng) * track.equivalentCrf.sd) + (Math.floor(i / tracks.length) - 2) * 3);
    const lnRate = lnRef + track.rateSlope.mean * (crf - (isRef ? ref.crf : track.equivalentCrf.mean)) + normal(rng) * 0.05;
    const gain = (m: (typeof QUALITY_METRICS)[number]) => (isRef ? 0 : track.gain[m].mean + normal(rng) * track.gain[m].sd);
    const rel = lnRate - lnRef;
    points.push({
      encoder: track.encoder,
      preset: track.preset,
      crf,
      bitrateBps: Math.round(Math.exp(lnRate)),
      psnr: round(38 + gain('psnr') + track.qualitySlope.psnr.mean * rel + normal(rng) * 0.2),
      ssim: round(Math.min(0.9999, 0.95 + gain('ssim') + track.qualitySlope.ssim.mean * rel), 6),
      vmaf: round(Math.min(100, Math.max(0, 88 + gain('vmaf') + track.qualitySlope.vmaf.mean * rel + normal(rng) * 0.5))),
      encodeSeconds: round(refSeconds * Math.exp((isRef ? 0 : track.logCost.mean) + normal(rng) * 0.1), 3),
    });
  }
  const probePairs: ProbePair[] = points.slice(0, 4).map((p) => {
    const ratio = Math.exp(0.05 + normal(rng) * 0.05);
    const probe = { ...p, bitrateBps: Math.round(p.bitrateBps * ratio), psnr: round(p.psnr - 0.2 + normal(rng) * 0.1), probe: true };
    points.push(probe);
    return { encoder: p.encoder, preset: p.preset, crf: p.crf, probeBitrateBps: probe.bitrateBps, fullBitrateBps: p.bitrateBps, psnrDelta: round(p.psnr - probe.psnr), ssimDelta: 0, vmafDelta: 0 };
  });
  // 50 experiments in all: 46 full-length, 4 of which were also measured on probes.
  points.splice(POINTS_PER_CAMPAIGN - 4, 4);
  return SourceMemorySchema.parse({
    campaignId: `seeded-${String(index).padStart(5, '0')}`,
    createdAt,
    label: `generated ${description.width}x${description.height} source ${index}`,
    description,
    points,
    probePairs,
  });
}

/** The new sources whose campaign starts are measured: the middle of the space and its corners. */
const QUERY_SOURCES = [
  { name: '1280x720, TI 8 (9 cells)', width: 1280, height: 720, ti: 8 },
  { name: '854x480, TI 10 (9 cells)', width: 854, height: 480, ti: 10 },
  { name: '1920x1080, TI 25 (6 cells)', width: 1920, height: 1080, ti: 25 },
  { name: '320x180, TI 2 (4 cells)', width: 320, height: 180, ti: 2 },
  { name: '3840x2160, TI 40 (4 cells)', width: 3840, height: 2160, ti: 40 },
] as const;

let dynamo: EmbeddedDynamo;
let store: Store;

beforeAll(async () => {
  dynamo = await startEmbeddedDynamo({});
  store = createStore({ endpoint: dynamo.endpoint, region: 'local', tableName: 'memory-bound' });
  await store.ensureTable();
});

afterAll(async () => {
  store?.close();
  await dynamo?.close();
});

interface StepFigures {
  readonly campaigns: number;
  readonly seedSeconds: number;
  readonly rows: {
    readonly source: string;
    readonly cells: number;
    readonly inCells: number;
    readonly records: number;
    readonly roundTrips: number;
    readonly bytes: number;
    readonly readMs: number;
    readonly learnMs: number;
    readonly learnedFrom: number;
  }[];
}

describe('the lab memory read as the store grows', () => {
  it(`reads at most ${MEMORY_PER_CELL} records from each of at most 9 cells`, async () => {
    const started = performance.now();
    const rng = seededRandom(20261202);
    const perCell = new Map<string, number>();
    let maxRecordBytes = 0;
    let seeded = 0;
    const steps: StepFigures[] = [];
    console.log(`\n${machine()}; load ${load()}; dynalite in this process; ${POINTS_PER_CAMPAIGN} generated points per campaign; ${READS_PER_SOURCE} reads per source and step`);

    for (const campaigns of STEPS) {
      // Seed up to `campaigns` records, IN_FLIGHT puts at a time, each through store.memory.record.
      const seedStart = performance.now();
      const pending: { cell: string; memory: SourceMemory }[] = [];
      for (; seeded + pending.length < campaigns; ) {
        const index = seeded + pending.length;
        const memory = memoryRecord(rng, index, new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString());
        pending.push({ cell: cellKey(memoryCell(memory.description)), memory });
      }
      for (let i = 0; i < pending.length; i += IN_FLIGHT) {
        await Promise.all(pending.slice(i, i + IN_FLIGHT).map(({ cell, memory }) => store.memory.record(cell, memory)));
      }
      for (const { cell, memory } of pending) {
        perCell.set(cell, (perCell.get(cell) ?? 0) + 1);
        maxRecordBytes = Math.max(maxRecordBytes, Buffer.byteLength(JSON.stringify(memory)));
      }
      seeded += pending.length;
      const seedSeconds = (performance.now() - seedStart) / 1000;

      const rows: StepFigures['rows'][number][] = [];
      const queryRng = seededRandom(7);
      for (const [q, query] of QUERY_SOURCES.entries()) {
        const description = sourceDescription(queryRng, query);
        const cells = nearbyCells(description).map(cellKey);
        const reads: { ms: number; learnMs: number; records: number; roundTrips: number; bytes: number; learnedFrom: number }[] = [];
        for (let r = 0; r < READS_PER_SOURCE; r++) {
          // The campaign start, as ensureKnowledge does it.
          const t0 = performance.now();
          const read = await store.memory.read(cells, MEMORY_PER_CELL);
          const t1 = performance.now();
          const knowledge = labKnowledge({ description, memories: read.memories, campaignId: `new-${q}`, now: new Date().toISOString() });
          const t2 = performance.now();
          expect(read.skipped).toBe(0);
          expect(knowledge.recordsRead).toBe(read.memories.length);
          const learnedFrom = Math.min(LEARN_FROM, read.memories.filter((m) => similarity(description, m.description) >= MIN_SIMILARITY).length);
          reads.push({ ms: t1 - t0, learnMs: t2 - t1, records: read.memories.length, roundTrips: read.roundTrips, bytes: read.bytes, learnedFrom });
        }
        const first = reads[0]!;
        const inCells = cells.reduce((a, c) => a + (perCell.get(c) ?? 0), 0);
        // The design's bounds: a Query per cell, MEMORY_PER_CELL records each, pages of at most 1 MB.
        const pages = Math.max(1, Math.ceil((MEMORY_PER_CELL * maxRecordBytes) / PAGE_BYTES));
        for (const read of reads) {
          expect(read.roundTrips).toBeLessThanOrEqual(cells.length * pages);
          expect(read.records).toBeLessThanOrEqual(cells.length * MEMORY_PER_CELL);
          expect(read.records).toBeLessThanOrEqual(9 * MEMORY_PER_CELL);
        }
        expect(cells.length).toBeLessThanOrEqual(9);
        rows.push({
          source: query.name,
          cells: cells.length,
          inCells,
          records: first.records,
          roundTrips: first.roundTrips,
          bytes: first.bytes,
          readMs: median(reads.map((r) => r.ms)),
          learnMs: median(reads.map((r) => r.learnMs)),
          learnedFrom: first.learnedFrom,
        });
      }
      steps.push({ campaigns, seedSeconds, rows });
      console.log(`\n${(campaigns * POINTS_PER_CAMPAIGN).toLocaleString('en-US')} experiments (${campaigns} campaigns, ${perCell.size} cells used) seeded in ${seedSeconds.toFixed(1)} s; largest record ${(maxRecordBytes / 1024).toFixed(1)} KiB`);
      console.log(
        table(
          ['new source', 'cells', 'records in those cells', 'records read', 'round trips', 'KiB held', 'read ms', 'learn ms', 'learned from'],
          rows.map((r) => [r.source, String(r.cells), String(r.inCells), String(r.records), String(r.roundTrips), (r.bytes / 1024).toFixed(0), r.readMs.toFixed(1), r.learnMs.toFixed(1), String(r.learnedFrom)]),
        ),
      );
    }

    // Every step against the smallest store, measured in this run.
    const base = steps[0]!;
    const total = (s: StepFigures, key: 'inCells' | 'records' | 'roundTrips' | 'bytes' | 'readMs' | 'learnMs') => s.rows.reduce((a, r) => a + r[key], 0);
    console.log(`\na campaign start, summed over the ${QUERY_SOURCES.length} new sources (read ms and learn ms: sums of per-source medians); ratio: against the ${(base.campaigns * POINTS_PER_CAMPAIGN).toLocaleString('en-US')}-experiment store`);
    console.log(
      table(
        ['experiments in store', 'records in store', 'in nearby cells', 'records read', 'ratio', 'round trips', 'ratio', 'KiB held', 'ratio', 'read ms', 'ratio', 'learn ms', 'ratio'],
        steps.map((s) => [
          (s.campaigns * POINTS_PER_CAMPAIGN).toLocaleString('en-US'),
          String(s.campaigns),
          String(total(s, 'inCells')),
          String(total(s, 'records')),
          ratio(total(s, 'records') / total(base, 'records')),
          String(total(s, 'roundTrips')),
          ratio(total(s, 'roundTrips') / total(base, 'roundTrips')),
          (total(s, 'bytes') / 1024).toFixed(0),
          ratio(total(s, 'bytes') / total(base, 'bytes')),
          total(s, 'readMs').toFixed(1),
          ratio(total(s, 'readMs') / total(base, 'readMs')),
          total(s, 'learnMs').toFixed(1),
          ratio(total(s, 'learnMs') / total(base, 'learnMs')),
        ]),
      ),
    );
    console.log(`bound: ${QUERY_SOURCES.reduce((a, q) => a + nearbyCells(sourceDescription(seededRandom(1), q)).length, 0)} cells x ${MEMORY_PER_CELL} = ${QUERY_SOURCES.reduce((a, q) => a + nearbyCells(sourceDescription(seededRandom(1), q)).length, 0) * MEMORY_PER_CELL} records at most for these sources; ran in ${((performance.now() - started) / 1000).toFixed(0)} s; load ${load()}`);
    expect(steps).toHaveLength(STEPS.length);
  });
});
