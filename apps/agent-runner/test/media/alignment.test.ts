import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArtifact } from '../../src/media/artifact-file.ts';
import { encode } from '../../src/media/encode.ts';
import { resolveInput, type InputSpec } from '../../src/media/input.ts';
import { measure } from '../../src/media/measure.ts';
import { escapeFilterValue } from '../../src/media/measure-graph.ts';
import { runExperiment } from '../../src/media/run-experiment.ts';
import { ffmpeg, makeClips } from './fixtures.ts';
import { codecConfig, tempDir, TINY_SOURCE, withoutVmaf } from './testing.ts';

let dir: string;
let removeAll: () => Promise<void>;
let clips: Awaited<ReturnType<typeof makeClips>>;
let limitedPsnr: number;

const x264 = codecConfig({ encoder: 'libx264', preset: 'medium', rateControl: { mode: 'crf', crf: 23 } });
const fileRun = (path: string, experimentId: string) =>
  runExperiment({ source: { kind: 'file', path }, mediaRoots: [dir], artifactDir: join(dir, 'out'), experimentId, config: x264 });

beforeAll(async () => {
  ({ dir, remove: removeAll } = await tempDir('alignment'));
  clips = await makeClips(dir);
  // The same pictures in limited range: what a correct full-range measurement must come close to.
  const limited = await runExperiment({ source: TINY_SOURCE, mediaRoots: [], artifactDir: join(dir, 'out'), experimentId: 'limited', config: x264 });
  limitedPsnr = limited.psnr.avg;
});
afterAll(() => removeAll());

describe('colour range', () => {
  it('reads the range each source signals', async () => {
    expect(await resolveInput({ kind: 'file', path: 'full-yuvj.mp4' }, [dir])).toMatchObject({ pixFmt: 'yuvj420p', colorRange: 'full' });
    expect(await resolveInput({ kind: 'file', path: 'full-pc.mkv' }, [dir])).toMatchObject({ pixFmt: 'yuv420p', colorRange: 'full' });
    expect(await resolveInput({ kind: 'file', path: 'long.mp4' }, [dir])).toMatchObject({ pixFmt: 'yuv420p', colorRange: 'limited' });
  });

  // Without explicit ranges this compared a full-range source with an artifact squeezed to
  // limited range and reported about 28 dB for a 38 dB encode.
  it.each([
    ['yuv420p tagged pc', 'full-pc.mkv'],
    ['yuvj420p', 'full-yuvj.mp4'],
  ])('measures a full-range %s source in its own range', async (_, path) => {
    const result = await fileRun(path, path.replace('.', '-'));
    expect(result.frames).toBe(30);
    // Full range spreads the same coding error over 255/219 more code values: about 1.3 dB less.
    expect(result.psnr.avg).toBeGreaterThan(limitedPsnr - 2);
    expect(result.psnr.avg).toBeLessThan(limitedPsnr + 0.5);
    expect(result.ssim.all).toBeGreaterThan(0.9);
  });

  it('measures a full-range yuvj420p synthetic source, and would not if the ranges were ignored', async () => {
    const input: InputSpec = {
      ...(await resolveInput(TINY_SOURCE, [])),
      input: 'testsrc2=size=160x90:rate=30,trim=end_frame=30,format=yuvj420p',
      pixFmt: 'yuvj420p',
      colorRange: 'full',
    };
    const artifactPath = join(dir, 'yuvj-synthetic.mp4');
    await encode({ input, config: x264, outPath: artifactPath });
    const artifact = (await readArtifact(artifactPath)).probe;
    // The encoder converted to yuv420p, which is limited range.
    expect(artifact.colorRange).toBe('limited');
    const workDir = join(dir, 'yuvj-synthetic');
    await mkdir(workDir);
    const right = await measure({ ...(await withoutVmaf()), artifactPath, artifactRange: artifact.colorRange, input, workDir });
    expect(right.psnr.avg).toBeGreaterThan(limitedPsnr - 2);
    const wrong = await measure({ ...(await withoutVmaf()), artifactPath, artifactRange: 'full', input, workDir });
    expect(wrong.psnr.avg).toBeLessThan(right.psnr.avg - 5);
  });
});

describe('variable frame rate', () => {
  it('reads every frame time of a variable-rate source', async () => {
    const input = await resolveInput({ kind: 'file', path: 'vfr.mp4' }, [dir]);
    expect(input.frames).toBe(23);
    expect(input.frameTimes).toHaveLength(23);
    expect(input.frameTimes![15]! - input.frameTimes![14]!).toBeCloseTo(1 / 30, 4);
    expect(input.frameTimes![16]! - input.frameTimes![15]!).toBeCloseTo(1 / 15, 4);
    expect(input.durationSeconds).toBeCloseTo(1, 2);
  });

  it('compares the artifact with the source frame for frame', async () => {
    const result = await fileRun('vfr.mp4', 'vfr');
    expect(result.frames).toBe(23);
    expect(result.sourceFrames).toBe(23);
    expect(result.durationSeconds).toBeCloseTo(1, 1);
    expect(result.psnr.avg).toBeGreaterThan(limitedPsnr - 1.5);
    expect(result.ssim.all).toBeGreaterThan(0.9);
    const log = await readFile(join(dir, 'out', 'vfr', 'psnr.log'), 'utf8');
    expect(log.trim().split('\n')).toHaveLength(23);
  });

  it('would not pair frames one to one if both were resampled to the nominal rate', async () => {
    const artifact = join(dir, 'out', 'vfr', 'artifact.mp4');
    const stats = join(dir, 'resampled.log');
    const align = 'settb=AVTB,setpts=PTS-STARTPTS,fps=30/1';
    await ffmpeg(['-i', artifact, '-i', clips.vfr, '-filter_complex', `[0:v]${align}[a];[1:v]${align}[b];[a][b]psnr=stats_file=${escapeFilterValue(stats)}`, '-f', 'null', '-']);
    // 30 pairs from 23 frames: the 15 fps half compared twice over.
    expect((await readFile(stats, 'utf8')).trim().split('\n')).toHaveLength(30);
  });
});

describe('edit lists', () => {
  // Counting packets said 180 here, and every faithful encode of it then failed the frame check.
  it('counts the frames the decoder outputs, not the packets an edit list hides', async () => {
    const input = await resolveInput({ kind: 'file', path: 'edit.mp4' }, [dir]);
    expect(input.frames).toBe(165);
    expect(input.durationSeconds).toBeCloseTo(5.5, 2);
    const result = await fileRun('edit.mp4', 'edit');
    expect(result.frames).toBe(165);
    expect(result.sourceFrames).toBe(165);
  });
});

describe('odd sizes', () => {
  it('refuses a 161x91 source before encoding anything', async () => {
    const error = await fileRun('odd.mp4', 'odd').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DomainError', kind: 'invalid', code: 'ERR_SOURCE_ODD_SIZE' });
    expect((error as Error).message).toContain('161x91');
    expect(await readdir(join(dir, 'out'))).not.toContain('odd');
  });
});

describe('missing frames', () => {
  it('compares only the frames both streams have, never a repeated last frame', async () => {
    const input = await resolveInput(TINY_SOURCE, []);
    const short = join(dir, 'short.mp4');
    await ffmpeg(['-f', 'lavfi', '-i', input.input, '-frames:v', '29', '-c:v', 'libx264', '-preset', 'ultrafast', short]);
    const workDir = join(dir, 'short');
    await mkdir(workDir);
    const result = await measure({ ...(await withoutVmaf()), artifactPath: short, artifactRange: 'limited', input, workDir });
    expect(result.comparedFrames).toBe(29);
  });
});
