import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENCODER_NAMES, ENCODERS, type CodecConfigInput, type EncoderName } from '@codec-lab/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encoderArgs } from '../../src/media/encoder-args.ts';
import { probeVideo } from '../../src/media/probe.ts';
import { runExperiment } from '../../src/media/run-experiment.ts';
import { codecConfig, tempDir, TINY_SOURCE } from './testing.ts';

// Every knob, first as the command line it becomes, then as a real encode measured honestly.

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => ({ dir, remove } = await tempDir('knobs')));
afterEach(() => remove());

type Knobs = Partial<CodecConfigInput> & { encoder: EncoderName; preset: string };
const args = (knobs: Knobs, pass?: 1 | 2) => encoderArgs(codecConfig(knobs), pass ? { pass, statsPrefix: '/w/a.pass' } : undefined).join(' ');

describe('encoder arguments', () => {
  it('maps every knob of libx264', () => {
    expect(
      args({ encoder: 'libx264', preset: 'slow', rateControl: { mode: 'crf', crf: 20 }, tune: 'film', gop: 48, bFrames: 3, pixelFormat: 'yuv420p10le', resolution: { width: 640, height: 360 }, options: { aqMode: 2, aqStrength: 0.8 } }),
    ).toBe(
      '-map 0:v:0 -an -sn -dn -vf scale=640:360:flags=lanczos -c:v libx264 -preset slow -crf 20 -g 48 -bf 3 -tune film -pix_fmt yuv420p10le -aq-mode 2 -aq-strength 0.8 -fps_mode passthrough -f mp4',
    );
  });

  it('puts x265 passes and options in -x265-params, since ffmpeg 5.1 ignores -pass for it', () => {
    const x265: Knobs = { encoder: 'libx265', preset: 'medium', rateControl: { mode: 'bitrate', kbps: 500, passes: 2 }, options: { refs: 3 } };
    expect(args(x265, 1)).toContain('-x265-params log-level=error:ref=3:pass=1:stats=/w/a.pass.x265 -fps_mode passthrough -f null');
    expect(args(x265, 2)).toContain('-x265-params log-level=error:ref=3:pass=2:stats=/w/a.pass.x265 -fps_mode passthrough -f mp4');
    expect(args({ encoder: 'libx264', preset: 'medium', rateControl: { mode: 'bitrate', kbps: 500, passes: 2 } }, 1)).toContain('-b:v 500k -pix_fmt yuv420p -pass 1 -passlogfile /w/a.pass');
  });

  it('uses each encoder family its own way', () => {
    expect(args({ encoder: 'libsvtav1', preset: '10', rateControl: { mode: 'crf', crf: 40 }, filmGrain: 8, options: { svtTune: 1 } })).toContain(
      '-preset 10 -crf 40 -pix_fmt yuv420p -svtav1-params tune=1:film-grain=8',
    );
    expect(args({ encoder: 'libaom-av1', preset: '8', rateControl: { mode: 'crf', crf: 40 }, tune: 'ssim' })).toContain('-cpu-used 8 -row-mt 1 -crf 40 -b:v 0 -tune ssim');
    expect(args({ encoder: 'libvpx-vp9', preset: '5', rateControl: { mode: 'crf', crf: 40 }, options: { tileColumns: 2 } })).toContain(
      '-deadline good -cpu-used 5 -row-mt 1 -crf 40 -b:v 0 -pix_fmt yuv420p -tile-columns 2',
    );
    expect(args({ encoder: 'hevc_nvenc', preset: 'p5', rateControl: { mode: 'crf', crf: 30 }, tune: 'hq', options: { spatialAq: 1 } })).toContain(
      '-preset p5 -rc vbr -cq 30 -b:v 0 -tune hq -pix_fmt yuv420p -spatial-aq 1',
    );
  });

  it("turns every allowed option of every encoder into the registry's ffmpeg argument", () => {
    for (const encoder of ENCODER_NAMES) {
      const spec = ENCODERS[encoder];
      for (const [key, option] of Object.entries(spec.options)) {
        const line = args({ encoder, preset: spec.defaultPreset, options: { [key]: option.max } });
        const expected =
          spec.args === 'x265' ? `-x265-params log-level=error:${option.ffmpeg}=${option.max} ` : spec.args === 'svt' ? `-svtav1-params ${option.ffmpeg}=${option.max} ` : ` -${option.ffmpeg} ${option.max} `;
        expect(line, `${encoder} ${key}`).toContain(expected);
        expect(line, `${encoder} ${key}`).not.toMatch(/undefined/);
      }
    }
  });

  it('refuses a config that fails validation before anything runs', () => {
    expect(() => args({ encoder: 'libx264', preset: 'medium', options: { 'vf drawtext': 1 } as never })).toThrow(/invalid codec config/);
    expect(() => args({ encoder: 'libsvtav1', preset: '8', rateControl: { mode: 'bitrate', kbps: 300, passes: 2 } })).toThrow(/two-pass/);
  });
});

