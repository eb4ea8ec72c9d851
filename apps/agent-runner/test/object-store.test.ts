import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials } from '@grpc/grpc-js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContracts, type AgentRunnerClient, type WireRunEventOutput } from '@codec-lab/contracts';
import { BASELINE_CONFIG, type Source } from '@codec-lab/domain';
import { createS3Client, headObject, readArtifactManifest, type S3Client } from '@codec-lab/object-store';
import { configToWire, fromGrpcError, resultFromWire, sourceToWire, uploadThrough } from '@codec-lab/rpc';
import { startS3Server, type TestS3Server } from '@codec-lab/testing/s3';
import { startRunner, type RunnerApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

// agent-runner against a real S3-compatible server (s3rver): uploads through UploadSource, object
// sources, artifacts published to the store and read back by another runner.

let s3: TestS3Server;
let store: S3Client;
let dir: string;
const runners: { app: RunnerApp; client: AgentRunnerClient }[] = [];
let clip: Buffer;

async function startOne(name: string, extra: Record<string, string> = {}) {
  const config = loadConfig({
    ...s3.env,
    GRPC_PORT: '0',
    HTTP_PORT: '0',
    HOST: '127.0.0.1',
    ARTIFACT_DIR: join(dir, name, 'artifacts'),
    SOURCE_CACHE_DIR: join(dir, name, 'cache'),
    MEDIA_BUCKETS: 'media',
    UPLOAD_BUCKET: 'media',
    ARTIFACT_STORE: 's3://artifacts/runs',
    UPLOAD_MAX_BYTES: String(1024 * 1024),
    MAX_CONCURRENT: '1',
    ...extra,
  });
  const app = await startRunner(config, pino({ level: 'silent' }));
  const client = new (loadContracts().codeclab.v1.AgentRunner)(`127.0.0.1:${app.grpc.port}`, credentials.createInsecure()) as AgentRunnerClient;
  runners.push({ app, client });
  return client;
}

beforeAll(async () => {
  s3 = await startS3Server(['media', 'artifacts', 'elsewhere']);
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' });
  store = createS3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true });
  dir = mkdtempSync(join(tmpdir(), 'codeclab-runner-s3-'));
  const path = join(dir, 'clip.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=24,trim=end_frame=24', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', path]);
  clip = readFileSync(path);
});

afterAll(async () => {
  for (const { app, client } of runners) {
    client.close();
    await app.close();
  }
  store?.destroy();
  await s3?.close();
  rmSync(dir, { recursive: true, force: true });
});

const once = (data: Uint8Array) => (async function* () { yield data; })();
const upload = (client: AgentRunnerClient, data: Uint8Array, contentType = 'video/mp4') =>
  uploadThrough(client, { contentType, declaredBytes: data.length }, once(data), { deadlineMs: 30_000 });

function describeSource(client: AgentRunnerClient, source: Source) {
  return new Promise((resolve, reject) =>
    client.DescribeSource({ source: sourceToWire(source) }, { deadline: Date.now() + 20_000 }, (e, v) => (e ? reject(fromGrpcError(e, 'DescribeSource')) : resolve(v))),
  );
}

function runOn(client: AgentRunnerClient, experimentId: string, source: Source) {
  return new Promise<WireRunEventOutput[]>((resolve, reject) => {
    const events: WireRunEventOutput[] = [];
    const call = client.RunExperiment({ experimentId, source: sourceToWire(source), config: configToWire(BASELINE_CONFIG) });
    call.on('data', (event: WireRunEventOutput) => events.push(event));
    call.on('error', (e) => reject(fromGrpcError(e, 'RunExperiment')));
    call.on('end', () => resolve(events));
  });
}

