import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDynamo, type EmbeddedDynamo } from './embedded.ts';
import { createStore, type Store } from './stores.ts';

let dynamo: EmbeddedDynamo;
let store: Store;

beforeAll(async () => {
  dynamo = await startEmbeddedDynamo({});
  store = createStore({ endpoint: dynamo.endpoint, region: 'local', tableName: 'runner-slots' });
  await store.ensureTable();
});

afterAll(async () => {
  store.close();
  await dynamo.close();
});

describe('runner slots', () => {
  it('hands out at most max_concurrent slots per runner, each runner on its own', async () => {
    const taken = await Promise.all(['a', 'b', 'c'].map((holder) => store.runnerSlots.acquire('r1', holder, 2, 1_000, 0)));
    expect(taken.filter((slot) => slot !== undefined).sort()).toEqual([0, 1]);
    expect(await store.runnerSlots.acquire('r2', 'c', 1, 1_000, 0)).toBe(0);
    expect(await store.runnerSlots.acquire('r2', 'd', 1, 1_000, 0)).toBeUndefined();
    expect([...(await store.runnerSlots.held('r1', 0)).keys()].sort()).toEqual([0, 1]);
    // An experiment's new attempt (its orchestrator died) takes its own slot back at once.
    const holder = (await store.runnerSlots.held('r1', 0)).get(1)!;
    expect(await store.runnerSlots.acquire('r1', holder, 2, 1_000, 10)).toBe(1);
  });

  it('frees a slot on release (the row is gone) and one whose holder stopped renewing', async () => {
    expect(await store.runnerSlots.take('r3', 0, 'x', 1_000, 0)).toBe(true);
    expect(await store.runnerSlots.take('r3', 0, 'y', 1_000, 500)).toBe(false);
    expect(await store.runnerSlots.release('r3', 0, 'y')).toBe(false);
    expect(await store.runnerSlots.renew('r3', 0, 'x', 1_000, 900)).toBe(true);
    expect(await store.runnerSlots.take('r3', 0, 'y', 1_000, 1_500)).toBe(false); // renewed until 1900
    expect(await store.runnerSlots.release('r3', 0, 'x')).toBe(true);
    expect((await store.runnerSlots.held('r3', 0)).size).toBe(0);
    expect(await store.runnerSlots.take('r3', 1, 'z', 1_000, 0)).toBe(true);
    expect((await store.runnerSlots.held('r3', 2_000)).size).toBe(0); // z never renewed
    expect(await store.runnerSlots.acquire('r3', 'w', 2, 1_000, 2_000)).toBe(0);
  });
});
