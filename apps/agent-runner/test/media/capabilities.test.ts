import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { detectCapabilities, readFfmpegVersion } from '../../src/media/capabilities.ts';

describe('detectCapabilities', () => {
  it('proves each encoder by a trial encode and finds no libvmaf in this build', async () => {
    const caps = await detectCapabilities({ ffmpegPath: '/usr/bin/ffmpeg' });
    expect(caps.encoders.filter((e) => !e.endsWith('_nvenc'))).toEqual(['libx264', 'libx265', 'libsvtav1', 'libaom-av1', 'libvpx-vp9']);
    // NVENC needs an NVIDIA GPU and driver; without one its trial encode fails and it is not offered.
    if (caps.gpuName === '') expect(caps.encoders.filter((e) => e.endsWith('_nvenc'))).toEqual([]);
    // Debian's builds take 8- and 10-bit 4:2:0 in every CPU encoder.
    for (const encoder of ['libx264', 'libx265', 'libsvtav1', 'libaom-av1', 'libvpx-vp9'] as const) {
      expect(caps.pixelFormats[encoder]).toEqual(['yuv420p', 'yuv420p10le']);
    }
    expect(caps.vmafAvailable).toBe(false);
    const banner = execFileSync('/usr/bin/ffmpeg', ['-version'], { encoding: 'utf8' }).split('\n')[0];
    expect(banner).toContain(`ffmpeg version ${caps.ffmpegVersion} `);
    expect(await readFfmpegVersion({ ffmpegPath: '/usr/bin/ffmpeg' })).toBe(caps.ffmpegVersion);
  });

  it('refuses a binary that does not exist', async () => {
    await expect(detectCapabilities({ ffmpegPath: '/nonexistent/ffmpeg' })).rejects.toMatchObject({
      kind: 'precondition',
      code: 'ERR_FFMPEG_NOT_FOUND',
    });
  });
});
