import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SourceMemory } from '@codec-lab/domain';
import { createDocumentClient } from './client.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from './embedded.ts';
import { memoryPk } from './keys.ts';
import { createStore, type Store } from './stores.ts';

// The lab's memory on dynalite: a record per campaign in its cell, read newest first, at most
// `perCell` per cell, and a record that no longer fits the schema left out and counted.

let dynamo: EmbeddedDynamo;
let store: Store;
const options = () => ({ endpoint: dynamo.endpoint, region: 'local', tableName: 'memory-test' });

beforeAll(async () => {
  dynamo = await startEmbeddedDynamo({});
  store = createStore(options());
  await store.ensureTable();
});

afterAll(async () => {
  store.close();
  await dynamo.close();
});

const memory = (campaignId: string, createdAt: string): SourceMemory => ({
  campaignId,
  createdAt,
  label: `${campaignId}.mp4`,
  description: { width: 160, height: 90, frameRate: '30/1', fps: 30, frames: 30, durationSeconds: 1, pixelFormat: 'yuv420p', bitDepth: 8, colorRange: 'limited', audio: false, codec: 'h264' },
  points: [{ encoder: 'libx264', preset: 'medium', crf: 23, bitrateBps: 200_000, psnr: 40, ssim: 0.98, encodeSeconds: 0.2 }],
  probePairs: [],
});

describe('memory records', () => {
  it('are read newest first, at most perCell from each cell, and rewritten in place', async () => {
    for (let i = 0; i < 5; i++) await store.memory.record('s0m1', memory(`a${i}`, `2026-11-0${i + 1}T00:00:00.000Z`));
    await store.memory.record('s0m2', memory('b0', '2026-11-01T00:00:00.000Z'));
    await store.memory.record('s0m1', { ...memory('a4', '2026-11-05T00:00:00.000Z'), label: 'rewritten.mp4' });
    const read = await store.memory.read(['s0m1', 's0m2', 's3m0'], 3);
    expect(read.memories.map((m) => m.campaignId)).toEqual(['a4', 'a3', 'a2', 'b0']);
    expect(read.memories[0]!.label).toBe('rewritten.mp4');
    expect(read.roundTrips).toBe(3);
    expect(read.skipped).toBe(0);
    expect(read.bytes).toBeGreaterThan(0);
  });

  it('leaves out a record that no longer fits the schema, and counts it', async () => {
    const { client, doc } = createDocumentClient(options());
    await doc.send(new PutCommand({ TableName: 'memory-test', Item: { pk: memoryPk('s4m0'), sk: '2026-11-09#bad', entity: 'memory', memory: { campaignId: 'bad' } } }));
    client.destroy();
    await store.memory.record('s4m0', memory('good', '2026-11-08T00:00:00.000Z'));
    const read = await store.memory.read(['s4m0'], 10);
    expect(read.memories.map((m) => m.campaignId)).toEqual(['good']);
    expect(read.skipped).toBe(1);
  });
});
