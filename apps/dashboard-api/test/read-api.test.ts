import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASELINE_CONFIG, configHash, experimentId, type Campaign, type Experiment } from '@codec-lab/domain';
import { createReadStore, createStore, type ReadStore, type Store } from '@codec-lab/store';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '@codec-lab/store/embedded';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { campaign as seededCampaign, result } from './seed.ts';

// dashboard-api's routes against dynalite, seeded through the orchestrator's store.

let dynamo: EmbeddedDynamo;
let writer: Store;
let reader: ReadStore;
let app: FastifyInstance;
const ID = '11111111-2222-4333-8444-555555555555';


beforeAll(async () => {
  dynamo = await startEmbeddedDynamo({});
  const options = { endpoint: dynamo.endpoint, region: 'local', tableName: 'dash' };
  writer = createStore(options);
  await writer.ensureTable();
  reader = createReadStore(options);
  const at = '2026-02-01T00:00:00.000Z';
  const campaign = seededCampaign(ID, at, { maxExperiments: 3, experimentsDone: 3, version: 3 });
  await writer.campaigns.create(campaign);
  const measured = [result(200_000, 40), result(95_000, 36), result(120_000, 37)];
  for (const [i, r] of measured.entries()) {
    const config = { ...BASELINE_CONFIG, rateControl: { mode: 'crf' as const, crf: 23 + i * 3 } };
    const experiment: Experiment = {
      campaignId: ID,
      seq: i + 1,
      id: experimentId(ID, i + 1),
      arm: 'analyst',
      status: 'succeeded',
      config,
      configHash: configHash(config),
      proposal: { hypothesis: `h${i}`, rationale: 'r', config, origin: i === 0 ? 'baseline' : 'planner', validationErrors: [] },
      result: r,
      attempts: 1,
      createdAt: `2026-02-01T00:00:0${i + 1}.000Z`,
    };
    await writer.experiments.insert(experiment);
  }
  app = buildApp({ store: reader, registry: new Registry(), logger: pino({ level: 'silent' }) });
});

afterAll(async () => {
  await app.close();
  reader.close();
  writer.close();
  await dynamo.close();
});

describe('dashboard-api', () => {
  it('lists experiments newest first, pages with a continuation token, and filters by campaign', async () => {
    const first = (await app.inject({ url: '/v1/experiments?limit=2' })).json<{ items: Experiment[]; nextCursor: string }>();
    expect(first.items.map((e) => e.seq)).toEqual([3, 2]);
    const rest = (await app.inject({ url: `/v1/experiments?limit=2&cursor=${first.nextCursor}` })).json<{ items: Experiment[] }>();
    expect(rest.items.map((e) => e.seq)).toEqual([1]);
    const filtered = (await app.inject({ url: `/v1/experiments?campaignId=${ID}` })).json<{ items: Experiment[] }>();
    expect(filtered.items.map((e) => e.seq)).toEqual([3, 2, 1]);
  });

  it('draws the trend with the best experiment so far at each point', async () => {
    const trend = (await app.inject({ url: `/v1/campaigns/${ID}/trend` })).json<{ targetBitrateBps: number; points: { seq: number; bitrateBps: number; bestSeq: number | null }[] }>();
    expect(trend.targetBitrateBps).toBe(100_000);
    // The best so far meets the 100 kbps objective; the 200 kbps baseline is not one.
    expect(trend.points.map((p) => [p.seq, p.bitrateBps, p.bestSeq])).toEqual([
      [1, 200_000, null],
      [2, 95_000, 2],
      [3, 120_000, 2],
    ]);
  });

  it('answers bad parameters with 400 and unknown campaigns with 404', async () => {
    const badCursor = await app.inject({ url: '/v1/experiments?cursor=garbage' });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().error.code).toBe('ERR_INVALID_CURSOR');
    const badLimit = await app.inject({ url: '/v1/experiments?limit=100000' });
    expect(badLimit.statusCode).toBe(400);
    expect(badLimit.json().error.issues[0]).toMatch(/^limit: /);
    expect((await app.inject({ url: '/v1/experiments?campaignId=../x' })).statusCode).toBe(400);
    expect((await app.inject({ url: '/v1/campaigns/00000000-0000-4000-8000-000000000000/trend' })).statusCode).toBe(404);
  });

  it('is read-only: it has no route that writes and its store has no write methods', async () => {
    expect((await app.inject({ method: 'POST', url: '/v1/campaigns', payload: {} })).statusCode).toBe(404);
    expect('insert' in reader.experiments || 'create' in reader.campaigns || 'update' in reader.campaigns).toBe(false);
  });
});

describe('the API document', () => {
  it('serves an OpenAPI document with every read route and the schema of its answer, and a docs page', async () => {
    const spec = (await app.inject({ url: '/docs/json' })).json<{ openapi: string; paths: Record<string, { get: { responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }> } }> }>();
    expect(spec.openapi).toMatch(/^3\./);
    const routes = ['/v1/experiments', '/v1/campaigns', '/v1/campaigns/{id}', '/v1/campaigns/{id}/trend', '/v1/campaigns/{id}/pareto', '/v1/campaigns/{id}/leaderboard', '/v1/leaderboard', '/v1/blog', '/v1/blog/{id}', '/v1/experiments/{id}/frames'];
    const stills = ['/v1/experiments/{id}/frames/{frame}/source.png', '/v1/experiments/{id}/frames/{frame}/artifact.png', '/v1/experiments/{id}/artifact'];
    expect(Object.keys(spec.paths).sort()).toEqual([...routes, ...stills].sort());
    const answer = (path: string) => spec.paths[path]!.get.responses['200']?.content?.['application/json']?.schema.properties ?? {};
    for (const path of routes) expect(Object.keys(answer(path)).length, path).toBeGreaterThan(0);
    // The campaign with its summary nested, the shape the orchestrator answers too.
    expect(Object.keys(answer('/v1/campaigns/{id}'))).toEqual(expect.arrayContaining(['id', 'status', 'sourceDescription', 'summary', 'objectiveText']));
    expect(JSON.stringify(spec.paths['/v1/campaigns/{id}'])).toContain('`closest` names the experiment nearest the target');
    expect(JSON.stringify(spec.paths['/v1/campaigns/{id}'])).toContain('`summary.pareto`: the front of the experiments that meet it, its hypervolume and the reference corner');
    expect(Object.keys(answer('/v1/experiments'))).toEqual(['items', 'nextCursor']);
    const docs = await app.inject({ url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });
});

describe('answers checked against their schemas', () => {
  // A store whose campaign carries a field no schema names: the answer must fail, not drift.
  const stray = { id: ID, stray: true } as unknown as Campaign;
  const drifting = {
    campaigns: {
      get: async () => ({ ...(await reader.campaigns.get(ID)), stray: true }),
      list: async () => ({ items: [stray] }),
    },
    experiments: { listByCampaign: async () => [] },
    close: () => {},
  } as unknown as ReadStore;

  it('fails a read whose answer does not match its schema with a 500, and caches nothing of it', async () => {
    const strict = buildApp({ store: drifting, registry: new Registry(), logger: pino({ level: 'silent' }), responseCacheMs: 60_000 });
    try {
      for (const url of [`/v1/campaigns/${ID}`, `/v1/campaigns/${ID}`, '/v1/campaigns']) {
        const response = await strict.inject({ url });
        expect(response.statusCode, url).toBe(500);
        expect(response.json().error.code).toBe('ERR_INTERNAL');
        expect(response.headers['cache-control']).toBeUndefined();
      }
    } finally {
      await strict.close();
    }
  });
});
