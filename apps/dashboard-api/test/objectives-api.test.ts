import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadStore, createStore, type ReadStore, type Store } from '@codec-lab/store';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '@codec-lab/store/embedded';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import type { CampaignDetail, CampaignPage, Leaderboard, LeaderboardPage, Trend } from '../src/responses.ts';
import { PARETO, PREDICTION, QUALITY_TARGET, seedObjectiveCampaigns } from './objective-seed.ts';

// The read API for a quality target with constraints and for a Pareto objective, against dynalite:
// the objective in words, the answer in its own terms, and per experiment how far it is from the
// target and why it misses.

let dynamo: EmbeddedDynamo;
let writer: Store;
let reader: ReadStore;
let app: FastifyInstance;

const get = async <T>(url: string) => {
  const response = await app.inject({ url });
  expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
  return response.json<T>();
};

beforeAll(async () => {
  dynamo = await startEmbeddedDynamo({});
  const options = { endpoint: dynamo.endpoint, region: 'local', tableName: 'objectives' };
  writer = createStore(options);
  await writer.ensureTable();
  reader = createReadStore(options);
  await seedObjectiveCampaigns(writer);
  app = buildApp({ store: reader, registry: new Registry(), logger: pino({ level: 'silent' }) });
});

afterAll(async () => {
  await app.close();
  reader.close();
  writer.close();
  await dynamo.close();
});

describe('a quality target with constraints', () => {
  it('states the objective in words and answers with the smallest bitrate that reaches the target', async () => {
    const detail = await get<CampaignDetail>(`/v1/campaigns/${QUALITY_TARGET}`);
    expect(detail.objectiveText).toBe('smallest bitrate with VMAF >= 90; encode >= 100 fps, encoders libx264');
    expect(detail.summary).toMatchObject({ metObjective: true, best: { seq: 2, bitrateBps: 120_000, vmaf: { mean: 91, model: 'vmaf_v0.6.1neg' } } });
    const listed = await get<CampaignPage>('/v1/campaigns');
    expect(Object.fromEntries(listed.items.map((c) => [c.id, c.objectiveText]))).toEqual({
      [QUALITY_TARGET]: 'smallest bitrate with VMAF >= 90; encode >= 100 fps, encoders libx264',
      [PARETO]: 'Pareto front of bitrate x PSNR x encode speed up to 0.3 Mbps',
    });
  });

  it('ranks the answers by bitrate, then the rest by distance, each with why it misses', async () => {
    const board = await get<Leaderboard>(`/v1/campaigns/${QUALITY_TARGET}/leaderboard`);
    expect(board.entries.map((e) => [e.seq, e.targetDistance, e.meetsObjective, e.violations])).toEqual([
      [2, '+1.00 VMAF vs the 90 target', true, []],
      [1, '+5.00 VMAF vs the 90 target', true, []],
      [5, '+1.50 VMAF vs the 90 target', false, ['encoded at 60.0 fps, under the 100 fps minimum']],
      [3, '-2.00 VMAF vs the 90 target', false, ['VMAF 88.00 is under the 90 target']],
      [4, '+2.00 VMAF vs the 90 target', false, ['libx265 is not an allowed encoder']],
    ]);
    // There is no target bitrate to draw.
    expect((await get<Trend>(`/v1/campaigns/${QUALITY_TARGET}/trend`)).targetBitrateBps).toBeNull();
    const leaders = await get<LeaderboardPage>('/v1/leaderboard');
    expect(leaders.items.find((i) => i.campaignId === QUALITY_TARGET)).toMatchObject({
      objectiveText: 'smallest bitrate with VMAF >= 90; encode >= 100 fps, encoders libx264',
      targetBitrateBps: null,
      best: { seq: 2 },
    });
  });

  it("keeps a proposal's prediction with the experiment it predicted", async () => {
    const { items } = await get<{ items: { seq: number; proposal: { prediction?: unknown } }[] }>(`/v1/experiments?campaignId=${QUALITY_TARGET}`);
    expect(items.find((e) => e.seq === 2)!.proposal.prediction).toEqual(PREDICTION);
    expect(items.find((e) => e.seq === 3)!.proposal.prediction).toBeUndefined();
  });
});

describe('a Pareto objective', () => {
  it('answers with the front of the experiments that meet it, its hypervolume and reference corner', async () => {
    const { summary } = await get<CampaignDetail>(`/v1/campaigns/${PARETO}`);
    expect(summary.pareto).toMatchObject({
      metric: 'psnr',
      front: [
        { seq: 2, bitrateMbps: 0.2, quality: 37, encodeFps: 300 },
        { seq: 3, bitrateMbps: 0.25, quality: 38, encodeFps: 100 },
      ],
      reference: { bitrateMbps: 0.3, quality: 20, encodeFps: 0 },
    });
    expect(summary.pareto!.hypervolume).toBeCloseTo(515, 6);
    // Over the front's upper end, the baseline misses the objective.
    const board = await get<Leaderboard>(`/v1/campaigns/${PARETO}/leaderboard`);
    expect(board.entries.find((e) => e.seq === 1)).toMatchObject({ meetsObjective: false, targetDistance: '+33.3% vs the 0.300 Mbps upper end', violations: ['+33.3% vs the 0.300 Mbps upper end'] });
    expect((await get<Trend>(`/v1/campaigns/${PARETO}/trend`)).targetBitrateBps).toBe(300_000);
  });
});
