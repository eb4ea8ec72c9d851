import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3Server } from '@codec-lab/testing/s3';
import { createS3Client, downloadFile, headObject, parseStoreLocation, uploadStream, type S3Client } from '@codec-lab/object-store';

let server: TestS3Server;
let client: S3Client;
let dir: string;
const BUCKET = 'media';

beforeAll(async () => {
  server = await startS3Server([BUCKET]);
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  client = createS3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true });
  dir = await mkdtemp(join(tmpdir(), 'codec-lab-objects-'));
});
afterAll(async () => {
  client?.destroy();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function* chunks(data: Buffer, size: number, failAt?: number) {
  for (let at = 0; at < data.length; at += size) {
    if (failAt !== undefined && at >= failAt) throw new Error('the client went away');
    yield data.subarray(at, at + size);
  }
}

describe('object store transfers (s3rver)', () => {
  it('streams a multipart upload with its sha256 and reads it back whole', async () => {
    const data = randomBytes(20 * 1024 * 1024 + 123);
    const stored = await uploadStream({ client, bucket: BUCKET, key: 'a/b.bin', body: chunks(data, 1 << 20) });
    expect(stored.bytes).toBe(data.length);
    expect(stored.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    const path = join(dir, 'b.bin');
    await downloadFile(client, BUCKET, 'a/b.bin', path, stored.etag);
    expect((await readFile(path)).equals(data)).toBe(true);
  });

  it('an interrupted upload stores nothing, small or multipart', async () => {
    for (const [key, size] of [['cut-small', 3 << 20], ['cut-large', 30 << 20]] as const) {
      const data = randomBytes(size);
      await expect(uploadStream({ client, bucket: BUCKET, key, body: chunks(data, 1 << 20, size / 2) })).rejects.toThrow();
      expect(await headObject(client, BUCKET, key)).toBeNull();
    }
  });

  it('an upload over the limit is refused with ERR_UPLOAD_TOO_LARGE and stores nothing', async () => {
    const error = await uploadStream({ client, bucket: BUCKET, key: 'big', body: chunks(randomBytes(3 << 20), 1 << 16), maxBytes: 1 << 20 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_UPLOAD_TOO_LARGE', kind: 'invalid' });
    expect(await headObject(client, BUCKET, 'big')).toBeNull();
  });

  it('a missing object or bucket is ERR_OBJECT_NOT_FOUND and leaves no file behind', async () => {
    for (const [bucket, key] of [[BUCKET, 'nothing/here'], ['no-such-bucket', 'x']] as const) {
      const error = await downloadFile(client, bucket, key, join(dir, 'missing')).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ERR_OBJECT_NOT_FOUND', kind: 'not_found' });
    }
    expect((await readdir(dir)).filter((name) => name.startsWith('missing'))).toEqual([]);
  });

  it('a download is refused when the object is not the version recorded', async () => {
    const first = await uploadStream({ client, bucket: BUCKET, key: 'v', body: chunks(Buffer.from('one'), 8) });
    await uploadStream({ client, bucket: BUCKET, key: 'v', body: chunks(Buffer.from('two!'), 8) });
    await expect(downloadFile(client, BUCKET, 'v', join(dir, 'v'), first.etag)).rejects.toMatchObject({ code: 'ERR_OBJECT_CHANGED' });
  });

  it('parses store locations and refuses what is not one', () => {
    expect(parseStoreLocation('s3://codec-lab-artifacts/artifacts/')).toEqual({ bucket: 'codec-lab-artifacts', prefix: 'artifacts' });
    expect(parseStoreLocation('s3://bucket')).toEqual({ bucket: 'bucket', prefix: '' });
    for (const bad of ['http://x/y', 's3://UPPER/x', 's3://b/../x', 's3://']) expect(() => parseStoreLocation(bad)).toThrow(/is not s3:/);
  });
});
