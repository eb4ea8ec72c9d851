import { execFileSync } from 'node:child_process';
import { statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveInput, SOURCE_LIMITS } from '../../src/media/input.ts';
import { tempDir } from './testing.ts';

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => ({ dir, remove } = await tempDir('limits')));
afterEach(() => remove());

function makeClip(name: string, lavfi: string, extra: string[] = []): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', lavfi, ...extra, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', join(dir, name)]);
}

describe('absurd file sources', () => {
  it('refuses a picture larger than 8K with a message naming the limit', async () => {
    makeClip('wide.mp4', `color=size=${SOURCE_LIMITS.maxWidth + 2}x64:rate=1:duration=1`);
    await expect(resolveInput({ kind: 'file', path: 'wide.mp4' }, [dir])).rejects.toMatchObject({
      kind: 'invalid',
      code: 'ERR_SOURCE_TOO_LARGE',
      message: expect.stringMatching(/is 7682x64, .* up to 7680x4320 and 2 h$/),
    });
  });

  it('refuses a source longer than two hours', async () => {
    // Three frames, an hour and a half apart.
    makeClip('long.mp4', 'color=size=64x64:rate=1:duration=3', ['-vf', 'setpts=N*5400/TB', '-fps_mode', 'passthrough']);
    await expect(resolveInput({ kind: 'file', path: 'long.mp4' }, [dir])).rejects.toMatchObject({ code: 'ERR_SOURCE_TOO_LARGE' });
  });

  it('probes a source once per version of the file', async () => {
    const path = join(dir, 'clip.mp4');
    makeClip('clip.mp4', 'testsrc2=size=64x64:rate=10:duration=1');
    const second = 1_700_000_000; // whole seconds survive utimes exactly
    utimesSync(path, second, second);
    const first = await resolveInput({ kind: 'file', path: 'clip.mp4' }, [dir]);
    expect(first.frames).toBe(10);
    // The same version again: the cached probe (the very same frame list) and digest.
    const again = await resolveInput({ kind: 'file', path: 'clip.mp4' }, [dir]);
    expect(again.frameTimes).toBe(first.frameTimes);
    expect(again.file).toEqual(first.file);
    // Rewritten in place with the same size and modification time, garbage inside: the change
    // time tells, and the file is probed again.
    writeFileSync(path, Buffer.alloc(statSync(path).size));
    utimesSync(path, second, second);
    await expect(resolveInput({ kind: 'file', path: 'clip.mp4' }, [dir])).rejects.toMatchObject({ code: 'ERR_SOURCE_NOT_VIDEO' });
    makeClip('clip.mp4', 'testsrc2=size=64x64:rate=10:duration=2');
    expect((await resolveInput({ kind: 'file', path: 'clip.mp4' }, [dir])).frames).toBe(20);
  });
});
