import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError, experimentId, type Campaign, type Experiment } from '@codec-lab/domain';
import { campaignFixture, measuredResult } from '@codec-lab/domain/testing';
import type { ReadStore } from '@codec-lab/store';
import { buildApp } from './app.ts';
import type { FrameRunner } from './frame-runner.ts';
import type { Frames } from './frame-responses.ts';

// The frame routes on a stand-in store and runner (the integration test runs the real ones): what
// is asked of each, what is cached, and every error a reader can meet.

const C = 'cccccccc-0000-4000-8000-000000000003';
const campaign: Campaign = campaignFixture(C, '2026-04-01T00:00:00.000Z');
const experiment = (seq: number, status: Experiment['status']): Experiment =>
  ({ campaignId: C, seq, id: experimentId(C, seq), status, ...(status === 'succeeded' ? { result: measuredResult(1e5, 38) } : {}) }) as Experiment;
const experiments = [experiment(1, 'succeeded'), experiment(2, 'running'), experiment(3, 'succeeded')];

const notFound = (what: string) => new DomainError('not_found', 'ERR_NOT_FOUND', `${what} does not exist`);
const store = {
  campaigns: { get: async (id: string) => (id === C ? campaign : Promise.reject(notFound(id))) },
  experiments: { get: async (id: string, seq: number) => experiments.find((e) => e.campaignId === id && e.seq === seq) ?? Promise.reject(notFound(`${id} ${seq}`)) },
  close: () => {},
} as unknown as ReadStore;

const calls = { quality: 0, still: 0 };
const runner: FrameRunner = {
  async frameQuality(id) {
    calls.quality++;
    if (id === experimentId(C, 3)) throw new DomainError('unavailable', 'ERR_ARTIFACT_NOT_HELD', 'no agent-runner holds it');
    return { frames: [0, 1, 2, 3], psnr: [40, 33, 38, 35], ssim: [0.99, 0.9, 0.97, 0.95], vmaf: null };
  },
  async renderStill(_id, frame) {
    calls.still++;
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { frame, width: 160, height: 90, sourcePng: Buffer.from(`source ${frame}`), artifactPng: Buffer.from(`artifact ${frame}`) };
  },
  close: () => {},
};

const app = buildApp({ store, registry: new Registry(), logger: pino({ level: 'silent' }), runner });
const bare = buildApp({ store, registry: new Registry(), logger: pino({ level: 'silent' }) });
afterAll(async () => {
  await app.close();
  await bare.close();
});
const ONE = experimentId(C, 1);

describe('frame routes', () => {
  it('answer the series with the worst frames, cached for long with an ETag', async () => {
    const response = await app.inject({ url: `/v1/experiments/${ONE}/frames` });
    expect(response.statusCode).toBe(200);
    const body = response.json<Frames>();
    expect(body).toMatchObject({ experimentId: ONE, campaignId: C, seq: 1, frames: [0, 1, 2, 3], vmaf: null, metric: 'psnr' });
    expect(body.worst.map((w) => w.frame)).toEqual([1, 3, 2, 0]);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const again = await app.inject({ url: `/v1/experiments/${ONE}/frames`, headers: { 'if-none-match': String(response.headers['etag']) } });
    expect(again.statusCode).toBe(304);
    expect(calls.quality).toBe(1);
  });

  it('serve both stills of a frame from one runner call, however many ask at once', async () => {
    const urls = ['source', 'artifact', 'source', 'artifact'].map((which) => `/v1/experiments/${ONE}/frames/2/${which}.png`);
    const responses = await Promise.all(urls.map((url) => app.inject({ url })));
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect(responses[0]!.headers['content-type']).toBe('image/png');
    expect(responses[0]!.body).toBe('source 2');
    expect(responses[1]!.body).toBe('artifact 2');
    expect(responses[0]!.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(calls.still).toBe(1);
    const cached = await app.inject({ url: urls[0]!, headers: { 'if-none-match': String(responses[0]!.headers['etag']) } });
    expect(cached.statusCode).toBe(304);
    expect(calls.still).toBe(1);
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(Number(/^codeclab_dashboard_frame_cache_bytes (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan('source 2artifact 2'.length);
  });

  it('answer 404 for an unknown or unmeasured experiment and a frame it did not compare, 400 for a bad one', async () => {
    const expectError = async (url: string, status: number, code: RegExp) => {
      const response = await app.inject({ url });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(status);
      expect(response.json().error.code).toMatch(code);
      expect(response.headers['cache-control']).toBeUndefined();
      return response.json().error.message as string;
    };
    await expectError(`/v1/experiments/${experimentId(C, 9)}/frames`, 404, /NOT_FOUND/);
    await expectError(`/v1/experiments/${experimentId('dddddddd-0000-4000-8000-000000000004', 1)}/frames`, 404, /NOT_FOUND/);
    expect(await expectError(`/v1/experiments/${experimentId(C, 2)}/frames`, 404, /ERR_EXPERIMENT_NOT_MEASURED/)).toContain('running');
    await expectError('/v1/experiments/not-an-id/frames', 400, /ERR_INVALID_EXPERIMENT_ID/);
    expect(await expectError(`/v1/experiments/${ONE}/frames/4/source.png`, 404, /ERR_FRAME_NOT_FOUND/)).toContain('0 to 3');
    for (const bad of ['-1', 'x', '1.5', '1e3']) await expectError(`/v1/experiments/${ONE}/frames/${bad}/source.png`, 400, /ERR_VALIDATION/);
  });

  it('answer 503 saying why when the runner cannot, and keep asking it afterwards', async () => {
    const before = calls.quality;
    for (let i = 0; i < 2; i++) {
      const response = await app.inject({ url: `/v1/experiments/${experimentId(C, 3)}/frames` });
      expect(response.statusCode).toBe(503);
      expect(response.json().error.code).toBe('ERR_ARTIFACT_NOT_HELD');
    }
    expect(calls.quality).toBe(before + 2);
    const unset = await bare.inject({ url: `/v1/experiments/${ONE}/frames/0/artifact.png` });
    expect(unset.statusCode).toBe(503);
    expect(unset.json().error).toMatchObject({ code: 'ERR_NO_RUNNER' });
    expect(unset.json().error.message).toContain('RUNNER_ADDR');
  });

  it('are in the OpenAPI document', async () => {
    const doc = (await app.inject({ url: '/docs/json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/experiments/{id}/frames', '/v1/experiments/{id}/frames/{frame}/source.png', '/v1/experiments/{id}/frames/{frame}/artifact.png']),
    );
  });
});
