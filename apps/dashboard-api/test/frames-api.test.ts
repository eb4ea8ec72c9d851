import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentials } from '@grpc/grpc-js';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContracts, type AgentRunnerClient, type WireFrameQualityOutput, type WireRunEventOutput } from '@codec-lab/contracts';
import { BASELINE_CONFIG, DomainError, experimentId, type ExperimentResult, type Source } from '@codec-lab/domain';
import { budgetObjective } from '@codec-lab/domain/testing';
import { configToWire, resultFromWire, sourceToWire, vmafOptionsToWire } from '@codec-lab/rpc';
import { createReadStore, createStore, type ReadStore, type Store } from '@codec-lab/store';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '@codec-lab/store/embedded';
import { metricsFfmpegPath } from '@codec-lab/testing';
import type { FastifyInstance } from 'fastify';
// eslint-disable-next-line @nx/enforce-module-boundaries -- start the real agent-runner bundle exactly as the lab does
import { startService, stopService, type ServiceProcess } from '../../../tools/lab/src/child.ts';
import { buildApp } from '../src/app.ts';
import { createFrameRunner, type FrameRunner } from '../src/frame-runner.ts';
import type { Frames } from '../src/frame-responses.ts';
import { campaign, experiment } from './seed.ts';

// Per-frame quality and stills end to end: dynalite holds the campaign, a real agent-runner process
// (the bundle `npm start` runs) ran and measured a real 160x90, 1 s experiment, and dashboard-api
// reads the one and asks the other. Which frame is worst depends on the encoder build, so it is
// never named here: the list is checked against the series.

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const TINY: Source = { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 };
const C = 'f0f0f0f0-0000-4000-8000-000000000001';
const AT = '2026-05-01T00:00:00.000Z';
const MEASURED = experimentId(C, 1);
let dir: string;
let dynamo: EmbeddedDynamo;
let writer: Store;
let reader: ReadStore;
let runnerProcess: ServiceProcess;
let client: AgentRunnerClient;
let runner: FrameRunner;
let app: FastifyInstance;
let result: ExperimentResult;
let wire: WireFrameQualityOutput;

function runOnRunner(id: string): Promise<ExperimentResult> {
  const call = client.RunExperiment({ experimentId: id, source: sourceToWire(TINY), config: configToWire({ ...BASELINE_CONFIG, preset: 'veryfast' }), vmaf: vmafOptionsToWire({ model: 'vmaf_v0.6.1', subsample: 2 }) });
  return new Promise((resolve, reject) => {
    call.on('data', (event: WireRunEventOutput) => event.result && resolve(resultFromWire(event.result)));
    call.on('error', reject);
    call.on('end', () => reject(new Error('RunExperiment ended without a result')));
  });
}

