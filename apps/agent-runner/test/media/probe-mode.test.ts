import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExperimentResultSchema, type ExperimentResult } from '@codec-lab/domain';
import { skipUnless } from '@codec-lab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/media/artifact-file.ts';
import type { MediaProgress } from '../../src/media/ffmpeg-process.ts';
import { runExperiment, type RunExperimentOptions } from '../../src/media/run-experiment.ts';
import { ffmpeg, makeClips } from './fixtures.ts';
import { codecConfig, SHARED_MEDIA, sharedClips, tempDir, TINY_SOURCE } from './testing.ts';

let dir: string;
let removeAll: () => Promise<void>;
let clips: Awaited<ReturnType<typeof makeClips>>;

const SIX_SECONDS = { ...TINY_SOURCE, seconds: 6 };
const PROBE = { segments: 3, segmentSeconds: 0.5 };
const x264 = codecConfig({ encoder: 'libx264', preset: 'medium', rateControl: { mode: 'crf', crf: 23 } });
const lossless = codecConfig({ encoder: 'libx264', preset: 'ultrafast', rateControl: { mode: 'crf', crf: 0 } });

function run(overrides: Partial<RunExperimentOptions> & Pick<RunExperimentOptions, 'experimentId'>) {
  return runExperiment({ source: SIX_SECONDS, mediaRoots: [dir], artifactDir: join(dir, 'out'), config: x264, probe: PROBE, ...overrides });
}

beforeAll(async () => {
  ({ dir, remove: removeAll } = await tempDir('probe'));
  clips = await makeClips(dir);
});
afterAll(() => removeAll());

