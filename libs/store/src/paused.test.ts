import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignFixture } from '@codec-lab/domain/testing';
import { startEmbeddedDynamo, type EmbeddedDynamo } from './embedded.ts';
import { createStore, type Store } from './stores.ts';

// A paused campaign leaves the ACTIVE index (no orchestrator drives it) and comes back onto it when
// resumed, or when a budget extension reopens a succeeded one.

let dynamo: EmbeddedDynamo;
let store: Store;

beforeAll(async () => {
  dynamo = await startEmbeddedDynamo({});
  store = createStore({ endpoint: dynamo.endpoint, region: 'local', tableName: 'paused' });
  await store.ensureTable();
});

afterAll(async () => {
  store?.close();
  await dynamo?.close();
});

const activeIds = async () => (await store.campaigns.listActive()).map((c) => c.id);

describe('the ACTIVE index across pause, resume and reopening', () => {
  it('takes a paused campaign off and puts it back, in creation order, when it is queued again', async () => {
    await store.campaigns.create(campaignFixture('older', '2026-01-01T00:00:00.000Z', { status: 'queued', version: 0 }));
    await store.campaigns.create(campaignFixture('newer', '2026-01-02T00:00:00.000Z', { status: 'queued', version: 0 }));
    await store.campaigns.transition('older', ['queued'], { status: 'running' });
    expect(await activeIds()).toEqual(['older', 'newer']);

    const paused = await store.campaigns.transition('older', ['queued', 'running'], { status: 'paused' });
    expect(paused.status).toBe('paused');
    expect(await activeIds()).toEqual(['newer']);
    // A larger budget while paused keeps it paused, and off the index.
    await store.campaigns.modify('older', () => ({ maxExperiments: 9 }));
    expect(await activeIds()).toEqual(['newer']);

    await store.campaigns.transition('older', ['paused'], { status: 'queued' });
    expect(await activeIds()).toEqual(['older', 'newer']);
    expect(await store.campaigns.get('older')).toMatchObject({ status: 'queued', maxExperiments: 9 });
  });

  it('puts a succeeded campaign reopened by a budget extension back, with its stop reasons removed', async () => {
    await store.campaigns.create(campaignFixture('done', '2026-01-03T00:00:00.000Z', { status: 'queued', version: 0 }));
    await store.campaigns.transition('done', ['queued'], { status: 'succeeded', stopReason: 'budget spent', armStops: { analyst: 'nothing better' } });
    expect(await activeIds()).not.toContain('done');
    await store.campaigns.transition('done', ['succeeded'], { status: 'queued', maxExperiments: 8, stopReason: undefined, armStops: undefined });
    expect(await activeIds()).toContain('done');
    const reopened = await store.campaigns.get('done');
    expect(reopened).toMatchObject({ status: 'queued', maxExperiments: 8 });
    expect(reopened.stopReason).toBeUndefined();
    expect(reopened.armStops).toBeUndefined();
  });

  it('lets only one of two writers that read the same version win', async () => {
    await store.campaigns.create(campaignFixture('raced', '2026-01-04T00:00:00.000Z', { status: 'running', version: 0 }));
    const read = await store.campaigns.get('raced');
    await store.campaigns.update(read, { status: 'paused' });
    await expect(store.campaigns.update(read, { status: 'succeeded', stopReason: 'budget spent' })).rejects.toMatchObject({ code: 'ERR_CAMPAIGN_CHANGED' });
    expect((await store.campaigns.get('raced')).status).toBe('paused');
  });
});