/** RenderStill calls the runner handled, from its own /metrics. */
async function stillsRendered(): Promise<number> {
  const text = await (await fetch(runnerProcess.urls.metrics!)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('grpc_server_handled_total{') && line.includes('grpc_method="RenderStill"'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

const pngSize = (png: Buffer) => ({ signature: png.subarray(0, 8).toString('hex'), width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'codeclab-frames-'));
  mkdirSync(join(dir, 'logs'));
  dynamo = await startEmbeddedDynamo({});
  const options = { endpoint: dynamo.endpoint, region: 'local', tableName: 'frames' };
  writer = createStore(options);
  await writer.ensureTable();
  reader = createReadStore(options);
  const meter = metricsFfmpegPath();
  runnerProcess = await startService({
    name: 'agent-runner',
    entry: join(root, 'dist', 'apps', 'agent-runner', 'main.js'),
    env: { HOST: '127.0.0.1', GRPC_PORT: '0', HTTP_PORT: '0', LOG_LEVEL: 'info', ARTIFACT_DIR: join(dir, 'artifacts'), ...(meter ? { METRICS_FFMPEG_PATH: meter } : {}) },
    logDir: join(dir, 'logs'),
    echo: false,
    readyTimeoutMs: 90_000,
    onSpawn: () => {},
  });
  const address = runnerProcess.urls.grpc!;
  client = new (loadContracts().codeclab.v1.AgentRunner)(address, credentials.createInsecure()) as AgentRunnerClient;
  result = await runOnRunner(MEASURED);
  wire = await new Promise((resolve, reject) => client.GetFrameQuality({ experimentId: MEASURED }, (e, r) => (e ? reject(e) : resolve(r!))));

  await writer.campaigns.create(campaign(C, AT, { objective: budgetObjective(0.1, 'vmaf') }));
  await writer.experiments.insert({ ...experiment(C, AT, { seq: 1, origin: 'baseline', measured: [1, 1] }), result });
  await writer.experiments.insert(experiment(C, AT, { seq: 2, origin: 'planner', crf: 30, status: 'running' }));
  // Stored as measured, but by a runner that is gone: this one never ran it.
  await writer.experiments.insert(experiment(C, AT, { seq: 3, origin: 'planner', crf: 33, measured: [90_000, 35] }));
  runner = createFrameRunner(address);
  app = buildApp({ store: reader, registry: new Registry(), logger: pino({ level: 'silent' }), runner });
});

afterAll(async () => {
  await app?.close();
  client?.close();
  if (runnerProcess) await stopService(runnerProcess, 15_000);
  reader?.close();
  writer?.close();
  await dynamo?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const framesOf = async (id: string) => app.inject({ url: `/v1/experiments/${id}/frames` });

describe('per-frame quality from a real agent-runner', () => {
  it('serves the runner’s series, one value per compared frame, cached for long', async () => {
    const response = await framesOf(MEASURED);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['etag']).toBeTruthy();
    const body = response.json<Frames>();
    expect(body.frames).toHaveLength(result.frames);
    expect(body.frames).toEqual(wire.frames);
    expect(body.psnr).toEqual(wire.psnr);
    expect(body.ssim).toEqual(wire.ssim);
    for (const value of [...body.psnr, ...body.ssim]) expect(Number.isFinite(value)).toBe(true);
    // SSIM "All" of the result is the mean of the per-frame values.
    expect(body.ssim.reduce((a, b) => a + b, 0) / body.ssim.length).toBeCloseTo(result.ssim.all, 3);
    if (result.vmaf.available) {
      expect(body.vmaf).toEqual({ model: result.vmaf.model, frames: wire.vmafFrames, values: wire.vmaf });
      expect(body.vmaf!.frames.length).toBe(result.vmaf.scoredFrames);
      expect(body.vmaf!.frames.every((f) => body.frames.includes(f))).toBe(true);
      expect(body.vmaf!.values.reduce((a, b) => a + b, 0) / body.vmaf!.values.length).toBeCloseTo(result.vmaf.mean, 1);
      expect(body.metric).toBe('vmaf');
    } else {
      expect(body.vmaf).toBeNull();
      expect(body.metric).toBe('psnr'); // the campaign wants VMAF; without it, PSNR, as qualityOf says
    }
    const again = await app.inject({ url: `/v1/experiments/${MEASURED}/frames`, headers: { 'if-none-match': String(response.headers['etag']) } });
    expect(again.statusCode).toBe(304);
  });

  it('lists the worst frames, lowest first, as the series has them', async () => {
    const body = (await framesOf(MEASURED)).json<Frames>();
    const [frames, values] = body.metric === 'vmaf' ? [body.vmaf!.frames, body.vmaf!.values] : [body.frames, body.psnr];
    const ranked = frames.map((frame, i) => ({ frame, value: values[i]! })).sort((a, b) => a.value - b.value || a.frame - b.frame);
    expect(body.worst.map((w) => w.frame)).toEqual(ranked.slice(0, 10).map((r) => r.frame));
    const value = (w: Frames['worst'][number]) => (body.metric === 'vmaf' ? w.vmaf! : w.psnr);
    for (let i = 1; i < body.worst.length; i++) expect(value(body.worst[i]!)).toBeGreaterThanOrEqual(value(body.worst[i - 1]!));
    for (const w of body.worst) {
      const i = body.frames.indexOf(w.frame);
      expect([w.psnr, w.ssim]).toEqual([body.psnr[i], body.ssim[i]]);
    }
  });

  it('serves a frame as two PNGs at the source size, from one RenderStill, then from its cache', async () => {
    const frame = (await framesOf(MEASURED)).json<Frames>().worst[0]!.frame;
    const before = await stillsRendered();
    const urls = ['source', 'artifact', 'source'].map((which) => `/v1/experiments/${MEASURED}/frames/${frame}/${which}.png`);
    const responses = await Promise.all(urls.map((url) => app.inject({ url })));
    for (const response of responses) {
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe('image/png');
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(pngSize(response.rawPayload)).toEqual({ signature: '89504e470d0a1a0a', width: 160, height: 90 });
    }
    expect(responses[0]!.rawPayload.equals(responses[1]!.rawPayload)).toBe(false); // the artifact is not the source
    expect(await stillsRendered()).toBe(before + 1);
    const repeat = await app.inject({ url: urls[1]! });
    expect(repeat.rawPayload.equals(responses[1]!.rawPayload)).toBe(true);
    expect((await app.inject({ url: urls[0]!, headers: { 'if-none-match': String(responses[0]!.headers['etag']) } })).statusCode).toBe(304);
    expect(await stillsRendered()).toBe(before + 1);
  });

  it('answers 404 for an unknown or unmeasured experiment and an uncompared frame, 400 for a bad frame', async () => {
    const code = async (url: string) => {
      const response = await app.inject({ url });
      return [response.statusCode, response.json().error.code];
    };
    expect(await code(`/v1/experiments/${experimentId(C, 9)}/frames`)).toEqual([404, 'ERR_EXPERIMENT_NOT_FOUND']);
    expect(await code(`/v1/experiments/${experimentId(C, 2)}/frames`)).toEqual([404, 'ERR_EXPERIMENT_NOT_MEASURED']);
    expect(await code(`/v1/experiments/${MEASURED}/frames/${result.frames + 5}/source.png`)).toEqual([404, 'ERR_FRAME_NOT_FOUND']);
    expect(await code(`/v1/experiments/${MEASURED}/frames/-3/artifact.png`)).toEqual([400, 'ERR_VALIDATION']);
    expect(await code('/v1/experiments/nonsense/frames')).toEqual([400, 'ERR_INVALID_EXPERIMENT_ID']);
    // The runner's own OUT_OF_RANGE, which the route never lets through, maps to the same 404.
    const outOfRange = await runner.renderStill(MEASURED, result.frames + 5).catch((e: unknown) => e);
    expect(outOfRange).toBeInstanceOf(DomainError);
    expect((outOfRange as DomainError).code).toBe('ERR_FRAME_NOT_FOUND');
  });

  it('answers 503 saying why when no runner holds the experiment or none is configured', async () => {
    const gone = await framesOf(experimentId(C, 3));
    expect(gone.statusCode).toBe(503);
    expect(gone.json().error.code).toBe('ERR_ARTIFACT_NOT_HELD');
    expect(gone.json().error.message).toMatch(/only the agent-runner that ran an experiment keeps its artifact/);
    const bare = buildApp({ store: reader, registry: new Registry(), logger: pino({ level: 'silent' }) });
    const unset = await bare.inject({ url: `/v1/experiments/${MEASURED}/frames` });
    await bare.close();
    expect(unset.statusCode).toBe(503);
    expect(unset.json().error.message).toMatch(/RUNNER_ADDR/);
  });

  it('keeps serving what it cached once the runner is gone, and says the runner is unreachable for the rest', async () => {
    const body = (await framesOf(MEASURED)).json<Frames>();
    const [shown, unseen] = [body.worst[0]!.frame, body.frames.find((f) => f !== body.worst[0]!.frame)!];
    await stopService(runnerProcess, 15_000);
    expect((await framesOf(MEASURED)).statusCode).toBe(200);
    expect((await app.inject({ url: `/v1/experiments/${MEASURED}/frames/${shown}/artifact.png` })).statusCode).toBe(200);
    const lost = await app.inject({ url: `/v1/experiments/${MEASURED}/frames/${unseen}/source.png` });
    expect(lost.statusCode).toBe(503);
    expect(lost.json().error.code).toBe('ERR_RUNNER_UNAVAILABLE');
  });
});
