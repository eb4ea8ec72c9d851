import { execFile, spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BASELINE_CONFIG, configHash, experimentId, ExperimentSchema, X26X_PRESETS, type Campaign, type Experiment, type CodecConfig } from '@codec-lab/domain';
import { budgetObjective, measuredResult } from '@codec-lab/domain/testing';
import { createReadStore, createStore, type ReadStore, type Store } from '@codec-lab/store';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../apps/dashboard-api/src/app.ts';
import { load, machine, table } from './support/report.ts';

// dashboard-api under load: 10,000 experiments in 100 campaigns in dynalite (its own process, as
// in `npm start`), the API in this process on loopback, autocannon in a third process. /healthz
// (no store access) is the ceiling of this machine and setup, measured in the same run.

const CAMPAIGNS = Number(process.env.BENCH_CAMPAIGNS ?? 100);
const PER_CAMPAIGN = 100;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const AIM = { rps: 2000, p99Ms: 50 };
const require = createRequire(import.meta.url);

let dynalite: ChildProcess;
let writer: Store;
let reader: ReadStore;
let app: FastifyInstance;
let cachedApp: FastifyInstance;
let base: string;
let cachedBase: string;
const CACHE_MS = 1000;

/** Starts dynalite in a child process and resolves its endpoint. */
async function startDynaliteProcess(): Promise<string> {
  const script = "const d=require('dynalite')({createTableMs:0});d.listen(0,'127.0.0.1',()=>console.log(d.address().port))";
  dynalite = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    dynalite.once('error', reject);
    dynalite.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
  });
  return `http://127.0.0.1:${port}`;
}

