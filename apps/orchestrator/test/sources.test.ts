import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '@codec-lab/domain';
import { post, startOrchestratorStack, startRunnerProcess, TINY, waitFinished } from './support.ts';

// Sources are checked at the door: a runner describes the source before a campaign or an
// experiment is accepted; a bad one is a 400 naming the problem and creates nothing, no runner is a
// 503, and the description is stored with the campaign.

let media: string;
let runner: Awaited<ReturnType<typeof startRunnerProcess>>;
let stack: Awaited<ReturnType<typeof startOrchestratorStack>>;

beforeAll(async () => {
  media = mkdtempSync(join(tmpdir(), 'codeclab-sources-'));
  mkdirSync(join(media, 'clips'));
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=30,trim=end_frame=30', '-c:v', 'libx264', join(media, 'clips', 'good.mp4')]);
  writeFileSync(join(media, 'clips', 'notes.txt'), 'not a video\n');
  runner = await startRunnerProcess({ MEDIA_ROOTS: media });
  stack = await startOrchestratorStack(runner.addr);
});

afterAll(async () => {
  await stack?.stop();
  runner?.stop();
  rmSync(media, { recursive: true, force: true });
});

const objective = { targetBitrateMbps: 0.1 };
const campaigns = async () => ((await (await fetch(`${stack.base}/v1/campaigns?limit=100`)).json()) as { items: Campaign[] }).items;

describe('POST /v1/campaigns and /v1/experiments describe the source first', () => {
  it('refuse a missing file or a file that is not a video with a 400 naming it, and create nothing', async () => {
    for (const [path, code, reason] of [
      ['clips/missing.mp4', 'ERR_SOURCE_NOT_FOUND', 'source "clips/missing.mp4" was not found under any media root'],
      ['clips/notes.txt', 'ERR_SOURCE_NOT_VIDEO', 'source "clips/notes.txt" is not a readable video'],
    ] as const) {
      const campaign = await post(`${stack.base}/v1/campaigns`, { source: { kind: 'file', path }, objective, maxExperiments: 2 });
      expect(campaign.status).toBe(400);
      expect(campaign.body.error.code).toBe(code);
      expect(campaign.body.error.message).toContain(reason);
      expect(campaign.body.error.issues[0]).toMatch(/^source: /);
      const config = { strategy: 'codec', encoder: 'libx264', preset: 'fast', rateControl: { mode: 'crf', crf: 30 } };
      const experiment = await post(`${stack.base}/v1/experiments`, { source: { kind: 'file', path }, config, objective });
      expect(experiment.status).toBe(400);
      expect(experiment.body.error.code).toBe(code);
    }
    expect(await campaigns()).toEqual([]);
  });

  it('store what the runner found the source to be, and show it', async () => {
    const created = await post(`${stack.base}/v1/campaigns`, { source: { kind: 'file', path: 'clips/good.mp4' }, objective, maxExperiments: 1 });
    expect(created.status).toBe(201);
    const bytes = readFileSync(join(media, 'clips', 'good.mp4'));
    const expected = { width: 160, height: 90, frameRate: '30/1', fps: 30, frames: 30, pixelFormat: 'yuv420p', bitDepth: 8, colorRange: 'limited', audio: false, codec: 'h264', sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    expect(created.body.sourceDescription).toMatchObject(expected);
    const shown = (await (await fetch(`${stack.base}/v1/campaigns/${created.body.id}`)).json()) as Campaign;
    expect(shown.sourceDescription).toMatchObject(expected);
    const synthetic = await post(`${stack.base}/v1/campaigns`, { source: TINY, objective, maxExperiments: 1 });
    expect(synthetic.body.sourceDescription).toMatchObject({ width: 160, height: 90, frames: 30, audio: false });
    expect(synthetic.body.sourceDescription.sha256).toBeUndefined();
  });

  it('answer 503 when no runner can describe the source, and create nothing', async () => {
    const alone = await startOrchestratorStack('127.0.0.1:1');
    try {
      const response = await post(`${alone.base}/v1/campaigns`, { source: TINY, objective, maxExperiments: 1 });
      expect(response.status).toBe(503);
      expect(response.body.error.code).toBe('ERR_NO_RUNNER');
      expect(((await (await fetch(`${alone.base}/v1/campaigns`)).json()) as { items: unknown[] }).items).toEqual([]);
    } finally {
      await alone.stop();
    }
  });
});

describe('a file replaced after its campaign was created', () => {
  it('fails the experiment saying so, and the campaign with it', async () => {
    // One experiment slot in all: campaign B's first experiment waits while A's runs, so the file
    // is replaced after B was created and before B runs anything.
    const gated = await startOrchestratorStack(runner.addr, { GLOBAL_MAX_EXPERIMENTS: '1' });
    try {
      const blocker = await post(`${gated.base}/v1/campaigns`, { source: { ...TINY, width: 640, height: 360, seconds: 20 }, objective, maxExperiments: 1 });
      await expect
        .poll(async () => ((await (await fetch(`${gated.base}/v1/campaigns/${blocker.body.id}/experiments`)).json()) as { items: { status: string }[] }).items[0]?.status, { timeout: 30_000, interval: 100 })
        .toBe('running');
      copyFileSync(join(media, 'clips', 'good.mp4'), join(media, 'clips', 'replaced.mp4'));
      const created = await post(`${gated.base}/v1/campaigns`, { source: { kind: 'file', path: 'clips/replaced.mp4' }, objective, maxExperiments: 2 });
      expect(created.status).toBe(201);
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=30,trim=end_frame=30', '-c:v', 'libx264', '-crf', '40', join(media, 'clips', 'replaced.mp4')]);
      await post(`${gated.base}/v1/campaigns/${blocker.body.id}/cancel`, {});
      const finished = await waitFinished(gated.base, created.body.id);
      expect(finished.status).toBe('failed');
      expect(finished.stopReason).toMatch(/ERR_SOURCE_CHANGED: .*source "clips\/replaced.mp4" changed since the campaign was created/);
      const { items } = (await (await fetch(`${gated.base}/v1/campaigns/${created.body.id}/experiments`)).json()) as { items: { failure?: { code: string } }[] };
      expect(items.map((e) => e.failure?.code)).toEqual(['ERR_SOURCE_CHANGED']);
    } finally {
      await gated.stop();
    }
  });
});