describe('agent-runner with object storage (s3rver)', () => {
  let uploaded: Source;

  it('an upload is described, published at sources/<sha256>, and the same file again is found, not stored twice', async () => {
    const client = await startOne('a');
    const first = await upload(client, clip);
    expect(first.source).toEqual({ kind: 's3', uri: expect.stringMatching(/^s3:\/\/media\/sources\/[0-9a-f]{64}$/) });
    expect(first.description).toMatchObject({ width: 160, height: 90, frames: 24, sizeBytes: clip.length });
    expect(first.source.kind === 's3' && first.source.uri.endsWith(first.description.sha256!)).toBe(true);
    expect(first.existing).toBe(false);
    const again = await upload(client, clip);
    expect(again).toMatchObject({ source: first.source, existing: true });
    uploaded = first.source;
  });

  it('refuses what is not a video, too large, of a foreign type or cut short, and keeps no source of it', async () => {
    const client = runners[0]!.client;
    await expect(upload(client, Buffer.from('just some text, not a video'))).rejects.toMatchObject({ kind: 'invalid', code: 'ERR_SOURCE_NOT_VIDEO' });
    await expect(upload(client, Buffer.alloc(2 * 1024 * 1024, 1))).rejects.toMatchObject({ kind: 'invalid', code: 'ERR_UPLOAD_TOO_LARGE' });
    await expect(upload(client, clip, 'text/html')).rejects.toMatchObject({ kind: 'invalid', code: 'ERR_UPLOAD_CONTENT_TYPE' });
    const cut = (async function* () {
      yield clip.subarray(0, 1000);
      throw new Error('the client went away');
    })();
    await expect(uploadThrough(client, { contentType: 'video/mp4', declaredBytes: clip.length }, cut, { deadlineMs: 10_000 })).rejects.toMatchObject({ code: 'ERR_UPLOAD_CUT' });
    // Nothing but the one accepted upload under sources/, nothing left in incoming/.
    const listed = execFileSync('find', [join(s3.directory, 'media'), '-name', '*._S3rver_object'], { encoding: 'utf8' }).trim().split('\n');
    expect(listed.map((path) => path.slice(join(s3.directory, 'media').length + 1).replace(/\._S3rver_object$/, ''))).toEqual([(uploaded as { uri: string }).uri.slice('s3://media/'.length)]);
  });

  it('an object source that is missing, or in a bucket not allowed, is refused with the reason', async () => {
    const client = runners[0]!.client;
    await expect(describeSource(client, { kind: 's3', uri: 's3://media/sources/nothing-here' })).rejects.toMatchObject({ kind: 'not_found', code: 'ERR_SOURCE_NOT_FOUND' });
    await expect(describeSource(client, { kind: 's3', uri: 's3://elsewhere/clip.mp4' })).rejects.toMatchObject({ kind: 'invalid', code: 'ERR_BUCKET_NOT_ALLOWED' });
  });

  it('encodes an uploaded source, publishes the artifact, and another runner reads its frames and stills from the store', async () => {
    const result = resultFromWire((await runOn(runners[0]!.client, 'exp-s3-1', uploaded)).find((e) => e.result)!.result);
    expect(result.artifactUri).toBe('s3://artifacts/runs/exp-s3-1/artifact.mp4');
    const published = await readArtifactManifest(store, { bucket: 'artifacts', prefix: 'runs' }, 'exp-s3-1');
    expect(published?.manifest.artifact).toBe('artifact.mp4');
    const stored = await headObject(store, 'artifacts', 'runs/exp-s3-1/artifact.mp4');
    expect(stored?.bytes).toBe(result.bytes);

    const other = await startOne('b');
    const frames = await new Promise<{ frames?: number[] }>((resolve, reject) => other.GetFrameQuality({ experimentId: 'exp-s3-1' }, (e, v) => (e ? reject(e) : resolve(v!))));
    expect(frames.frames).toHaveLength(24);
    const still = await new Promise<{ sourcePng?: Buffer; artifactPng?: Buffer }>((resolve, reject) => other.RenderStill({ experimentId: 'exp-s3-1', frame: 5 }, (e, v) => (e ? reject(e) : resolve(v!))));
    expect(still.sourcePng?.subarray(1, 4).toString()).toBe('PNG');
    expect(still.artifactPng?.subarray(1, 4).toString()).toBe('PNG');
  });
});