function benchCampaign(i: number): Campaign {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString();
  return {
    id: `bench0000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    status: 'succeeded',
    source: { kind: 'synthetic', generator: 'testsrc2', width: 320, height: 180, fps: 30, seconds: 2 },
    objective: budgetObjective(0.5),
    maxExperiments: PER_CAMPAIGN / 2,
    analyst: 'planner',
    controlArm: true,
    seed: i,
    batchSize: 1,
    vmaf: { model: 'vmaf_v0.6.1', subsample: 1 },
    createdAt: at,
    updatedAt: at,
    experimentsDone: PER_CAMPAIGN,
    version: 1,
  };
}

/** Experiment `seq` of a campaign: alternating arms, distinct configs, a plausible rate-quality curve. */
function benchExperiment(campaign: Campaign, seq: number): Experiment {
  const arm = seq > 1 && seq % 2 === 1 ? 'random' : 'analyst';
  const crf = 10 + Math.floor(seq / X26X_PRESETS.length);
  const config = { ...BASELINE_CONFIG, encoder: arm === 'random' ? 'libx265' : 'libx264', preset: X26X_PRESETS[seq % X26X_PRESETS.length]!, rateControl: { mode: 'crf', crf } } as CodecConfig;
  const bitrateBps = 2_000_000 / (1 + crf / 8) + seq * 97;
  const at = new Date(Date.parse(campaign.createdAt) + seq * 1000).toISOString();
  return {
    campaignId: campaign.id,
    seq,
    id: experimentId(campaign.id, seq),
    arm,
    status: 'succeeded',
    config,
    configHash: configHash(config),
    proposal: { hypothesis: `Try ${config.preset} at crf ${crf}.`, rationale: 'bench', config, origin: seq === 1 ? 'baseline' : arm === 'random' ? 'random' : 'planner', validationErrors: [] },
    result: measuredResult(bitrateBps, 50.5 - crf / 2, {
      durationSeconds: 2, width: 320, height: 180, frames: 60, bytes: Math.round(bitrateBps / 4),
      psnr: { y: 50 - crf / 2, u: 51 - crf / 2, v: 51 - crf / 2, avg: 50.5 - crf / 2 }, ssim: { y: 0.99, u: 0.99, v: 0.99, all: 0.99 - crf / 1000 },
      encodeSeconds: 0.5, encodeFps: 120, measureSeconds: 0.3, artifactUri: 'file:///tmp/bench.mp4', artifactSha256: 'c'.repeat(64), ffmpegVersion: '7.1',
    }),
    analysis: { summary: 'bench', rootCause: 'rate control', insights: ['bench'], nextStep: 'next', origin: 'planner' },
    attempts: 1,
    createdAt: at,
    startedAt: at,
    finishedAt: at,
  };
}

/** Seeds through the read-write store's public API (two conditional puts per experiment), 64 at a time. */
async function seed(): Promise<number> {
  const started = performance.now();
  const campaigns = Array.from({ length: CAMPAIGNS }, (_, i) => benchCampaign(i));
  await Promise.all(campaigns.map((c) => writer.campaigns.create(c)));
  const experiments = campaigns.flatMap((c) => Array.from({ length: PER_CAMPAIGN }, (_, i) => benchExperiment(c, i + 1)));
  for (let i = 0; i < experiments.length; i += 64) await Promise.all(experiments.slice(i, i + 64).map((e) => writer.experiments.insert(e)));
  return (performance.now() - started) / 1000;
}

interface Cannon { rps: number; p50: number; p99: number; non2xx: number; errors: number }

/** autocannon in its own process, so the load generator does not share the server's event loop. */
async function cannon(url: string): Promise<Cannon> {
  const bin = require.resolve('autocannon/autocannon.js');
  const { stdout } = await promisify(execFile)(process.execPath, [bin, '-j', '-c', String(CONNECTIONS), '-d', String(DURATION_S), url], { maxBuffer: 16 << 20 });
  const out = JSON.parse(stdout) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
  return { rps: out.requests.average, p50: out.latency.p50, p99: out.latency.p99, non2xx: out.non2xx, errors: out.errors };
}

beforeAll(async () => {
  const endpoint = await startDynaliteProcess();
  const options = { endpoint, region: 'local', tableName: 'bench' };
  writer = createStore(options);
  await writer.ensureTable();
  console.log(`seeded ${CAMPAIGNS * PER_CAMPAIGN} experiments in ${CAMPAIGNS} campaigns in ${(await seed()).toFixed(1)} s`);
  reader = createReadStore(options);
  // Silent logs: a request log line per request would measure the terminal, not the API.
  app = buildApp({ store: reader, registry: new Registry(), logger: pino({ level: 'silent' }) });
  cachedApp = buildApp({ store: reader, registry: new Registry(), logger: pino({ level: 'silent' }), responseCacheMs: CACHE_MS });
  base = await listen(app);
  cachedBase = await listen(cachedApp);
});

async function listen(server: FastifyInstance): Promise<string> {
  await server.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
}

/** Mean milliseconds of `fn` over `reps` sequential calls. */
async function timeMs(reps: number, fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  return (performance.now() - started) / reps;
}

afterAll(async () => {
  await app?.close();
  await cachedApp?.close();
  reader?.close();
  writer?.close();
  dynalite?.kill();
});

it('serves the dashboard reads at the aim (>= 2000 req/s, p99 < 50 ms) against the /healthz ceiling', async () => {
  const trendPath = `/v1/campaigns/${benchCampaign(CAMPAIGNS - 1).id}/trend`;
  // One request each first: a wrong answer would make the numbers meaningless.
  expect((await app.inject({ url: '/v1/experiments?limit=50' })).json().items).toHaveLength(50);
  expect((await app.inject({ url: trendPath })).json().points).toHaveLength(PER_CAMPAIGN);
  const rows: string[][] = [];
  const results: Record<string, Cannon> = {};
  const runs = [
    ['/healthz (ceiling)', base, '/healthz'],
    ['/v1/experiments?limit=50', base, '/v1/experiments?limit=50'],
    ['/v1/campaigns/:id/trend', base, trendPath],
    [`/v1/experiments?limit=50, cache ${CACHE_MS} ms`, cachedBase, '/v1/experiments?limit=50'],
    [`/v1/campaigns/:id/trend, cache ${CACHE_MS} ms`, cachedBase, trendPath],
  ] as const;
  for (const [name, host, path] of runs) {
    const r = await cannon(`${host}${path}`);
    results[name] = r;
    const verdict = name.includes('ceiling') ? '' : r.rps >= AIM.rps && r.p99 < AIM.p99Ms ? 'meets' : 'misses';
    rows.push([name, r.rps.toFixed(0), String(r.p50), String(r.p99), String(r.non2xx + r.errors), verdict]);
  }
  console.log(`\ndashboard-api load: ${CONNECTIONS} connections, ${DURATION_S} s each; ${machine()}; load ${load()}`);
  console.log(table(['endpoint', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx+err', `aim >= ${AIM.rps} req/s, p99 < ${AIM.p99Ms} ms`], rows));
  // Where one uncached read's time goes, one request at a time: the store call (dynalite's work,
  // the HTTP hop to it and the SDK), of which zod parsing of the rows, and the whole request.
  const id = benchCampaign(CAMPAIGNS - 1).id;
  const recent = (await reader.experiments.listRecent({ limit: 50 })).items;
  const campaignRows = await reader.experiments.listByCampaign(id);
  const profile = [
    ['/v1/experiments?limit=50', await timeMs(30, () => reader.experiments.listRecent({ limit: 50 })), await timeMs(30, async () => recent.map((e) => ExperimentSchema.parse(e))), await timeMs(30, () => app.inject({ url: '/v1/experiments?limit=50' }))],
    ['/v1/campaigns/:id/trend', await timeMs(30, () => Promise.all([reader.campaigns.get(id), reader.experiments.listByCampaign(id)])), await timeMs(30, async () => campaignRows.map((e) => ExperimentSchema.parse(e))), await timeMs(30, () => app.inject({ url: trendPath }))],
  ] as const;
  console.log(`\nOne request at a time, mean of 30 (ms):`);
  console.log(table(['endpoint', 'store call', 'of which zod parse', 'whole request (inject)'], profile.map(([name, ...ms]) => [name, ...ms.map((m) => m.toFixed(2))])));
  for (const r of Object.values(results)) expect(r.non2xx + r.errors).toBe(0);
  if (process.env.BENCH_ENFORCE === '1') {
    for (const [name, r] of Object.entries(results)) if (!name.includes('ceiling')) expect(r.rps >= AIM.rps && r.p99 < AIM.p99Ms, name).toBe(true);
  }
});
