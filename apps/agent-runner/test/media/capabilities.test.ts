import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENCODER_NAMES, ENCODERS } from '@codec-lab/domain';
import { condition, FFMPEG_PATH, ffmpegHasFilter, metricsFfmpeg, metricsFfmpegPath, skipUnless } from '@codec-lab/testing';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { detectCapabilities, type Capabilities } from '../../src/media/capabilities.ts';

// What the runner offers is what this ffmpeg build really encodes: compared with what the build
// itself lists, not with one build's list, so the test holds on every build (Debian's offers all
// five CPU encoders in 8 and 10 bits, and no libvmaf).

const CPU_ENCODERS = ENCODER_NAMES.filter((e) => !ENCODERS[e].hardware);
const TESTED_FORMATS = ['yuv420p', 'yuv420p10le'];

/** The encoders this ffmpeg build was compiled with (`ffmpeg -encoders`). */
function listedEncoders(): Set<string> {
  const out = execFileSync(FFMPEG_PATH, ['-hide_banner', '-encoders'], { encoding: 'utf8' });
  return new Set(out.split('\n').map((line) => line.trim().split(/\s+/)[1] ?? ''));
}

/** The pixel formats the build says an encoder takes (`ffmpeg -h encoder=<name>`). */
function listedPixelFormats(encoder: string): string[] {
  const out = execFileSync(FFMPEG_PATH, ['-hide_banner', '-h', `encoder=${encoder}`], { encoding: 'utf8' });
  return /Supported pixel formats: (.+)/.exec(out)?.[1]?.trim().split(/\s+/) ?? [];
}

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

let caps: Capabilities;
beforeAll(async () => {
  caps = await detectCapabilities({ ffmpegPath: FFMPEG_PATH });
});

describe('detectCapabilities', () => {
  it('offers exactly the CPU encoders this build lists, each proved by a trial encode in the formats it takes', () => {
    const listed = listedEncoders();
    expect(listed.size, 'ffmpeg -encoders lists encoders').toBeGreaterThan(10);
    expect(caps.encoders.filter((e) => !ENCODERS[e].hardware)).toEqual(CPU_ENCODERS.filter((e) => listed.has(e)));
    for (const encoder of caps.encoders.filter((e) => !ENCODERS[e].hardware)) {
      expect(caps.pixelFormats[encoder], encoder).toEqual(TESTED_FORMATS.filter((f) => listedPixelFormats(encoder).includes(f)));
    }
  });

  it('measures with this build, with VMAF exactly when it has the filter, if no metrics ffmpeg is given', () => {
    expect(caps.meter.binary).toEqual(caps.encoder);
    expect(caps.vmafModels.length > 0).toBe(ffmpegHasFilter('libvmaf'));
    if (caps.vmafModels.length === 0) expect(caps.meter.vmafUnavailable).toMatch(/has no libvmaf and no metrics ffmpeg is configured \(METRICS_FFMPEG_PATH\)/);
  });

  it('names the binary by the version in its banner and the sha256 of the file', () => {
    const banner = execFileSync(FFMPEG_PATH, ['-version'], { encoding: 'utf8' }).split('\n')[0];
    expect(banner).toContain(`ffmpeg version ${caps.ffmpegVersion} `);
    expect(caps.encoder).toEqual({ path: FFMPEG_PATH, version: caps.ffmpegVersion, sha256: digest(FFMPEG_PATH) });
  });

  it('measures with the metrics ffmpeg where the encoding one has no libvmaf, with both VMAF models', async (ctx) => {
    skipUnless(ctx, metricsFfmpeg(), condition(!ffmpegHasFilter('libvmaf'), 'this ffmpeg has libvmaf itself, so no separate meter is chosen'));
    const metrics = metricsFfmpegPath()!;
    const both = await detectCapabilities({ ffmpegPath: FFMPEG_PATH, metricsFfmpegPath: metrics });
    expect(both.encoder).toEqual(caps.encoder);
    expect(both.encoders).toEqual(caps.encoders);
    expect(both.meter.binary.path).toBe(metrics);
    expect(both.meter.binary.sha256).toBe(digest(metrics));
    expect(both.meterFfmpegVersion).toBe(both.meter.binary.version);
    expect(both.meterFfmpegVersion).not.toBe(both.ffmpegVersion);
    expect(both.vmafModels).toEqual(['vmaf_v0.6.1', 'vmaf_v0.6.1neg']);
    expect(both.meter.vmafUnavailable).toBe('');
  });

  it('says why there is no VMAF when the metrics ffmpeg has no libvmaf either', async (ctx) => {
    skipUnless(ctx, condition(!ffmpegHasFilter('libvmaf'), 'this ffmpeg has libvmaf itself'));
    const none = await detectCapabilities({ ffmpegPath: FFMPEG_PATH, metricsFfmpegPath: FFMPEG_PATH });
    expect(none.vmafModels).toEqual([]);
    expect(none.meter.binary).toEqual(caps.encoder);
    expect(none.meter.vmafUnavailable).toMatch(/nor the metrics ffmpeg .* has a working libvmaf/);
  });

  it('offers no NVENC encoder without an NVIDIA GPU', (ctx) => {
    // NVENC needs an NVIDIA GPU and driver; without one its trial encode fails and it is not offered.
    skipUnless(ctx, condition(caps.gpuName === '', `this machine has a GPU (${caps.gpuName}), so the refusal of NVENC without one cannot be shown`));
    expect(caps.encoders.filter((e) => ENCODERS[e].hardware)).toEqual([]);
  });

  it('refuses a binary that does not exist', async () => {
    await expect(detectCapabilities({ ffmpegPath: '/nonexistent/ffmpeg' })).rejects.toMatchObject({
      kind: 'precondition',
      code: 'ERR_FFMPEG_NOT_FOUND',
    });
  });
});
