import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, makeClientConstructor, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContracts, type AgentRunnerClient, type WireRunEventOutput } from '@codec-lab/contracts';
import { configToWire, sourceToWire } from '@codec-lab/rpc';
import { BASELINE_CONFIG, type ExperimentConfig, type Source } from '@codec-lab/domain';
import { condition, skipUnless } from '@codec-lab/testing';
import { startRunner, type RunnerApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { liveFfmpegCount } from '../src/media/index.ts';

// agent-runner over real gRPC on loopback with real ffmpeg: what a client sees, status codes included.

const TINY: Source = { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 };
let dir: string;
let app: RunnerApp;
let client: AgentRunnerClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'codeclab-runner-'));
  writeFileSync(join(dir, 'notes.mp4'), 'this is text, not video');
  const config = loadConfig({ GRPC_PORT: '0', HTTP_PORT: '0', HOST: '127.0.0.1', MEDIA_ROOTS: dir, ARTIFACT_DIR: join(dir, 'artifacts'), MAX_CONCURRENT: '1' });
  app = await startRunner(config, pino({ level: 'silent' }));
  const proto = loadContracts();
  client = new proto.codeclab.v1.AgentRunner(`127.0.0.1:${app.grpc.port}`, credentials.createInsecure()) as AgentRunnerClient;
});

afterAll(async () => {
  client.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(experimentId: string, source: Source | undefined, config: ExperimentConfig | undefined) {
  const call = client.RunExperiment({
    experimentId,
    source: source ? sourceToWire(source) : undefined,
    config: config ? configToWire(config) : undefined,
  });
  const events: WireRunEventOutput[] = [];
  const done = new Promise<WireRunEventOutput[]>((resolve, reject) => {
    call.on('data', (event: WireRunEventOutput) => events.push(event));
    call.on('error', reject);
    call.on('end', () => resolve(events));
  });
  return { call, events, done };
}

async function statusOf(promise: Promise<unknown>): Promise<{ code: number; details: string }> {
  const error = (await promise.then(
    () => ({ code: status.OK, details: 'ok' }),
    (e: ServiceError) => e,
  )) as ServiceError;
  return { code: error.code, details: error.details };
}

describe('agent-runner over gRPC', () => {
  it('reports SERVING on grpc.health.v1 and what it can really encode', async () => {
    const Health = makeClientConstructor(healthService, 'Health');
    const health = new Health(`127.0.0.1:${app.grpc.port}`, credentials.createInsecure()) as unknown as Client & {
      check(req: object, cb: (e: Error | null, r: { status: string }) => void): void;
    };
    const answer = await new Promise<{ status: string }>((resolve, reject) =>
      health.check({ service: 'codeclab.v1.AgentRunner' }, (e, r) => (e ? reject(e) : resolve(r))),
    );
    expect(answer.status).toBe('SERVING');
    health.close();

    // What the runner proved at start-up (capabilities.test.ts compares that with the ffmpeg build).
    const caps = await new Promise<{ encoders: { name: string }[]; vmafAvailable?: boolean }>((resolve, reject) =>
      client.GetCapabilities({}, (e, r) => (e ? reject(e) : resolve(r as never))),
    );
    expect(caps.encoders.map((e) => e.name)).toEqual(app.runner.capabilities.encoders);
    expect(caps.encoders.length).toBeGreaterThan(0);
    expect(caps.vmafAvailable ?? false).toBe(app.runner.capabilities.vmafModels.length > 0);
  });

  it('streams progress, then one measured result', async () => {
    const events = await run('grpc-ok', TINY, BASELINE_CONFIG).done;
    const progress = events.filter((e) => e.progress);
    const results = events.filter((e) => e.result);
    expect(results).toHaveLength(1);
    expect(events.at(-1)?.result).toBeDefined();
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.map((e) => e.progress!.phase)).toContain('measure');
    const result = results[0]!.result!;
    expect(result.bitrateBps).toBeCloseTo(((result.bytes ?? 0) * 8) / (result.durationSeconds ?? 1), 6);
    expect(result.frames).toBe(30);
  });

  it('answers bad input with the right status and a message a person understands, and keeps serving', async () => {
    const badCrf = await statusOf(run('bad-crf', TINY, { ...BASELINE_CONFIG, rateControl: { mode: 'crf', crf: 99 } }).done);
    expect(badCrf.code).toBe(status.INVALID_ARGUMENT);
    expect(badCrf.details).toContain('CRF must be between 0 and 51');

    const noConfig = await statusOf(run('no-config', TINY, undefined).done);
    expect(noConfig).toEqual({ code: status.INVALID_ARGUMENT, details: 'config (a codec or parameter_storage config) is required' });

    const absurd = await statusOf(run('absurd', { ...TINY, width: 100_000, seconds: 1e9 }, BASELINE_CONFIG).done);
    expect(absurd.code).toBe(status.INVALID_ARGUMENT);
    expect(absurd.details).toMatch(/width: Too big.*seconds: Too big/);

    const badId = await statusOf(run('../../etc', TINY, BASELINE_CONFIG).done);
    expect(badId.code).toBe(status.INVALID_ARGUMENT);

    const missing = await statusOf(run('missing', { kind: 'file', path: 'nope.mp4' }, BASELINE_CONFIG).done);
    expect(missing.code).toBe(status.NOT_FOUND);

    const notVideo = await statusOf(run('text', { kind: 'file', path: 'notes.mp4' }, BASELINE_CONFIG).done);
    expect(notVideo.code).toBe(status.INVALID_ARGUMENT);
    expect(notVideo.details).toMatch(/not a (readable )?video|no video/i);

    expect((await run('after-errors', TINY, BASELINE_CONFIG).done).at(-1)?.result).toBeDefined();
  });

  it('refuses an encoder this runner cannot use with FAILED_PRECONDITION', async (ctx) => {
    const gpu = app.runner.capabilities.gpuName;
    skipUnless(ctx, condition(!app.runner.capabilities.encoders.includes('h264_nvenc'), `this runner encodes with h264_nvenc (GPU ${gpu}), so its refusal cannot be shown`));
    const nvenc = await statusOf(run('nvenc', TINY, { ...BASELINE_CONFIG, encoder: 'h264_nvenc', preset: 'p4', rateControl: { mode: 'crf', crf: 28 } }).done);
    expect(nvenc.code, `GPU: ${gpu || 'none'}`).toBe(status.FAILED_PRECONDITION);
    expect(nvenc.details).toContain('h264_nvenc is not usable on this runner');
  });

  it('refuses work beyond its concurrency limit and kills ffmpeg when a call is cancelled', async () => {
    const long: Source = { kind: 'synthetic', generator: 'testsrc2', width: 640, height: 360, fps: 30, seconds: 20 };
    const first = run('long', long, { ...BASELINE_CONFIG, encoder: 'libx265', preset: 'veryslow' });
    await expect.poll(() => first.events.some((e) => e.progress?.phase === 'encode'), { timeout: 10_000 }).toBe(true);

    const second = await statusOf(run('second', TINY, BASELINE_CONFIG).done);
    expect(second.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(second.details).toContain('runner is busy');

    const cancelledAt = Date.now();
    first.call.cancel();
    expect((await statusOf(first.done)).code).toBe(status.CANCELLED);
    await expect.poll(() => liveFfmpegCount(), { timeout: 3_000 }).toBe(0);
    expect(Date.now() - cancelledAt).toBeLessThan(5_000);
    await expect.poll(() => app.runner.activeExperiments, { timeout: 3_000 }).toBe(0);
  });
});
