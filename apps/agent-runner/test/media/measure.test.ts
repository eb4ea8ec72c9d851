import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { condition, ffmpegHasFilter, skipUnless } from '@codec-lab/testing';
import { encode } from '../../src/media/encode.ts';
import { addInput, addOutput, createCommand } from '../../src/media/ffmpeg-command.ts';
import { runFfmpeg } from '../../src/media/ffmpeg-process.ts';
import { resolveInput, type InputSpec } from '../../src/media/input.ts';
import { measure } from '../../src/media/measure.ts';
import { buildMeasureGraph, escapeFilterValue } from '../../src/media/measure-graph.ts';
import { codecConfig, tempDir, TINY_SOURCE, withoutVmaf } from './testing.ts';

let dir: string;
let removeAll: () => Promise<void>;
let input: InputSpec;
let artifact: string;

beforeAll(async () => {
  ({ dir, remove: removeAll } = await tempDir('measure'));
  input = await resolveInput(TINY_SOURCE, []);
  artifact = join(dir, 'x264.mp4');
  await encode({ input, config: codecConfig({ encoder: 'libx264', preset: 'medium' }), outPath: artifact });
});
afterAll(() => removeAll());

/** stderr of one psnr/ssim run of `graph` over the x264 artifact (input 0) and its source (input 1). */
async function stderrOf(graph: string, outputs: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  const command = createCommand(`file:${artifact}`, []);
  addInput(command, input.input, input.inputOptions);
  command.complexFilter(graph);
  for (const pad of outputs) addOutput(command, '-', ['-map', pad, '-f', 'null']);
  await runFfmpeg(command, { what: 'test run', failureCode: 'ERR_TEST', onStderrLine: (line) => lines.push(line) });
  return lines;
}

describe('measurement alignment', () => {
  it('compares an x264 artifact with testsrc2 without any time base warning', async () => {
    const plan = buildMeasureGraph({ ...input, artifactRange: 'limited', workDir: dir, vmaf: null });
    const lines = await stderrOf(plan.graph, plan.outputs);
    expect(lines.some((line) => /PSNR y:/.test(line))).toBe(true);
    expect(lines.filter((line) => /timebase|time base/i.test(line))).toEqual([]);
  });

  it('would warn without the alignment (the check can fail)', async () => {
    const lines = await stderrOf(`[0:v][1:v]psnr=stats_file=${escapeFilterValue(join(dir, 'naive.log'))}[p]`, ['[p]']);
    expect(lines.some((line) => /not matching timebases/.test(line))).toBe(true);
  });
});

describe('measure', () => {
  it('reports PSNR, SSIM and the frames compared, from one ffmpeg run', async () => {
    const workDir = join(dir, 'plain');
    await mkdir(workDir);
    const progress: number[] = [];
    const result = await measure({
      ...(await withoutVmaf()),
      artifactPath: artifact,
      artifactRange: 'limited',
      input,
      workDir,
      onProgress: (p) => progress.push(p.percent),
    });
    expect(result.comparedFrames).toBe(30);
    expect(result.psnr.avg).toBeGreaterThan(30);
    expect(result.psnr.avg).toBeLessThan(60);
    expect(result.psnr.y).toBeGreaterThan(0);
    expect(result.ssim.all).toBeGreaterThan(0.5);
    expect(result.ssim.all).toBeLessThanOrEqual(1);
    expect(result.vmaf).toEqual({ available: false, reason: 'VMAF left out by this test' });
    expect(result.measureSeconds).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(100);
    expect((await readdir(workDir)).sort()).toEqual(['psnr.log', 'ssim.log']);
  });

  it('writes stats files into a folder whose name is full of filtergraph syntax', async () => {
    const workDir = join(dir, `we:ird'd ir[x],y;z\\w`);
    await mkdir(workDir);
    const result = await measure({ ...(await withoutVmaf()), artifactPath: artifact, artifactRange: 'limited', input, workDir });
    expect(result.comparedFrames).toBe(30);
    expect((await readdir(workDir)).sort()).toEqual(['psnr.log', 'ssim.log']);
  });

  it('fails as an internal error when libvmaf is claimed but missing, quoting ffmpeg', async (ctx) => {
    skipUnless(ctx, condition(!ffmpegHasFilter('libvmaf'), 'this ffmpeg has libvmaf, so a measurement that claims it without it cannot be shown'));
    const workDir = join(dir, 'vmaf');
    await mkdir(workDir);
    const { meter, vmaf } = await withoutVmaf();
    const claimed = { ...meter, vmafModels: ['vmaf_v0.6.1' as const], vmafUnavailable: '' };
    await expect(measure({ meter: claimed, vmaf, artifactPath: artifact, artifactRange: 'limited', input, workDir })).rejects.toMatchObject({
      kind: 'internal',
      code: 'ERR_MEASURE_FAILED',
      message: expect.stringContaining("No such filter: 'libvmaf'"),
    });
  });
});
