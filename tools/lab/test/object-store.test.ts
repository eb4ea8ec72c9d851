import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign, Experiment, UploadedSource } from '@codec-lab/domain';
import { startS3Server, type TestS3Server } from '@codec-lab/testing/s3';
import { getJson, postJson, startLab, waitFor, type RunningLab } from './lab-process.ts';

// The whole lab against a real S3-compatible server (s3rver): a video uploaded over the REST API,
// a campaign on it, its artifacts published to the store and downloaded from dashboard-api.

let s3: TestS3Server;
let dataDir: string;
let lab: RunningLab | undefined;
let clip: Buffer;

beforeAll(async () => {
  s3 = await startS3Server(['media', 'artifacts', 'elsewhere']);
  dataDir = mkdtempSync(join(tmpdir(), 'codeclab-lab-s3-'));
  const path = join(dataDir, 'clip.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=24,trim=end_frame=24', '-c:v', 'libx264', '-crf', '4', '-pix_fmt', 'yuv420p', path]);
  clip = readFileSync(path);
  lab = await startLab(dataDir, { ...s3.env, MEDIA_BUCKETS: 'media', UPLOAD_BUCKET: 'media', ARTIFACT_STORE: 's3://artifacts/runs', UPLOAD_MAX_BYTES: String(1 << 20) });
});

afterAll(async () => {
  if (lab && lab.process.exitCode === null) await lab.stop();
  await s3?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const upload = (body: Uint8Array, type = 'video/mp4') => fetch(`${lab!.orchestrator}/v1/sources`, { method: 'POST', headers: { 'content-type': type }, body });
/** The keys under `sources/` in the media bucket, as s3rver holds them on disk. */
const storedSources = () => readdirSync(join(s3.directory, 'media', 'sources')).filter((n) => n.endsWith('._S3rver_object')).map((n) => n.replace(/\._S3rver_object$/, ''));

describe('the lab with object storage', () => {
  let uploaded: UploadedSource;

  it('POST /v1/sources takes a video, describes it and answers the source to use; the same file again is found', async () => {
    const first = await upload(clip);
    expect(first.status).toBe(201);
    uploaded = (await first.json()) as UploadedSource;
    expect(uploaded.source.uri).toBe(`s3://media/sources/${createHash('sha256').update(clip).digest('hex')}`);
    expect(uploaded.description).toMatchObject({ width: 320, height: 180, frames: 24, sizeBytes: clip.length });
    // Far past the 64 KiB the JSON routes take: the upload is streamed, never buffered.
    expect(clip.length).toBeGreaterThan(64 * 1024);
    const again = await upload(clip);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ source: uploaded.source, existing: true });
  });

  it('refuses uploads that are too large, of another type, not a video or cut off, and stores none of them', async () => {
    expect((await upload(Buffer.alloc(2 << 20, 1))).status).toBe(413);
    expect((await upload(clip, 'text/html')).status).toBe(415);
    const text = await upload(Buffer.from('plain text pretending to be a video'));
    expect(text.status).toBe(400);
    expect(((await text.json()) as { error: { code: string } }).error.code).toBe('ERR_SOURCE_NOT_VIDEO');
    // A client that sends half its body and goes away.
    await new Promise<void>((resolve) => {
      const url = new URL(`${lab!.orchestrator}/v1/sources`);
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'video/mp4', 'content-length': clip.length } });
      req.on('error', () => resolve());
      req.write(clip.subarray(0, clip.length >> 1), () => setTimeout(() => (req.destroy(), resolve()), 300));
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(storedSources()).toEqual([uploaded.source.uri.slice('s3://media/sources/'.length)]);
  });

  it('a campaign naming a bucket not allowed, or an object that is not there, is a 400 naming it', async () => {
    const objective = { targetBitrateMbps: 0.2 };
    const foreign = await postJson<{ error: { code: string } }>(`${lab!.orchestrator}/v1/campaigns`, { source: { kind: 's3', uri: 's3://elsewhere/x.mp4' }, objective, maxExperiments: 2 });
    expect(foreign).toMatchObject({ status: 400, body: { error: { code: 'ERR_BUCKET_NOT_ALLOWED' } } });
    const missing = await postJson<{ error: { code: string } }>(`${lab!.orchestrator}/v1/campaigns`, { source: { kind: 's3', uri: 's3://media/sources/none' }, objective, maxExperiments: 2 });
    expect(missing).toMatchObject({ status: 400, body: { error: { code: 'ERR_SOURCE_NOT_FOUND' } } });
  });

  it('runs a campaign on the uploaded source end to end; dashboard-api serves its artifact and frames from the store', async () => {
    const created = await postJson<Campaign>(`${lab!.orchestrator}/v1/campaigns`, { source: uploaded.source, objective: { targetBitrateMbps: 0.2 }, maxExperiments: 2 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    const campaign = await waitFor(`campaign ${id}`, 240_000, async () => {
      const { body } = await getJson<Campaign>(`${lab!.orchestrator}/v1/campaigns/${id}`);
      return ['succeeded', 'failed', 'cancelled'].includes(body.status) ? body : undefined;
    });
    expect(campaign.status, campaign.stopReason).toBe('succeeded');
    expect(campaign.sourceDescription?.sha256).toBe(uploaded.description.sha256);
    const { body } = await getJson<{ items: Experiment[] }>(`${lab!.orchestrator}/v1/campaigns/${id}/experiments`);
    const measured = body.items.filter((e) => e.status === 'succeeded');
    expect(measured.length).toBeGreaterThan(0);
    for (const experiment of measured) {
      const result = experiment.result!;
      expect(result.artifactUri).toMatch(/^s3:\/\/artifacts\/runs\//);
      const download = await fetch(`${lab!.dashboard}/v1/experiments/${experiment.id}/artifact`);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('video/mp4');
      const bytes = Buffer.from(await download.arrayBuffer());
      expect(bytes.length).toBe(result.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(result.artifactSha256);
      const frames = await getJson<{ frames: number[] }>(`${lab!.dashboard}/v1/experiments/${experiment.id}/frames`);
      expect(frames.body.frames).toHaveLength(24);
    }
    expect((await fetch(`${lab!.dashboard}/v1/experiments/${id}-099/artifact`)).status).toBe(404);
  });
});
