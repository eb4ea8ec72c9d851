import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContracts, type AgentRunnerClient, type WireFrameQualityOutput, type WireRunEventOutput, type WireStillOutput } from '@codec-lab/contracts';
import { BASELINE_CONFIG } from '@codec-lab/domain';
import { configToWire, resultFromWire, sourceToWire } from '@codec-lab/rpc';
import { met, metricsFfmpeg, metricsFfmpegPath, skipUnless } from '@codec-lab/testing';
import { startRunner, type RunnerApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

// A runner with the metrics ffmpeg over real gRPC: VMAF options in the request, VMAF and both
// ffmpeg builds in the result, then the per-frame series and a still of the stored experiment.

const TINY = sourceToWire({ kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 });
let dir: string;
let app: RunnerApp | undefined;
let client: AgentRunnerClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'codeclab-frames-'));
  if (!met(metricsFfmpeg())) return;
  const env = { GRPC_PORT: '0', HTTP_PORT: '0', HOST: '127.0.0.1', ARTIFACT_DIR: join(dir, 'artifacts'), METRICS_FFMPEG_PATH: metricsFfmpegPath() };
  app = await startRunner(loadConfig(env), pino({ level: 'silent' }));
  client = new (loadContracts().codeclab.v1.AgentRunner)(`127.0.0.1:${app.grpc.port}`, credentials.createInsecure()) as AgentRunnerClient;
});
afterAll(async () => {
  client?.close();
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(experimentId: string, vmaf: { model?: string; subsample?: number }): Promise<WireRunEventOutput[]> {
  const call = client.RunExperiment({ experimentId, source: TINY, config: configToWire(BASELINE_CONFIG), vmaf });
  const events: WireRunEventOutput[] = [];
  return new Promise((resolve, reject) => {
    call.on('data', (event: WireRunEventOutput) => events.push(event));
    call.on('error', reject);
    call.on('end', () => resolve(events));
  });
}
const unary = <T>(call: (callback: (error: ServiceError | null, value?: T) => void) => void) =>
  new Promise<T>((resolve, reject) => call((error, value) => (error ? reject(error) : resolve(value!))));

describe('VMAF, frames and stills over gRPC', () => {
  it('measures with the requested model, names both ffmpeg builds, and serves the frames and a still', async (ctx) => {
    skipUnless(ctx, metricsFfmpeg());
    const events = await run('grpc-neg', { model: 'vmaf_v0.6.1neg', subsample: 1 });
    const result = resultFromWire(events.at(-1)?.result);
    expect(result.vmaf).toMatchObject({ available: true, model: 'vmaf_v0.6.1neg', subsample: 1, scoredFrames: 30 });
    expect(result.ffmpeg?.encoder.version).toBe(app!.runner.capabilities.encoder.version);
    expect(result.ffmpeg?.meter).toEqual({ version: app!.runner.capabilities.meter.binary.version, sha256: app!.runner.capabilities.meter.binary.sha256 });

    const frames = await unary<WireFrameQualityOutput>((cb) => client.GetFrameQuality({ experimentId: 'grpc-neg' }, cb));
    expect(frames.frames).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(frames.psnr).toHaveLength(30);
    expect(frames.ssim).toHaveLength(30);
    expect(frames.vmaf).toHaveLength(30);
    expect(frames.vmafModel).toBe('vmaf_v0.6.1neg');

    // The runner's metrics count the VMAF it measured, by model.
    const metrics = await (await fetch(`http://127.0.0.1:${app!.httpPort}/metrics`)).text();
    expect(metrics).toMatch(/codeclab_runner_experiment_vmaf_score_count\{[^}]*encoder="libx264",model="vmaf_v0\.6\.1neg"[^}]*\} 1/);
    expect(metrics).toMatch(/codeclab_runner_measure_seconds_count\{[^}]*encoder="libx264"[^}]*\} 1/);

    const still = await unary<WireStillOutput>((cb) => client.RenderStill({ experimentId: 'grpc-neg', frame: 29 }, cb));
    expect([still.frame, still.width, still.height]).toEqual([29, 160, 90]);
    expect(still.sourcePng?.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(still.artifactPng?.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('refuses an unknown model, an unknown experiment and a frame it did not compare, with the reason', async (ctx) => {
    skipUnless(ctx, metricsFfmpeg());
    await expect(run('grpc-bad-model', { model: 'vmaf_4k_v0.6.1' })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringMatching(/model/),
    });
    await expect(unary((cb) => client.GetFrameQuality({ experimentId: 'never-ran' }, cb))).rejects.toMatchObject({
      code: status.NOT_FOUND,
      details: expect.stringContaining('never-ran'),
    });
    await run('grpc-range', {});
    await expect(unary((cb) => client.RenderStill({ experimentId: 'grpc-range', frame: 30 }, cb))).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining('frame 30 was not compared (compared frames: 0-29)'),
    });
    await expect(unary((cb) => client.GetFrameQuality({ experimentId: '../etc' }, cb))).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  });
});
