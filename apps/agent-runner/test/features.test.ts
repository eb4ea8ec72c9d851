import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { credentials } from '@grpc/grpc-js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContracts, type AgentRunnerClient, type WireSourceDescriptionOutput } from '@codec-lab/contracts';
import { DomainError, type Source, type SourceDescription, type SourceFeatures, type SyntheticSource } from '@codec-lab/domain';
import { sourceDescriptionFromWire, sourceDescriptionToWire, sourceToWire } from '@codec-lab/rpc';
import { startRunner, type RunnerApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { bitDepthOf, describeInput } from '../src/media/describe.ts';
import { analysedFrameLimit, analysisSize, MAX_ANALYSED_FRAMES, measureFeatures, parseFeatureLog } from '../src/media/features.ts';
import { resolveInput } from '../src/media/input.ts';
import { ffmpeg } from './media/fixtures.ts';
import { tempDir } from './media/testing.ts';

// Content features measured when a source is described: behaviour on tiny sources made to have
// (or lack) motion, noise and cuts, never exact values of one ffmpeg build.

const LOSSLESS = ['-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0'];
const moving = (seconds: number) => `testsrc2=size=320x180:rate=30,trim=end_frame=${seconds * 30}`;
const still = (seconds: number) => `smptehdbars=size=320x180:rate=30,trim=end_frame=${seconds * 30}`;
const synthetic = (generator: SyntheticSource['generator'], width = 320, height = 180, seconds = 1): Source => ({ kind: 'synthetic', generator, width, height, fps: 30, seconds });

let dir: string;
let remove: () => Promise<void>;
let media: string;

/** The features of a source opened as an experiment opens it. */
async function featuresOf(source: Source): Promise<SourceFeatures> {
  const input = await resolveInput(source, [media]);
  return measureFeatures(input, { bitDepth: bitDepthOf(input.pixFmt) });
}
const file = (path: string): Source => ({ kind: 'file', path });

beforeAll(async () => {
  ({ dir, remove } = await tempDir('features'));
  media = join(dir, 'media');
  mkdirSync(media);
  const clip = (graph: string, name: string, extra: readonly string[] = []) => ffmpeg(['-f', 'lavfi', '-i', graph, ...LOSSLESS, ...extra, join(media, name)]);
  await clip(moving(1), 'clean.mp4');
  await clip(`${moving(1)},noise=alls=25:allf=t`, 'noisy.mp4');
  await clip(`${moving(1)},format=yuv420p10le`, 'clean-10bit.mp4', ['-pix_fmt', 'yuv420p10le']);
  await clip(`${still(1)},format=yuv420p10le`, 'still-10bit.mp4', ['-pix_fmt', 'yuv420p10le']);
  await clip(`${moving(1)},format=yuv420p[a];${still(1)},format=yuv420p[b];[a][b]concat=n=2:v=1:a=0`, 'cut.mp4');
  await clip(moving(2), 'continuous.mp4');
});

afterAll(async () => {
  await remove?.();
});

describe('content features', () => {
  it('a still source has no temporal information, a moving one has', async () => {
    const [bars, pattern] = [await featuresOf(synthetic('smptehdbars')), await featuresOf(synthetic('testsrc2'))];
    expect(bars.temporalInfo.mean).toBeLessThan(0.01);
    expect(bars.temporalInfo.max).toBeLessThan(0.01);
    expect(pattern.temporalInfo.mean).toBeGreaterThan(1);
    expect(pattern.temporalInfo.max).toBeGreaterThanOrEqual(pattern.temporalInfo.mean);
    expect(bars.spatialInfo.mean).toBeGreaterThan(1); // bars have edges
    expect(bars).toMatchObject({ analysedFrames: 30, analysisScale: 320, sceneCutCount: 0, sceneCuts: [] });
  });

  it('a source with added noise measures clearly noisier than the same without', async () => {
    const [clean, noisy] = [await featuresOf(file('clean.mp4')), await featuresOf(file('noisy.mp4'))];
    expect(clean.noise).toBeGreaterThanOrEqual(0);
    expect(noisy.noise).toBeGreaterThan(2 * clean.noise);
    expect(noisy.noise - clean.noise).toBeGreaterThan(1); // 8-bit code values
  });

  it('finds the one cut of two different pieces joined at 1 s, and none in a continuous source', async () => {
    const cut = await featuresOf(file('cut.mp4'));
    expect(cut.sceneCutCount).toBe(1);
    expect(cut.sceneCuts).toHaveLength(1);
    expect(Math.abs(cut.sceneCuts[0]! - 1)).toBeLessThanOrEqual(1 / 30 + 1e-6);
    expect(cut.analysedFrames).toBe(60);
    const continuous = await featuresOf(file('continuous.mp4'));
    expect(continuous).toMatchObject({ sceneCutCount: 0, sceneCuts: [], analysedFrames: 60 });
  });

  it('measures a 10-bit source in 8-bit units: as its 8-bit twin, and still when still', async () => {
    const [eight, ten] = [await featuresOf(file('clean.mp4')), await featuresOf(file('clean-10bit.mp4'))];
    expect(Math.abs(ten.noise - eight.noise)).toBeLessThan(0.25);
    expect(ten.spatialInfo.mean).toBeCloseTo(eight.spatialInfo.mean, 0);
    expect(ten.temporalInfo.mean).toBeCloseTo(eight.temporalInfo.mean, 0);
    const stillTen = await featuresOf(file('still-10bit.mp4'));
    expect(stillTen.temporalInfo.max).toBeLessThan(0.01);
    expect(stillTen.noise).toBeLessThan(eight.noise);
  });

  it('gives the same values for the same source every time', async () => {
    expect(await featuresOf(file('cut.mp4'))).toEqual(await featuresOf(file('cut.mp4')));
  });

  it('analyses a wide source at 640 pixels wide, keeping its aspect with even sizes', async () => {
    expect(await featuresOf(synthetic('testsrc2', 1280, 720, 0.2))).toMatchObject({ analysisScale: 640, analysedFrames: 6 });
    expect(analysisSize(1920, 1080)).toEqual({ width: 640, height: 360 });
    expect(analysisSize(720, 480)).toEqual({ width: 640, height: 426 });
    expect(analysisSize(1920, 800)).toEqual({ width: 640, height: 266 });
    expect(analysisSize(320, 180)).toEqual({ width: 320, height: 180 });
  });

  it('looks at no more than the first frames a quick description allows', () => {
    expect(analysedFrameLimit(320, 180)).toBe(MAX_ANALYSED_FRAMES);
    expect(analysedFrameLimit(1920, 1080)).toBe(MAX_ANALYSED_FRAMES);
    expect(analysedFrameLimit(3840, 2160)).toBe(MAX_ANALYSED_FRAMES / 4);
  });

  it('is part of what describing a source returns', async () => {
    const description = await describeInput(await resolveInput(file('cut.mp4'), [media]));
    expect(description.features).toMatchObject({ sceneCutCount: 1, analysedFrames: 60, analysisScale: 320 });
  });
});

describe('reading the analysis log', () => {
  const frame = (n: number, extra = '') =>
    `frame:${n}    pts:${n * 40000}   pts_time:${n * 0.04}\nlavfi.psnr.mse.y=4.000000\nlavfi.siti.si=10.00\nlavfi.siti.ti=${n === 0 ? 0 : 2}.00\nlavfi.scd.score=1.0\n${extra}`;

  it('fails clearly when ffmpeg printed nothing, or left a value out', () => {
    const failure = (text: string) => {
      try {
        parseFeatureLog(text, { bitDepth: 8, analysisScale: 320 });
      } catch (error) {
        return error as DomainError;
      }
      throw new Error('parsed');
    };
    expect(failure('')).toMatchObject({ code: 'ERR_FEATURES_FAILED', message: 'feature analysis printed no frames' });
    expect(failure(frame(0).replace(/lavfi\.siti\.si=.*\n/, ''))).toMatchObject({ code: 'ERR_FEATURES_FAILED', message: expect.stringMatching(/no usable lavfi\.siti\.si for frame 0/) });
  });

  it('pools per-frame values: TI without the first frame, noise as an RMS in 8-bit code values', () => {
    const log = [0, 1, 2, 3].map((n) => frame(n)).join('');
    expect(parseFeatureLog(log, { bitDepth: 8, analysisScale: 320 })).toMatchObject({ spatialInfo: { mean: 10, max: 10 }, temporalInfo: { mean: 2, max: 2 }, noise: 2, analysedFrames: 4 });
    expect(parseFeatureLog(log, { bitDepth: 10, analysisScale: 320 }).noise).toBe(0.5);
  });

  it('keeps the first 500 cut times, counts them all, and ignores the second frame', () => {
    const cut = 'lavfi.scd.time=x\n';
    const log = Array.from({ length: 602 }, (_, n) => frame(n, n >= 1 ? cut : '')).join('');
    const features = parseFeatureLog(log, { bitDepth: 8, analysisScale: 320 });
    expect(features.sceneCutCount).toBe(600);
    expect(features.sceneCuts).toHaveLength(500);
    expect(features.sceneCuts[0]).toBeCloseTo(0.08, 9);
  });
});

describe('features over DescribeSource', () => {
  let app: RunnerApp;
  let client: AgentRunnerClient;

  beforeAll(async () => {
    const config = loadConfig({ GRPC_PORT: '0', HTTP_PORT: '0', HOST: '127.0.0.1', MEDIA_ROOTS: media, ARTIFACT_DIR: join(dir, 'artifacts'), MAX_CONCURRENT: '1' });
    app = await startRunner(config, pino({ level: 'silent' }));
    client = new (loadContracts().codeclab.v1.AgentRunner)(`127.0.0.1:${app.grpc.port}`, credentials.createInsecure()) as AgentRunnerClient;
  });

  afterAll(async () => {
    client?.close();
    await app?.close();
  });

  const describeSource = (source: Source) =>
    new Promise<WireSourceDescriptionOutput>((resolve, reject) =>
      client.DescribeSource({ source: sourceToWire(source) }, { deadline: Date.now() + 20_000 }, (error, value) => (error ? reject(error) : resolve(value!))),
    );

  it('arrive over the wire with the description', async () => {
    const description = sourceDescriptionFromWire(await describeSource(file('cut.mp4')));
    expect(description.features).toMatchObject({ sceneCutCount: 1, analysedFrames: 60, analysisScale: 320 });
    expect(description.features!.sceneCuts[0]).toBeCloseTo(1, 1);
    expect(description.features!.spatialInfo.mean).toBeGreaterThan(0);
    expect(description.features!.temporalInfo.max).toBeGreaterThan(0);
  });

  it('map to the wire and back unchanged, and stay absent from a description without them', () => {
    const older = { width: 320, height: 180, frameRate: '30/1', fps: 30, frames: 30, durationSeconds: 1, pixelFormat: 'yuv420p', bitDepth: 8, colorRange: 'limited', audio: false, codec: 'h264' } as const;
    const features: SourceFeatures = { spatialInfo: { mean: 1.5, max: 2 }, temporalInfo: { mean: 0, max: 0 }, noise: 0.5, sceneCuts: [1, 2.5], sceneCutCount: 3, analysedFrames: 30, analysisScale: 320 };
    // Through DescribeSource's own serialisers, as a description travels.
    const method = loadContracts().codeclab.v1.AgentRunner.service.DescribeSource;
    const overTheWire = (description: SourceDescription) =>
      sourceDescriptionFromWire(method.responseDeserialize(method.responseSerialize(sourceDescriptionToWire(description))) as WireSourceDescriptionOutput);
    expect(overTheWire({ ...older, features })).toEqual({ ...older, features });
    expect(overTheWire(older)).not.toHaveProperty('features');
  });
});
