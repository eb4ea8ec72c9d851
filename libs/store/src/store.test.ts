import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { BASELINE_CONFIG, configHash, experimentId, type Campaign, type Experiment, type Objective } from '@codec-lab/domain';
import { budgetObjective, campaignFixture } from '@codec-lab/domain/testing';
import { createDocumentClient } from './client.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from './embedded.ts';
import { ACTIVE_CAMPAIGNS, ALL_CAMPAIGNS, CAMPAIGN_SK, campaignPk, timeSortKey } from './keys.ts';
import { createReadStore, createStore, type Store } from './stores.ts';

let dynamo: EmbeddedDynamo;
let store: Store;

beforeAll(async () => {
  dynamo = await startEmbeddedDynamo({});
  store = createStore({ endpoint: dynamo.endpoint, region: 'local', tableName: 'test' });
  expect(await store.ensureTable()).toBe('created');
  expect(await store.ensureTable()).toBe('exists');
});

afterAll(async () => {
  store.close();
  await dynamo.close();
});

function campaign(id: string, createdAt: string): Campaign {
  return campaignFixture(id, createdAt, { status: 'queued', maxExperiments: 3, version: 0 });
}

function experiment(campaignId: string, seq: number, crf: number, second = seq): Experiment {
  const config = { ...BASELINE_CONFIG, rateControl: { mode: 'crf' as const, crf } };
  return {
    campaignId,
    seq,
    id: experimentId(campaignId, seq),
    arm: 'analyst',
    status: 'queued',
    config,
    configHash: configHash(config),
    proposal: { hypothesis: 'h', rationale: 'r', config, origin: 'planner', validationErrors: [] },
    attempts: 0,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
  };
}

