import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CodecConfig } from '@codec-lab/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encode, encoderArgs } from '../../src/media/encode.ts';
import { killAllFfmpeg, liveFfmpegCount, type MediaProgress } from '../../src/media/ffmpeg-process.ts';
import { resolveInput } from '../../src/media/input.ts';
import { probeVideo } from '../../src/media/probe.ts';
import { codecConfig, tempDir, TINY_SOURCE } from './testing.ts';

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => ({ dir, remove } = await tempDir('encode')));
afterEach(() => remove());

describe('encoderArgs', () => {
  it('maps a config through the table', () => {
    const args = encoderArgs(
      codecConfig({ encoder: 'libx265', preset: 'slow', rateControl: { mode: 'bitrate', kbps: 750 }, gop: 48, bFrames: 3 }),
    );
    expect(args.join(' ')).toBe(
      '-map 0:v:0 -an -sn -dn -c:v libx265 -preset slow -b:v 750k -g 48 -bf 3 -pix_fmt yuv420p ' +
        '-tag:v hvc1 -x265-params log-level=error -fps_mode passthrough -f mp4',
    );
    expect(encoderArgs(codecConfig({ encoder: 'libsvtav1', preset: '8', rateControl: { mode: 'crf', crf: 40 } }))).toEqual(
      expect.arrayContaining(['-c:v', 'libsvtav1', '-preset', '8', '-crf', '40']),
    );
  });

  it.each<[string, CodecConfig]>([
    ['a preset of another encoder', codecConfig({ encoder: 'libsvtav1', preset: 'medium' })],
    ['a preset smuggling options', codecConfig({ encoder: 'libx264', preset: 'fast -vf x' })],
    ['B-frames for svt-av1', codecConfig({ encoder: 'libsvtav1', preset: '8', bFrames: 2 })],
    ['a fractional crf', codecConfig({ encoder: 'libx264', preset: 'fast', rateControl: { mode: 'crf', crf: 23.5 } })],
  ])('refuses %s', (_, config) => {
    expect(() => encoderArgs(config)).toThrow(expect.objectContaining({ kind: 'invalid', code: 'ERR_INVALID_CONFIG' }));
  });
});

describe('encode', () => {
  it('keeps every source frame of a synthetic source', async () => {
    const input = await resolveInput({ ...TINY_SOURCE, fps: 25, seconds: 0.55 }, []);
    const outPath = join(dir, 'out.mp4');
    const { encodeSeconds } = await encode({ input, config: codecConfig({ encoder: 'libx264', preset: 'ultrafast' }), outPath });
    expect(encodeSeconds).toBeGreaterThan(0);
    expect(input.frames).toBe(14);
    expect((await probeVideo(`file:${outPath}`)).frames).toBe(14);
  });

  it('fails with what ffmpeg said when the encoder refuses the input', async () => {
    const input = await resolveInput({ ...TINY_SOURCE, width: 32, height: 32 }, []);
    const error = await encode({
      input,
      config: codecConfig({ encoder: 'libsvtav1', preset: '12' }),
      outPath: join(dir, 'small.mp4'),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DomainError', kind: 'internal', code: 'ERR_ENCODE_FAILED' });
    // The reason ffmpeg gave, not the stream listings around it.
    const message = (error as Error).message;
    expect(message).toMatch(/^encode failed \(ffmpeg exited with code \d+\): .*(at least 64|Error)/);
    expect(message.length).toBeLessThan(300);
    expect(message).not.toMatch(/Stream #|Metadata|Input #|Output #/);
  });

  it('reports increasing progress, then SIGKILLs ffmpeg within moments of an abort', async () => {
    const input = await resolveInput({ ...TINY_SOURCE, width: 640, height: 360, seconds: 10 }, []);
    const outPath = join(dir, 'long.mp4');
    const controller = new AbortController();
    const progress: MediaProgress[] = [];
    let abortedAt = 0;
    const pending = encode({
      input,
      config: codecConfig({ encoder: 'libx265', preset: 'veryslow' }),
      outPath,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        if (progress.filter((q) => q.frames > 0).length >= 3 && !abortedAt) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    const error = await pending.catch((e: unknown) => e);
    const rejectedAfter = performance.now() - abortedAt;

    expect(abortedAt).toBeGreaterThan(0);
    expect(error).toMatchObject({ name: 'DomainError', kind: 'cancelled', code: 'ERR_CANCELLED' });
    expect(rejectedAfter).toBeLessThan(4000);
    expect(liveFfmpegCount()).toBe(0);

    const percents = progress.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)!).toBeGreaterThan(percents[0]!);
    expect(percents.at(-1)!).toBeLessThan(100);
    expect(progress.every((p) => p.phase === 'encode' && p.elapsedSeconds >= 0)).toBe(true);

    // The killed process writes nothing more.
    const size = (await stat(outPath).catch(() => null))?.size ?? 0;
    await new Promise((r) => setTimeout(r, 300));
    expect((await stat(outPath).catch(() => null))?.size ?? 0).toBe(size);
  });

  it('reports a timeout signal as a timeout', async () => {
    const input = await resolveInput({ ...TINY_SOURCE, width: 640, height: 360, seconds: 10 }, []);
    const pending = encode({
      input,
      config: codecConfig({ encoder: 'libx265', preset: 'veryslow' }),
      outPath: join(dir, 'slow.mp4'),
      signal: AbortSignal.timeout(500),
    });
    await expect(pending).rejects.toMatchObject({ kind: 'timeout', code: 'ERR_TIMEOUT' });
  });

  it('stops ffmpeg and reports the error when a progress listener throws', async () => {
    const input = await resolveInput({ ...TINY_SOURCE, width: 640, height: 360, seconds: 10 }, []);
    const pending = encode({
      input,
      config: codecConfig({ encoder: 'libx265', preset: 'veryslow' }),
      outPath: join(dir, 'listener.mp4'),
      onProgress: () => {
        throw new Error('listener bug');
      },
    });
    await expect(pending).rejects.toThrow('listener bug');
    await expect.poll(() => liveFfmpegCount()).toBe(0);
  });

  it('kills every running ffmpeg on shutdown', async () => {
    const input = await resolveInput({ ...TINY_SOURCE, width: 640, height: 360, seconds: 10 }, []);
    let killed = -1;
    const pending = encode({
      input,
      config: codecConfig({ encoder: 'libx265', preset: 'veryslow' }),
      outPath: join(dir, 'shutdown.mp4'),
      onProgress: () => {
        if (killed < 0) killed = killAllFfmpeg();
      },
    });
    await expect(pending).rejects.toMatchObject({ kind: 'internal', message: expect.stringContaining('SIGKILL') });
    expect(killed).toBe(1);
    expect(liveFfmpegCount()).toBe(0);
  });

  it('does not start ffmpeg for a signal that is already aborted', async () => {
    const input = await resolveInput(TINY_SOURCE, []);
    const config = codecConfig({ encoder: 'libx264', preset: 'ultrafast' });
    const pending = encode({ input, config, outPath: join(dir, 'never.mp4'), signal: AbortSignal.abort() });
    await expect(pending).rejects.toMatchObject({ kind: 'cancelled' });
    await expect(stat(join(dir, 'never.mp4'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
