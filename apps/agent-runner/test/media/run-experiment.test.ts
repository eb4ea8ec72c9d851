import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomainError, ExperimentResultSchema, type ExperimentResult } from '@codec-lab/domain';
import { skipUnless } from '@codec-lab/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MediaProgress } from '../../src/media/ffmpeg-process.ts';
import { probeVideo } from '../../src/media/probe.ts';
import { runExperiment, type RunExperimentOptions } from '../../src/media/run-experiment.ts';
import { codecConfig, SHARED_MEDIA, sharedClips, tempDir, TINY_SOURCE } from './testing.ts';

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => ({ dir, remove } = await tempDir('experiment')));
afterEach(() => remove());

function run(overrides: Partial<RunExperimentOptions> & Pick<RunExperimentOptions, 'config' | 'experimentId'>) {
  return runExperiment({ source: TINY_SOURCE, mediaRoots: [], artifactDir: dir, ...overrides });
}

async function expectBitrateFromDisk(result: ExperimentResult) {
  const probe = await probeVideo(`file:${fileURLToPath(result.artifactUri)}`);
  expect(result.durationSeconds).toBe(probe.videoDurationSeconds);
  expect(result.bitrateBps).toBeCloseTo((result.bytes * 8) / probe.videoDurationSeconds, 6);
}

/** Every file below `root`, relative; folders left empty do not count. */
async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length + 1));
}

describe('runExperiment with libx264', () => {
  it('measures crf 23 and crf 35 honestly: smaller file and lower quality at crf 35', async () => {
    const progress: MediaProgress[] = [];
    const high = await run({
      experimentId: 'x264-crf23',
      config: codecConfig({ encoder: 'libx264', preset: 'medium', rateControl: { mode: 'crf', crf: 23 } }),
      onProgress: (p) => progress.push(p),
    });
    const low = await run({
      experimentId: 'x264-crf35',
      config: codecConfig({ encoder: 'libx264', preset: 'medium', rateControl: { mode: 'crf', crf: 35 } }),
    });

    for (const result of [high, low]) {
      expect(ExperimentResultSchema.parse(result)).toEqual(result);
      await expectBitrateFromDisk(result);
      expect(result.frames).toBe(30);
      expect(result.sourceFrames).toBe(30);
      expect([result.width, result.height]).toEqual([160, 90]);
      expect(result.psnr.avg).toBeGreaterThan(20);
      expect(result.psnr.avg).toBeLessThan(60);
      expect(result.ssim.all).toBeGreaterThan(0.5);
      expect(result.ssim.all).toBeLessThanOrEqual(1);
      expect(result.vmaf).toEqual({ available: false, reason: expect.stringContaining('libvmaf') });
      expect(result.mode).toBe('full');
      expect(result.ffmpegVersion).toMatch(/^\d+\.\d+/);
    }
    expect(low.bytes).toBeLessThan(high.bytes);
    expect(high.psnr.avg).toBeGreaterThan(low.psnr.avg);
    expect(high.ssim.all).toBeGreaterThan(low.ssim.all);

    // Stats files stay beside the artifact; nothing temporary is left.
    expect((await readdir(join(dir, 'x264-crf23'))).sort()).toEqual(['artifact.mp4', 'piece.json', 'psnr.log', 'ssim.log']);

    const phases = progress.map((p) => p.phase);
    expect(phases).toContain('encode');
    expect(phases).toContain('measure');
    for (const phase of ['encode', 'measure'] as const) {
      const percents = progress.filter((p) => p.phase === phase).map((p) => p.percent);
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
      expect(percents.at(-1)).toBe(100);
    }
  });

  it('reports a lossless encode as PSNR capped at 100 dB and SSIM 1', async () => {
    const result = await run({
      experimentId: 'lossless',
      config: codecConfig({ encoder: 'libx264', preset: 'ultrafast', rateControl: { mode: 'crf', crf: 0 } }),
    });
    expect(result.psnr).toEqual({ y: 100, u: 100, v: 100, avg: 100 });
    expect(result.ssim.all).toBe(1);
  });
});

describe('runExperiment with other encoders', () => {
  it('measures a libx265 encode', async () => {
    const result = await run({
      experimentId: 'x265',
      config: codecConfig({ encoder: 'libx265', preset: 'fast', rateControl: { mode: 'crf', crf: 28 } }),
    });
    expect(result.frames).toBe(30);
    expect(result.psnr.avg).toBeGreaterThan(20);
    await expectBitrateFromDisk(result);
    expect((await probeVideo(`file:${fileURLToPath(result.artifactUri)}`)).codecName).toBe('hevc');
  });

  it('measures a libsvtav1 encode at a target bitrate', async () => {
    const result = await run({
      experimentId: 'svtav1',
      config: codecConfig({ encoder: 'libsvtav1', preset: '10', rateControl: { mode: 'bitrate', kbps: 200 }, gop: 15 }),
    });
    expect(result.frames).toBe(30);
    expect(result.psnr.avg).toBeGreaterThan(20);
    await expectBitrateFromDisk(result);
    expect((await probeVideo(`file:${fileURLToPath(result.artifactUri)}`)).codecName).toBe('av1');
  });

  // The clips live beside the repository (../shared/media); a checkout without them cannot run this.
  it('encodes and measures a real file from a media root', async (ctx) => {
    skipUnless(ctx, sharedClips());
    const result = await run({
      experimentId: 'tears',
      source: { kind: 'file', path: 'tears_of_steel_960x400_24fps_2s.webm' },
      mediaRoots: [SHARED_MEDIA],
      config: codecConfig({ encoder: 'libx264', preset: 'ultrafast', rateControl: { mode: 'crf', crf: 28 } }),
    });
    expect(result.frames).toBe(48);
    expect(result.sourceFrames).toBe(48);
    expect([result.width, result.height]).toEqual([960, 400]);
    expect(result.psnr.avg).toBeGreaterThan(25);
    await expectBitrateFromDisk(result);
  });
});

describe('runExperiment failures', () => {
  it('refuses an experiment id that could name another folder', async () => {
    const error = await run({ experimentId: '../escape', config: codecConfig({ encoder: 'libx264', preset: 'ultrafast' }) }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: 'invalid', code: 'ERR_INVALID_EXPERIMENT_ID' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes the partial artifact when cancelled', async () => {
    const controller = new AbortController();
    const pending = run({
      experimentId: 'cancelled',
      source: { ...TINY_SOURCE, width: 640, height: 360, seconds: 10 },
      config: codecConfig({ encoder: 'libx265', preset: 'veryslow' }),
      signal: controller.signal,
      onProgress: (p) => {
        if (p.frames > 0) controller.abort();
      },
    });
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'cancelled', code: 'ERR_CANCELLED' });
    expect(await filesUnder(dir)).toEqual([]);
  });
});
