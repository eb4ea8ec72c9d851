import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentResult, VmafScore } from '@codec-lab/domain';
import { FFMPEG_PATH, met, metricsFfmpeg, metricsFfmpegPath, skipUnless } from '@codec-lab/testing';
import { readFrameQuality } from '../../src/media/frame-quality.ts';
import { runExperiment, type RunExperimentOptions } from '../../src/media/run-experiment.ts';
import { renderStill } from '../../src/media/stills.ts';
import { codecConfig, tempDir, TINY_SOURCE } from './testing.ts';

// VMAF measured for real, with the metrics ffmpeg (a separate build with libvmaf), and every
// figure checked against what a person gets from plain ffmpeg + libvmaf on the stored artifact.

let dir: string;
let remove: () => Promise<void>;
let metrics: string;
// A 160x90 source at 24000/1001 fps (not the 25 or 30 a plain pass would assume), 1 s.
const SOURCE = 'ntsc-film.mkv';
const x264 = codecConfig({ encoder: 'libx264', preset: 'veryfast', rateControl: { mode: 'crf', crf: 30 } });

beforeAll(async () => {
  ({ dir, remove } = await tempDir('vmaf'));
  if (!met(metricsFfmpeg())) return;
  metrics = metricsFfmpegPath()!;
  execFileSync(FFMPEG_PATH, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=24000/1001:duration=1', '-c:v', 'ffv1', join(dir, SOURCE)]);
});
afterAll(() => remove?.());

function run(overrides: Partial<RunExperimentOptions> & Pick<RunExperimentOptions, 'experimentId'>): Promise<ExperimentResult> {
  return runExperiment({ source: { kind: 'file', path: SOURCE }, mediaRoots: [dir], artifactDir: join(dir, 'out'), config: x264, metricsFfmpegPath: metrics, ...overrides });
}

describe('VMAF with the metrics ffmpeg', () => {
  it('scores every frame with vmaf_v0.6.1, names what computed it, and agrees with plain libvmaf to 0.01', async (ctx) => {
    skipUnless(ctx, metricsFfmpeg());
    const result = await run({ experimentId: 'default-model' });
    const vmaf = result.vmaf as VmafScore;
    expect(vmaf).toMatchObject({ available: true, model: 'vmaf_v0.6.1', subsample: 1, scoredFrames: 24 });
    expect(vmaf.libvmafVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(vmaf.mean).toBeGreaterThan(0);
    expect(vmaf.mean).toBeLessThanOrEqual(100);
    expect(vmaf.min).toBeLessThanOrEqual(vmaf.low5Percent);
    expect(vmaf.low1Percent).toBeLessThanOrEqual(vmaf.low5Percent);
    expect(vmaf.low5Percent).toBeLessThanOrEqual(vmaf.mean);
    expect(vmaf.harmonicMean).toBeLessThanOrEqual(vmaf.mean);
    // The encoding ffmpeg encoded, the metrics ffmpeg measured, and the result says so.
    expect(result.ffmpeg?.meter.version).not.toBe(result.ffmpeg?.encoder.version);
    expect(result.ffmpegVersion).toBe(result.ffmpeg?.encoder.version);

    const artifact = fileURLToPath(result.artifactUri);
    expect(Math.abs(scoreOf(artifact, 'model=version=vmaf_v0.6.1') - vmaf.mean)).toBeLessThan(0.01);
    // Paired by timestamp instead, this mkv's millisecond timestamps fall just after the mp4's
    // 1/24000 ones, so each artifact frame meets the source frame before it: a wrong score.
    expect(Math.abs(scoreOf(artifact, 'model=version=vmaf_v0.6.1', 'null', 'null') - vmaf.mean)).toBeGreaterThan(1);
  });

  it('measures an artifact encoded smaller than its source at the source size, as plain libvmaf after the same upscale', async (ctx) => {
    skipUnless(ctx, metricsFfmpeg());
    const result = await run({ experimentId: 'downscaled', config: { ...x264, resolution: { width: 96, height: 54 } } });
    expect(result.width).toBe(96);
    const vmaf = result.vmaf as VmafScore;
    expect(vmaf.scoredFrames).toBe(24);
    const artifact = fileURLToPath(result.artifactUri);
    expect(Math.abs(scoreOf(artifact, 'model=version=vmaf_v0.6.1', 'scale=160:90:flags=bicubic') - vmaf.mean)).toBeLessThan(0.01);
  });

  it('uses the NEG model and subsampling when asked, and says so', async (ctx) => {
    skipUnless(ctx, metricsFfmpeg());
    const result = await run({ experimentId: 'neg', vmaf: { model: 'vmaf_v0.6.1neg', subsample: 2 } });
    const vmaf = result.vmaf as VmafScore;
    expect(vmaf).toMatchObject({ model: 'vmaf_v0.6.1neg', subsample: 2, scoredFrames: 12 });
    const frames = await readFrameQuality(join(dir, 'out'), 'neg');
    expect(frames.vmafFrames).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22]);
    expect(frames.vmafModel).toBe('vmaf_v0.6.1neg');
    const artifact = fileURLToPath(result.artifactUri);
    expect(Math.abs(mean(frames.vmaf) - vmaf.mean)).toBeLessThan(1e-4);
    expect(Math.abs(scoreOf(artifact, 'model=version=vmaf_v0.6.1neg:n_subsample=2') - vmaf.mean)).toBeLessThan(0.01);
  });

  it('keeps per-frame PSNR, SSIM and VMAF beside the artifact that pool to the reported figures', async (ctx) => {
    skipUnless(ctx, metricsFfmpeg());
    const result = await run({ experimentId: 'frames' });
    const frames = await readFrameQuality(join(dir, 'out'), 'frames');
    expect(frames.frames).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(frames.vmafFrames).toEqual(frames.frames);
    // ffmpeg's PSNR summary is the PSNR of the mean squared error; SSIM and VMAF are plain means.
    const pooledPsnr = -10 * Math.log10(mean(frames.psnr.map((db) => 10 ** (-db / 10))));
    expect(pooledPsnr).toBeCloseTo(result.psnr.avg, 2);
    expect(mean(frames.ssim)).toBeCloseTo(result.ssim.all, 4);
    expect(mean(frames.vmaf)).toBeCloseTo((result.vmaf as VmafScore).mean, 4);
  });

  it('pools a probe run from every segment\'s per-frame scores, and numbers them by their place in the source', async (ctx) => {
    skipUnless(ctx, metricsFfmpeg());
    const result = await run({ experimentId: 'probe', source: { ...TINY_SOURCE, seconds: 6 }, probe: { segments: 3, segmentSeconds: 0.5 } });
    expect(result.mode).toBe('probe');
    const frames = await readFrameQuality(join(dir, 'out'), 'probe');
    const vmaf = result.vmaf as VmafScore;
    expect(vmaf.scoredFrames).toBe(result.frames);
    expect(frames.vmaf).toHaveLength(result.frames);
    expect(mean(frames.vmaf)).toBeCloseTo(vmaf.mean, 4);
    expect(Math.min(...frames.vmaf)).toBeCloseTo(vmaf.min, 6);
    // Each segment's frames are numbered from its first source frame, in order, without overlap.
    expect(frames.frames).toEqual([...frames.frames].sort((a, b) => a - b));
    expect(new Set(frames.frames).size).toBe(frames.frames.length);
    expect(frames.frames[0]).toBeGreaterThan(0);
    for (const segment of result.segments!) expect(segment.vmafMean).toBeGreaterThan(0);
    const still = await renderStill({ artifactDir: join(dir, 'out'), experimentId: 'probe', frame: frames.frames.at(-1)!, binary: metrics });
    expect(still.width).toBe(160);
    await expect(renderStill({ artifactDir: join(dir, 'out'), experimentId: 'probe', frame: 0, binary: metrics })).rejects.toMatchObject({ code: 'ERR_FRAME_OUT_OF_RANGE' });
  });

  it('renders a compared frame as two PNGs of the source size, and refuses one it did not compare', async (ctx) => {
    skipUnless(ctx, metricsFfmpeg());
    await run({ experimentId: 'still', config: { ...x264, resolution: { width: 96, height: 54 } } });
    const still = await renderStill({ artifactDir: join(dir, 'out'), experimentId: 'still', frame: 23, binary: metrics });
    for (const png of [still.sourcePng, still.artifactPng]) {
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      // IHDR: width and height, big-endian, at bytes 16-23.
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([160, 90]);
    }
    expect(still.sourcePng.equals(still.artifactPng)).toBe(false);
    await expect(renderStill({ artifactDir: join(dir, 'out'), experimentId: 'still', frame: 24, binary: metrics })).rejects.toMatchObject({
      kind: 'invalid',
      code: 'ERR_FRAME_OUT_OF_RANGE',
    });
    await expect(renderStill({ artifactDir: join(dir, 'out'), experimentId: 'nope', frame: 0, binary: metrics })).rejects.toMatchObject({ kind: 'not_found' });
  });
});

const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/**
 * Plain ffmpeg + libvmaf's "VMAF score" for the artifact against the source: each frame given the
 * timestamp of its index (as the runner pairs them; MEASUREMENT.md), `prepare` on the artifact.
 */
function scoreOf(artifact: string, options: string, prepare = 'null', align = ALIGN): number {
  const stderr = plainRun(artifact, `[0:v]${align},${prepare}[d];[1:v]${align}[r];[d][r]libvmaf=${options}`);
  const score = /VMAF score: (\S+)/.exec(stderr)?.[1];
  if (!score) throw new Error(`plain libvmaf printed no score:\n${stderr}`);
  return Number(score);
}
const ALIGN = 'settb=AVTB,setpts=N*1001/24000/TB';

function plainRun(artifact: string, graph: string): string {
  const run = spawnSync(metrics, ['-hide_banner', '-nostdin', '-i', artifact, '-i', join(dir, SOURCE), '-lavfi', graph, '-f', 'null', '-'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`plain libvmaf failed: ${run.stderr}`);
  return run.stderr;
}