describe('runExperiment in probe mode', () => {
  let probe: ExperimentResult;
  const progress: MediaProgress[] = [];

  it('encodes and measures three segments, and sums and pools them', async () => {
    probe = await run({ experimentId: 'probe', onProgress: (p) => progress.push(p) });
    expect(ExperimentResultSchema.parse(probe)).toEqual(probe);
    expect(probe.mode).toBe('probe');
    const segments = probe.segments!;
    expect(segments.map((s) => s.frames)).toEqual([15, 15, 15]);
    expect(segments.map((s) => s.startSeconds)).toEqual([23 / 30, 83 / 30, 143 / 30]);
    expect(probe.frames).toBe(45);
    expect(probe.sourceFrames).toBe(180);
    expect(probe.bytes).toBe(segments.reduce((sum, s) => sum + s.bytes, 0));
    expect(probe.durationSeconds).toBeCloseTo(1.5, 2);
    expect(probe.bitrateBps).toBeCloseTo((probe.bytes * 8) / probe.durationSeconds, 6);
    const psnrs = segments.map((s) => s.psnrAvg);
    expect(probe.psnr.avg).toBeGreaterThanOrEqual(Math.min(...psnrs));
    expect(probe.psnr.avg).toBeLessThanOrEqual(Math.max(...psnrs));
    expect(probe.ssim.all).toBeCloseTo(segments.reduce((sum, s) => sum + s.ssimAll, 0) / 3, 9);

    // Every segment's artifact is on disk with its digest; the manifest lists them.
    for (const s of segments) expect(await sha256(fileURLToPath(s.artifactUri))).toBe(s.artifactSha256);
    const manifest = fileURLToPath(probe.artifactUri);
    expect(JSON.parse(await readFile(manifest, 'utf8'))).toEqual({ segments });
    expect(await sha256(manifest)).toBe(probe.artifactSha256);
    expect((await readdir(join(dir, 'out', 'probe'))).sort()).toEqual(['probe.json', 'segment-0', 'segment-1', 'segment-2']);
    expect((await readdir(join(dir, 'out', 'probe', 'segment-1'))).sort()).toEqual(['artifact.mp4', 'piece.json', 'psnr.log', 'ssim.log']);
  });

  it('reports progress once through encode and once through measure, over all segments', () => {
    for (const phase of ['encode', 'measure'] as const) {
      const percents = progress.filter((p) => p.phase === phase).map((p) => p.percent);
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
      expect(percents.at(-1)).toBe(100);
    }
    expect(progress.findLastIndex((p) => p.phase === 'encode')).toBeLessThan(progress.findIndex((p) => p.phase === 'measure'));
  });

  it('agrees with the full run of the same uniform source', async () => {
    const full = await run({ experimentId: 'full', probe: undefined });
    expect(full.mode).toBe('full');
    expect(full.segments).toBeUndefined();
    expect(Math.abs(probe.psnr.avg - full.psnr.avg)).toBeLessThan(1);
    // Each 15-frame segment opens with a keyframe where the full run has one in 180 frames, so
    // such short segments overstate the bitrate: the bench measures this bias on real clips.
    expect(probe.bitrateBps / full.bitrateBps).toBeGreaterThan(0.9);
    expect(probe.bitrateBps / full.bitrateBps).toBeLessThan(1.6);
  });

  it('cuts a file source frame-exactly: each lossless segment equals the same frames of the whole file', async () => {
    const result = await run({ experimentId: 'file', source: { kind: 'file', path: 'long.mp4' }, config: lossless });
    expect(result.mode).toBe('probe');
    for (const [i, s] of result.segments!.entries()) {
      expect(s.psnrAvg).toBe(100);
      const first = Math.round(s.startSeconds * 30);
      expect(first).toBe([23, 83, 143][i]);
      // Compared against the whole file cut by frame number, not by the same seek: identical only
      // if the seek kept exactly frames [first, first + 15); one frame off and PSNR is finite.
      expect(await psnrAgainstSource(fileURLToPath(s.artifactUri), first)).toBe('inf');
      expect(await psnrAgainstSource(fileURLToPath(s.artifactUri), first + 1)).not.toBe('inf');
    }
  });

  it('measures a source too short for the probe in full', async () => {
    const result = await run({ experimentId: 'short', source: TINY_SOURCE });
    expect(result.mode).toBe('full');
    expect(result.segments).toBeUndefined();
    expect(result.frames).toBe(30);
  });

  it('refuses a probe spec out of bounds, before encoding', async () => {
    const error = await run({ experimentId: 'bad', probe: { segments: 11, segmentSeconds: 0.2 } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'invalid', code: 'ERR_INVALID_PROBE', message: expect.stringContaining('probe.segments') });
    expect((error as Error).message).toContain('probe.segmentSeconds');
    expect(existsSync(join(dir, 'out', 'bad'))).toBe(false);
  });

  it('removes every segment when cancelled in the middle', async () => {
    const controller = new AbortController();
    const error = await run({
      experimentId: 'cancelled',
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'encode' && p.frames > 20) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'cancelled' });
    expect(existsSync(join(dir, 'out', 'cancelled'))).toBe(false);
  });

  it('probes a real clip', async (ctx) => {
    skipUnless(ctx, sharedClips());
    const result = await runExperiment({
      source: { kind: 'file', path: 'friday_bw_640x480_30fps_6s.mp4' },
      mediaRoots: [SHARED_MEDIA],
      artifactDir: join(dir, 'out'),
      experimentId: 'friday',
      config: codecConfig({ encoder: 'libx264', preset: 'ultrafast', rateControl: { mode: 'crf', crf: 28 } }),
      probe: PROBE,
    });
    expect(result.mode).toBe('probe');
    expect(result.segments!.map((s) => s.frames)).toEqual([15, 15, 15]);
    expect(result.sourceFrames).toBe(185);
    expect(result.psnr.avg).toBeGreaterThan(25);
  });
});

// PSNR average of a segment artifact against frames [first, first + frames) of the whole long clip.
async function psnrAgainstSource(artifact: string, first: number): Promise<string> {
  const log = join(dir, `check-${first}.log`);
  const trim = `trim=start_frame=${first}:end_frame=${first + 15},setpts=N/30/TB`;
  await ffmpeg(['-i', artifact, '-i', clips.long, '-filter_complex', `[0:v]setpts=N/30/TB[a];[1:v]${trim}[b];[a][b]psnr=stats_file=${log}`, '-f', 'null', '-']);
  const lines = (await readFile(log, 'utf8')).trim().split('\n');
  expect(lines).toHaveLength(15);
  return lines.every((line) => line.includes('psnr_avg:inf')) ? 'inf' : 'finite';
}
