import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContracts, type AgentRunnerClient, type WireRunEventOutput, type WireSourceDescriptionOutput } from '@codec-lab/contracts';
import { BASELINE_CONFIG, type Source } from '@codec-lab/domain';
import { configToWire, sourceDescriptionFromWire, sourceToWire } from '@codec-lab/rpc';
import { startRunner, type RunnerApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { ffmpeg } from './media/fixtures.ts';

// DescribeSource over real gRPC: what a source is, or why it cannot be used, before any campaign
// runs on it; and RunExperiment refusing a file whose content changed since it was described.

let dir: string;
let outside: string;
let app: RunnerApp;
let client: AgentRunnerClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'codeclab-describe-'));
  outside = mkdtempSync(join(tmpdir(), 'codeclab-outside-'));
  const media = join(dir, 'media');
  await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=30,trim=end_frame=30', '-f', 'lavfi', '-i', 'sine=duration=1', '-c:v', 'libx264', '-c:a', 'aac', '-shortest', join(dir, 'clip.mp4')]);
  await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=30,trim=end_frame=30', '-c:v', 'libx264', '-pix_fmt', 'yuv420p10le', '-movflags', '+faststart', join(dir, 'ten-bit.mp4')]);
  mkdirSync(media);
  copyFileSync(join(dir, 'clip.mp4'), join(media, 'clip.mp4'));
  copyFileSync(join(dir, 'ten-bit.mp4'), join(media, 'ten-bit.mp4'));
  copyFileSync(join(dir, 'ten-bit.mp4'), join(media, 'truncated.mp4'));
  truncateSync(join(media, 'truncated.mp4'), Math.floor(readFileSync(join(media, 'truncated.mp4')).length / 2));
  writeFileSync(join(media, 'notes.txt'), 'a text file, not a video\n');
  writeFileSync(join(media, 'random.mp4'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
  copyFileSync(join(dir, 'clip.mp4'), join(outside, 'secret.mp4'));
  symlinkSync(join(outside, 'secret.mp4'), join(media, 'escape.mp4'));
  const config = loadConfig({ GRPC_PORT: '0', HTTP_PORT: '0', HOST: '127.0.0.1', MEDIA_ROOTS: media, ARTIFACT_DIR: join(dir, 'artifacts'), MAX_CONCURRENT: '1' });
  app = await startRunner(config, pino({ level: 'silent' }));
  client = new (loadContracts().codeclab.v1.AgentRunner)(`127.0.0.1:${app.grpc.port}`, credentials.createInsecure()) as AgentRunnerClient;
});

afterAll(async () => {
  client?.close();
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

function describeSource(source: Source): Promise<WireSourceDescriptionOutput> {
  return new Promise((resolve, reject) =>
    client.DescribeSource({ source: sourceToWire(source) }, { deadline: Date.now() + 20_000 }, (error, value) => (error ? reject(error) : resolve(value!))),
  );
}

const file = (path: string): Source => ({ kind: 'file', path });
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('DescribeSource', () => {
  it('describes a file: size, rate, frames, video duration, format, depth, range, audio, bytes and digest', async () => {
    const description = sourceDescriptionFromWire(await describeSource(file('clip.mp4')));
    expect(description).toMatchObject({ width: 160, height: 90, frameRate: '30/1', fps: 30, frames: 30, pixelFormat: 'yuv420p', bitDepth: 8, colorRange: 'limited', audio: true, codec: 'h264' });
    expect(description.durationSeconds).toBeCloseTo(1, 2);
    expect(description.sizeBytes).toBe(readFileSync(join(dir, 'media', 'clip.mp4')).length);
    expect(description.sha256).toBe(sha256(join(dir, 'media', 'clip.mp4')));
    const tenBit = sourceDescriptionFromWire(await describeSource(file('ten-bit.mp4')));
    expect(tenBit).toMatchObject({ pixelFormat: 'yuv420p10le', bitDepth: 10, audio: false });
  });

  it('describes a synthetic source without a file digest', async () => {
    const { features, ...description } = sourceDescriptionFromWire(await describeSource({ kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 }));
    expect(description).toEqual({ width: 160, height: 90, frameRate: '30/1', fps: 30, frames: 30, durationSeconds: 1, pixelFormat: 'yuv420p', bitDepth: 8, colorRange: 'limited', audio: false, codec: 'rawvideo' });
    expect(features).toMatchObject({ analysedFrames: 30, analysisScale: 160, sceneCutCount: 0 }); // features.test.ts says what they are
  });

  it.each([
    ['missing.mp4', status.NOT_FOUND, 'ERR_SOURCE_NOT_FOUND', /not found under any media root/],
    ['notes.txt', status.INVALID_ARGUMENT, 'ERR_SOURCE_NOT_VIDEO', /not a readable video/],
    ['random.mp4', status.INVALID_ARGUMENT, 'ERR_SOURCE_NOT_VIDEO', /not a readable video/],
    ['truncated.mp4', status.INVALID_ARGUMENT, /ERR_SOURCE_(NOT_VIDEO|CORRUPT)/, /not a readable video|truncated or corrupt/],
    ['escape.mp4', status.INVALID_ARGUMENT, 'ERR_SOURCE_OUTSIDE_MEDIA_ROOT', /resolves outside the media roots/],
  ])('refuses %s with the reason', async (path, code, errorCode, message) => {
    const error = (await describeSource(file(path)).catch((e: unknown) => e)) as ServiceError;
    expect(error.code).toBe(code);
    expect(String(error.metadata.get('codeclab-error-code')[0])).toMatch(errorCode);
    expect(error.details).toMatch(message);
    expect(error.details).not.toContain(dir); // names the file, never the server's folders
  });
});

describe('a file changed after it was described', () => {
  it('is refused when an experiment runs on it, saying so', async () => {
    const media = join(dir, 'media');
    copyFileSync(join(dir, 'clip.mp4'), join(media, 'changing.mp4'));
    const before = sourceDescriptionFromWire(await describeSource(file('changing.mp4')));
    copyFileSync(join(dir, 'ten-bit.mp4'), join(media, 'changing.mp4'));
    const call = client.RunExperiment({ experimentId: 'changed-1', source: sourceToWire(file('changing.mp4')), config: configToWire(BASELINE_CONFIG), sourceSha256: before.sha256! });
    const error = await new Promise<ServiceError>((resolve, reject) => {
      call.on('data', (event: WireRunEventOutput) => event.result && reject(new Error('the experiment ran on a changed file')));
      call.on('error', resolve);
      call.on('end', () => reject(new Error('the call ended without an error')));
    });
    expect(error.code).toBe(status.FAILED_PRECONDITION);
    expect(String(error.metadata.get('codeclab-error-code')[0])).toBe('ERR_SOURCE_CHANGED');
    expect(error.details).toMatch(/source "changing.mp4" changed since the campaign was created/);
  });
});