describe('real encodes with the knobs', () => {
  const run = (experimentId: string, knobs: Knobs) =>
    runExperiment({ source: TINY_SOURCE, mediaRoots: [], artifactDir: dir, experimentId, config: codecConfig(knobs) });

  it('encodes with libaom-av1 and libvpx-vp9 in constant-quality mode', async () => {
    for (const [id, knobs] of [
      ['aom', { encoder: 'libaom-av1', preset: '8', rateControl: { mode: 'crf', crf: 40 } }],
      ['vp9', { encoder: 'libvpx-vp9', preset: '5', rateControl: { mode: 'crf', crf: 40 } }],
    ] as const) {
      const result = await run(id, knobs);
      expect(result.frames).toBe(30);
      expect(result.psnr.avg).toBeGreaterThan(20);
      expect((await probeVideo(`file:${fileURLToPath(result.artifactUri)}`)).codecName).toBe(id === 'aom' ? 'av1' : 'vp9');
    }
  });

  it('runs two passes and leaves no statistics behind', async () => {
    const result = await run('two-pass', { encoder: 'libx265', preset: 'fast', rateControl: { mode: 'bitrate', kbps: 120, passes: 2 } });
    expect(result.frames).toBe(30);
    expect((await readdir(join(dir, 'two-pass'))).filter((f) => f.includes('pass'))).toEqual([]);
    // A 30-frame clip gives rate control little room; the two-pass result still lands near the target.
    expect(result.bitrateBps / 1000).toBeGreaterThan(60);
    expect(result.bitrateBps / 1000).toBeLessThan(240);
  });

  it('encodes 10-bit and measures it against the 8-bit source', async () => {
    const result = await run('ten-bit', { encoder: 'libx264', preset: 'fast', pixelFormat: 'yuv420p10le' });
    expect((await probeVideo(`file:${fileURLToPath(result.artifactUri)}`)).pixFmt).toBe('yuv420p10le');
    expect(result.psnr.avg).toBeGreaterThan(30);
  });

  it('encodes a rung of the resolution ladder and measures it scaled back up to the source size', async () => {
    const full = await run('full', { encoder: 'libx264', preset: 'fast' });
    const half = await run('half', { encoder: 'libx264', preset: 'fast', resolution: { width: 80, height: 46 } });
    const probe = await probeVideo(`file:${fileURLToPath(half.artifactUri)}`);
    expect([probe.width, probe.height]).toEqual([80, 46]);
    expect(half.frames).toBe(30);
    expect(half.bytes).toBeLessThan(full.bytes);
    expect(half.psnr.avg).toBeLessThan(full.psnr.avg);
    expect(half.psnr.avg).toBeGreaterThan(15);
  });

  it('synthesises film grain with SVT-AV1', async () => {
    const result = await run('grain', { encoder: 'libsvtav1', preset: '12', rateControl: { mode: 'crf', crf: 45 }, filmGrain: 10, gop: 30 });
    expect(result.frames).toBe(30);
    expect(result.psnr.avg).toBeGreaterThan(15);
  });
});