describe('campaigns', () => {
  it('lists newest first with a continuation token and refuses a second create', async () => {
    await store.campaigns.create(campaign('a', '2026-01-01T00:00:00.000Z'));
    await store.campaigns.create(campaign('b', '2026-01-02T00:00:00.000Z'));
    await store.campaigns.create(campaign('c', '2026-01-03T00:00:00.000Z'));
    await expect(store.campaigns.create(campaign('a', '2026-01-04T00:00:00.000Z'))).rejects.toMatchObject({ code: 'ERR_CAMPAIGN_EXISTS' });

    const first = await store.campaigns.list(2);
    expect(first.items.map((c) => c.id)).toEqual(['c', 'b']);
    const second = await store.campaigns.list(2, first.nextCursor);
    expect(second.items.map((c) => c.id)).toEqual(['a']);
    await expect(store.campaigns.list(2, 'not-a-token')).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('updates only from the version it read, and leaves the active index when finished', async () => {
    const read = await store.campaigns.get('a');
    const running = await store.campaigns.update(read, { status: 'running' });
    await expect(store.campaigns.update(read, { status: 'cancelled' })).rejects.toMatchObject({ code: 'ERR_CAMPAIGN_CHANGED' });
    expect((await store.campaigns.listActive()).map((c) => c.id)).toContain('a');
    await store.campaigns.update(running, { status: 'succeeded', stopReason: 'budget spent' });
    expect((await store.campaigns.get('a')).status).toBe('succeeded');
    expect((await store.campaigns.listActive()).map((c) => c.id)).not.toContain('a');
    await expect(store.campaigns.transition('a', ['queued', 'running'], { status: 'cancelled' })).rejects.toMatchObject({
      code: 'ERR_CAMPAIGN_STATE',
    });
    await expect(store.campaigns.get('missing')).rejects.toMatchObject({ kind: 'not_found' });
  });
});

describe('objectives', () => {
  it('reads a campaign stored before objectives had kinds as the strict budget it was', async () => {
    // The row exactly as an older orchestrator wrote it: no kind, no tolerance, no constraints.
    const { client, doc } = createDocumentClient({ endpoint: dynamo.endpoint, region: 'local', tableName: 'test' });
    const { objective: _objective, ...rest } = campaign('old', '2025-06-01T00:00:00.000Z');
    const keys = { pk: campaignPk('old'), sk: CAMPAIGN_SK, entity: 'campaign', gsi1pk: ALL_CAMPAIGNS, gsi1sk: timeSortKey(rest.createdAt, 'old'), gsi2pk: ACTIVE_CAMPAIGNS, gsi2sk: timeSortKey(rest.createdAt, 'old') };
    await doc.send(new PutCommand({ TableName: 'test', Item: { ...keys, ...rest, objective: { targetBitrateMbps: 0.25, metric: 'vmaf', minQuality: 90 } } }));
    client.destroy();

    const expected = budgetObjective(0.25, 'vmaf', { minQuality: 90 });
    expect((await store.campaigns.get('old')).objective).toEqual(expected);
    expect((await store.campaigns.listActive()).find((c) => c.id === 'old')?.objective).toEqual(expected);
    // Written again (a status change), it still reads the same.
    await store.campaigns.update(await store.campaigns.get('old'), { status: 'running' });
    expect((await store.campaigns.get('old')).objective).toEqual(expected);
  });

  it.each<[string, Objective]>([
    ['a budget with tolerance and constraints', budgetObjective(0.5, 'psnr', { tolerance: 0.05, constraints: { encoders: ['libx264', 'libsvtav1'], maxSizeBytes: 400_000, minRealtime: 2 } })],
    ['a quality target', { kind: 'bitrate-at-quality', metric: 'ssim', targetQuality: 0.97, constraints: { pixelFormat: 'yuv420p10le', minEncodeFps: 24 } }],
    ['a Pareto front', { kind: 'pareto', metric: 'vmaf', maxBitrateMbps: 2 }],
  ])('keeps %s as it was created', async (name, objective) => {
    const id = `kind-${name.length}`;
    await store.campaigns.create({ ...campaign(id, '2026-02-01T00:00:00.000Z'), objective });
    expect((await store.campaigns.get(id)).objective).toEqual(objective);
  });
});

describe('experiments', () => {
  it('keeps order, refuses a repeated config and a second insert, and pages newest first', async () => {
    await store.experiments.insert(experiment('b', 1, 23));
    await store.experiments.insert(experiment('b', 2, 30));
    await store.experiments.insert(experiment('b', 2, 30)); // the same insert retried is harmless
    await expect(store.experiments.insert(experiment('b', 3, 23))).rejects.toMatchObject({ code: 'ERR_CONFIG_REPEATED' });
    await expect(store.experiments.insert(experiment('b', 2, 31))).rejects.toMatchObject({ code: 'ERR_EXPERIMENT_EXISTS' });
    await store.experiments.insert(experiment('c', 1, 23, 10)); // another campaign may run the same config

    expect((await store.experiments.listByCampaign('b')).map((e) => e.seq)).toEqual([1, 2]);

    const reader = createReadStore({ endpoint: dynamo.endpoint, region: 'local', tableName: 'test' });
    const page = await reader.experiments.listRecent({ limit: 2 });
    expect(page.items.map((e) => e.id)).toEqual(['c-001', 'b-002']);
    const rest = await reader.experiments.listRecent({ limit: 2, cursor: page.nextCursor });
    expect(rest.items.map((e) => e.id)).toEqual(['b-001']);
    expect((await reader.experiments.listRecent({ campaignId: 'b', limit: 10 })).items.map((e) => e.seq)).toEqual([2, 1]);
    reader.close();
  });

  it('moves status only from the expected one', async () => {
    await store.experiments.update('b', 1, ['queued'], { status: 'running', attempts: 1 });
    await expect(store.experiments.update('b', 1, ['queued'], { status: 'running' })).rejects.toMatchObject({
      code: 'ERR_EXPERIMENT_STATE',
    });
    expect((await store.experiments.get('b', 1)).status).toBe('running');
  });
});

describe('leases and slots', () => {
  it('lets one owner drive a campaign until its lease expires or is released', async () => {
    await store.campaigns.create(campaign('leased', '2026-01-05T00:00:00.000Z'));
    expect(await store.campaigns.acquireLease('leased', 'a', 1_000, 0)).toBe(true);
    expect(await store.campaigns.acquireLease('leased', 'b', 1_000, 500)).toBe(false);
    expect(await store.campaigns.renewLease('leased', 'a', 1_000, 900)).toBe(true);
    expect(await store.campaigns.acquireLease('leased', 'b', 1_000, 1_500)).toBe(false);
    // a stopped renewing: after expiry b takes over, and a can no longer renew.
    expect(await store.campaigns.acquireLease('leased', 'b', 1_000, 2_001)).toBe(true);
    expect(await store.campaigns.renewLease('leased', 'a', 1_000, 2_100)).toBe(false);
    // A version-checked update does not touch the lease.
    const current = await store.campaigns.get('leased');
    await store.campaigns.update({ ...current, lease: { owner: 'stale', expiresAt: 0 } }, { status: 'running' });
    expect((await store.campaigns.get('leased')).lease).toEqual({ owner: 'b', expiresAt: 3_001 });
    expect(await store.campaigns.releaseLease('leased', 'b')).toBe(true);
    expect(await store.campaigns.acquireLease('leased', 'c', 1_000, 2_200)).toBe(true);
    expect(await store.campaigns.acquireLease('missing', 'c', 1_000)).toBe(false);
  });

  it('hands out at most N experiment slots, and frees a slot whose holder stopped renewing', async () => {
    const taken = await Promise.all(['x1', 'x2', 'x3'].map((holder) => store.slots.acquire(holder, 2, 1_000, 0)));
    expect(taken.filter((slot) => slot !== undefined).sort()).toEqual([0, 1]);
    const holder = ['x1', 'x2', 'x3'][taken.indexOf(0)]!;
    expect(await store.slots.release(0, holder)).toBe(true);
    expect(await store.slots.acquire('x4', 2, 1_000, 900)).toBe(0);
    expect(await store.slots.acquire('x5', 2, 1_000, 1_500)).toBe(1); // slot 1's holder never renewed
  });

  it('refuses an experiment write from a driver that lost the attempt', async () => {
    await store.experiments.insert(experiment('c', 2, 40));
    await store.experiments.update('c', 2, ['queued'], { status: 'running', attempts: 1 });
    await store.experiments.update('c', 2, ['running'], { status: 'running', attempts: 2 }, 1);
    await expect(store.experiments.update('c', 2, ['running'], { status: 'succeeded' }, 1)).rejects.toMatchObject({ code: 'ERR_EXPERIMENT_STATE' });
    await store.experiments.update('c', 2, ['running'], { status: 'failed' }, 2);
  });
});
