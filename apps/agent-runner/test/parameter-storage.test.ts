import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContracts, type AgentRunnerClient, type WireRunEventOutput } from '@codec-lab/contracts';
import { ParameterStorageConfigSchema, type ExperimentConfig, type ParameterStorageConfigInput, type Source } from '@codec-lab/domain';
import { PROCEDURAL_SCENES, writeSceneY4m } from '@codec-lab/procedural';
import { configToWire, resultFromWire, sourceToWire } from '@codec-lab/rpc';
import { FFMPEG_PATH } from '@codec-lab/testing';
import { startRunner, type RunnerApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { liveFfmpegCount } from '../src/media/index.ts';
import { decodeParameterArtifact } from '../src/parameter-storage/decode-artifact.ts';

// The parameter_storage strategy through a real runner over gRPC: a procedural source written as a
// file by the scene renderer, fitted from its decoded frames, stored, decoded back from the
// artifact's file and measured by ffmpeg like any encode.

const SIZE = { width: 160, height: 90, frames: 30, fps: [30, 1] as [number, number] };
let dir: string;
let app: RunnerApp;
let client: AgentRunnerClient;

const ps = (input: Omit<ParameterStorageConfigInput, 'strategy'> = {}): ExperimentConfig => ParameterStorageConfigSchema.parse({ strategy: 'parameter_storage', ...input });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'codeclab-ps-'));
  await writeSceneY4m(PROCEDURAL_SCENES['gradient-box']!(SIZE), join(dir, 'gradient-box.y4m'));
  // A camera-like source: noise the scene vocabulary does not fit.
  execFileSync(FFMPEG_PATH, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=30,noise=alls=40:allf=t', '-frames:v', '30', '-pix_fmt', 'yuv420p', join(dir, 'noisy.y4m')]);
  const config = loadConfig({ GRPC_PORT: '0', HTTP_PORT: '0', HOST: '127.0.0.1', MEDIA_ROOTS: dir, ARTIFACT_DIR: join(dir, 'artifacts'), MAX_CONCURRENT: '1' });
  app = await startRunner(config, pino({ level: 'silent' }));
  client = new (loadContracts().codeclab.v1.AgentRunner)(`127.0.0.1:${app.grpc.port}`, credentials.createInsecure()) as AgentRunnerClient;
}, 120_000);

