import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '@codec-lab/store';
import { startDevStores, type DevStores } from './dev-stores.ts';

// What the dev overlay's services see of dev-stores: DynamoDB's API with the lab's table, S3's API
// (path-style, with the S3RVER key pair of the dev Secret) with both buckets, data kept across restarts.
const dataDir = mkdtempSync(join(tmpdir(), 'dev-stores-'));
const config = { HOST: '127.0.0.1', DYNAMODB_PORT: 0, S3_PORT: 0, HTTP_PORT: 0, DATA_DIR: dataDir, BUCKETS: ['codec-lab-media', 'codec-lab-artifacts'] };
const s3 = (endpoint: string) =>
  new S3Client({ endpoint, region: 'eu-west-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });

describe('dev-stores', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves both buckets and the table, reports ready, and keeps objects and items across a restart', async () => {
    let stores: DevStores = await startDevStores(config);
    try {
      const ready = await fetch(`${stores.httpUrl}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ ready: true, dynamodb: true, s3: true, buckets: config.BUCKETS });

      const client = s3(stores.s3Endpoint);
      for (const bucket of config.BUCKETS) await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'sources/clip', Body: `in ${bucket}` }));
      client.destroy();
      const store = createStore({ endpoint: stores.dynamodbEndpoint, region: 'eu-west-1', tableName: 'codeclab' });
      expect(await store.ensureTable()).toBe('created');
      store.close();

      await stores.close();
      stores = await startDevStores(config);
      const again = s3(stores.s3Endpoint);
      const object = await again.send(new GetObjectCommand({ Bucket: 'codec-lab-media', Key: 'sources/clip' }));
      expect(await object.Body!.transformToString()).toBe('in codec-lab-media');
      again.destroy();
      const reopened = createStore({ endpoint: stores.dynamodbEndpoint, region: 'eu-west-1', tableName: 'codeclab' });
      expect(await reopened.ensureTable()).toBe('exists');
      reopened.close();
    } finally {
      await stores.close();
    }
  });

  it('creates only the buckets it is given', async () => {
    const stores = await startDevStores({ ...config, DATA_DIR: join(dataDir, 'other'), BUCKETS: ['codec-lab-media'] });
    const client = s3(stores.s3Endpoint);
    try {
      await expect(client.send(new PutObjectCommand({ Bucket: 'codec-lab-artifacts', Key: 'x', Body: 'x' }))).rejects.toThrow(/bucket does not exist/i);
    } finally {
      client.destroy();
      await stores.close();
    }
  });

  it('stops answering once closed (a pod being replaced is not ready)', async () => {
    const stores = await startDevStores({ ...config, DATA_DIR: join(dataDir, 'third') });
    const url = stores.httpUrl;
    await stores.close();
    await expect(fetch(`${url}/readyz`)).rejects.toThrow();
  });
});