afterAll(async () => {
  client?.close();
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(experimentId: string, source: Source, config: ExperimentConfig) {
  const call = client.RunExperiment({ experimentId, source: sourceToWire(source), config: configToWire(config) });
  const events: WireRunEventOutput[] = [];
  const done = new Promise<WireRunEventOutput[]>((resolve, reject) => {
    call.on('data', (event: WireRunEventOutput) => events.push(event));
    call.on('error', reject);
    call.on('end', () => resolve(events));
  });
  return { call, events, done };
}

const load = () => new Promise<{ active?: number }>((resolve, reject) => client.GetLoad({}, (e, r) => (e ? reject(e) : resolve(r as never))));
const failure = (promise: Promise<unknown>) => promise.then(() => null, (e: ServiceError) => ({ code: e.code, details: e.details }));

describe('parameter_storage on agent-runner', () => {
  it('fits a procedural source, stores a description of a few hundred bytes, and measures what its file decodes to', async () => {
    const events = await run('ps-gradient', { kind: 'file', path: 'gradient-box.y4m' }, ps()).done;
    const result = resultFromWire(events.at(-1)!.result);
    expect(result.frames).toBe(SIZE.frames);
    expect(result.parameterStorage).toBeDefined();
    const report = result.parameterStorage!;
    expect(report.layers.length).toBeGreaterThan(0);
    expect(report.residualBytes).toBe(0);
    // The artifact is the description (and its container's few bytes); bitrate is its bytes over the duration.
    expect(result.bytes).toBeGreaterThanOrEqual(report.sceneBytes);
    expect(result.bytes).toBeLessThan(2000);
    expect(result.bitrateBps).toBeCloseTo((result.bytes * 8) / result.durationSeconds, 6);
    // Measured by ffmpeg against the source, not taken from the fitter.
    expect(result.psnr.avg).toBeGreaterThan(40);
    expect(result.psnr.avg).toBeCloseTo(report.fitPsnrAvg, 0);
    const progress = events.filter((e) => e.progress).map((e) => e.progress!);
    expect(progress.some((p) => p.phase === 'encode')).toBe(true);
    expect(progress.some((p) => p.phase === 'measure')).toBe(true);

    // The stored artifact is the file measured: the published folder holds it and its decoded rendering.
    const artifact = new URL(result.artifactUri);
    expect(artifact.pathname.endsWith('/ps-gradient/artifact.clps')).toBe(true);
    expect(readFileSync(artifact).length).toBe(result.bytes);
  });

  it('carries what the fit missed in a residual video on a noisy source, and counts its bytes', async () => {
    const events = await run('ps-noisy', { kind: 'file', path: 'noisy.y4m' }, ps({ effort: 1, residual: { codec: 'libx264', crf: 30 } })).done;
    const result = resultFromWire(events.at(-1)!.result);
    const report = result.parameterStorage!;
    expect(report.residualBytes).toBeGreaterThan(0);
    expect(result.bytes).toBeGreaterThanOrEqual(report.sceneBytes + report.residualBytes);
    // The residual restores what the description alone could not.
    expect(result.psnr.avg).toBeGreaterThan(report.fitPsnrAvg);
  });

  it('refuses a source with more frames than the fitter holds, before decoding it, naming the limit', async () => {
    const long: Source = { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 60, seconds: 31 };
    const refused = await failure(run('ps-long', long, ps()).done);
    expect(refused?.code).toBe(status.FAILED_PRECONDITION);
    expect(refused?.details).toMatch(/parameter storage fits at most 1800 frames/);
  });

  it('answers other calls while it fits, and stops fitting when the call is cancelled, leaving no ffmpeg behind', async () => {
    const big: Source = { kind: 'synthetic', generator: 'testsrc2', width: 640, height: 360, fps: 30, seconds: 10 };
    const call = run('ps-cancel', big, ps({ effort: 5 }));
    await expect.poll(() => call.events.some((e) => e.progress?.phase === 'encode' && (e.progress.percent ?? 0) > 10), { timeout: 30_000 }).toBe(true);
    // The fit runs on a worker thread: the runner answers other calls meanwhile.
    expect((await load()).active).toBe(1);
    expect(call.events.some((e) => e.result)).toBe(false);
    call.call.cancel();
    expect((await failure(call.done))?.code).toBe(status.CANCELLED);
    await expect.poll(() => liveFfmpegCount(), { timeout: 5_000 }).toBe(0);
    // The slot is given back once the worker has stopped, and the runner takes the next experiment.
    await expect.poll(async () => (await load()).active ?? 0, { timeout: 10_000 }).toBe(0);
    expect((await run('ps-after-cancel', { kind: 'file', path: 'gradient-box.y4m' }, ps({ effort: 1 })).done).at(-1)?.result).toBeDefined();
  });
});

describe('a corrupt parameter-storage artifact', () => {
  const layout = { width: 160, height: 90, fps: { num: 30, den: 1 }, pixFmt: 'yuv420p', colorRange: 'limited' } as const;
  for (const [name, bytes] of Object.entries({
    'random bytes': Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 97 + 13) % 256)),
    'a truncated container': Buffer.from('CLPS\u0001\u0000\u0000'),
    empty: Buffer.alloc(0),
  })) {
    it(`fails cleanly (${name})`, async () => {
      const work = join(dir, `corrupt-${name.replace(/\W+/g, '-')}`);
      mkdirSync(work, { recursive: true });
      writeFileSync(join(work, 'artifact.clps'), bytes);
      const decoding = decodeParameterArtifact({ artifactPath: join(work, 'artifact.clps'), decodedPath: join(work, 'decoded.mkv'), layout, frames: 30, dir: work, ffmpegPath: FFMPEG_PATH });
      await expect(decoding).rejects.toMatchObject({ code: 'ERR_ARTIFACT_CORRUPT', message: expect.stringMatching(/^the parameter-storage artifact is not valid: /) });
    });
  }
});
