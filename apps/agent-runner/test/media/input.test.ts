import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode } from '../../src/media/encode.ts';
import { addOutput, createCommand } from '../../src/media/ffmpeg-command.ts';
import { runFfmpeg } from '../../src/media/ffmpeg-process.ts';
import { resolveInput } from '../../src/media/input.ts';
import { codecConfig, tempDir, TINY_SOURCE } from './testing.ts';

let root: string;
let outside: string;
let removeAll: () => Promise<void>;

beforeAll(async () => {
  const temp = await tempDir('input');
  removeAll = temp.remove;
  root = join(temp.dir, 'root');
  outside = join(temp.dir, 'outside');
  await mkdir(join(root, 'clips'), { recursive: true });
  await mkdir(outside);

  const clip = join(root, 'clips', 'tiny.mp4');
  const input = await resolveInput(TINY_SOURCE, []);
  await encode({ input, config: codecConfig({ encoder: 'libx264', preset: 'ultrafast' }), outPath: clip });
  const bytes = await readFile(clip);
  // ffmpeg writes the index (moov) last, so the first half of the file has no index at all.
  await writeFile(join(root, 'truncated.mp4'), bytes.subarray(0, bytes.length >> 1));
  // With the index moved to the front, half a file still opens but is missing frames.
  const faststart = join(outside, 'faststart.mp4');
  await runFfmpeg(addOutput(createCommand(`file:${clip}`, []), `file:${faststart}`, ['-c', 'copy', '-movflags', '+faststart']), {
    what: 'remux',
    failureCode: 'ERR_TEST',
  });
  const fast = await readFile(faststart);
  await writeFile(join(root, 'truncated-faststart.mp4'), fast.subarray(0, fast.length >> 1));

  await writeFile(join(root, 'notes.mp4'), 'this is a text file, not a video\n');
  await writeFile(join(outside, 'secret.mp4'), bytes);
  await symlink(join(outside, 'secret.mp4'), join(root, 'escape.mp4'));
  await symlink(outside, join(root, 'elsewhere'));
  await symlink(join(root, 'clips', 'tiny.mp4'), join(root, 'inside-link.mp4'));
});
afterAll(() => removeAll());

const file = (path: string) => resolveInput({ kind: 'file', path }, [root]);

describe('resolveInput for files', () => {
  it('resolves a clip, counting its frames, and passes it to ffmpeg as file:<real path>', async () => {
    const spec = await file('clips/tiny.mp4');
    expect(spec).toMatchObject({ kind: 'file', width: 160, height: 90, frames: 30, fps: { num: 30, den: 1 }, pixFmt: 'yuv420p' });
    expect(spec.input).toBe(`file:${join(root, 'clips', 'tiny.mp4')}`);
    expect(spec.durationSeconds).toBeCloseTo(1, 3);
  });

  it('follows a symlink that stays inside the root', async () => {
    expect((await file('inside-link.mp4')).input).toBe(`file:${join(root, 'clips', 'tiny.mp4')}`);
  });

  it('searches every media root in order', async () => {
    const spec = await resolveInput({ kind: 'file', path: 'tiny.mp4' }, [join(root, 'missing-root'), outside, join(root, 'clips')]);
    expect(spec.frames).toBe(30);
  });

  it.each([
    ['a missing file', 'clips/absent.mp4', 'not_found', 'ERR_SOURCE_NOT_FOUND'],
    ['a ../ escape', '../outside/secret.mp4', 'invalid', 'ERR_SOURCE_OUTSIDE_MEDIA_ROOT'],
    ['a nested ../ escape', 'clips/../../outside/secret.mp4', 'invalid', 'ERR_SOURCE_OUTSIDE_MEDIA_ROOT'],
    ['an absolute path', '/etc/passwd', 'invalid', 'ERR_SOURCE_OUTSIDE_MEDIA_ROOT'],
    ['a symlinked file pointing outside', 'escape.mp4', 'invalid', 'ERR_SOURCE_OUTSIDE_MEDIA_ROOT'],
    ['a file under a symlinked folder pointing outside', 'elsewhere/secret.mp4', 'invalid', 'ERR_SOURCE_OUTSIDE_MEDIA_ROOT'],
    ['a folder', 'clips', 'invalid', 'ERR_SOURCE_NOT_VIDEO'],
    ['a text file', 'notes.mp4', 'invalid', 'ERR_SOURCE_NOT_VIDEO'],
    ['a truncated mp4', 'truncated.mp4', 'invalid', 'ERR_SOURCE_NOT_VIDEO'],
    ['a truncated mp4 with its index in front', 'truncated-faststart.mp4', 'invalid', 'ERR_SOURCE_CORRUPT'],
    ['a name with characters the schema forbids', 'clips/tiny.mp4;rm', 'invalid', 'ERR_INVALID_SOURCE'],
  ])('rejects %s', async (_, path, kind, code) => {
    const error = await file(path).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'DomainError', kind, code });
    // Messages reach clients: they name the source as given, never the server's folders.
    expect((error as Error).message).not.toContain(root);
  });

  it('says why a file is not a video', async () => {
    await expect(file('notes.mp4')).rejects.toThrow(/not a readable video: .*Invalid data found/);
  });
});

describe('resolveInput for synthetic sources', () => {
  it('builds a lavfi graph from the validated fields only', async () => {
    const spec = await resolveInput(TINY_SOURCE, []);
    expect(spec).toEqual({
      kind: 'synthetic',
      inputOptions: ['-f', 'lavfi'],
      input: 'testsrc2=size=160x90:rate=30,trim=end_frame=30,format=yuv420p',
      width: 160,
      height: 90,
      fps: { num: 30, den: 1 },
      frames: 30,
      durationSeconds: 1,
      pixFmt: 'yuv420p',
      colorRange: 'limited',
      frameTimes: null,
      codec: 'rawvideo',
      audio: false,
      file: null,
    });
  });

  it('refuses values the schema does not allow, whatever the type says', async () => {
    const bad = { ...TINY_SOURCE, generator: 'testsrc2,movie=/etc/passwd' } as unknown as typeof TINY_SOURCE;
    await expect(resolveInput(bad, [])).rejects.toMatchObject({ kind: 'invalid', code: 'ERR_INVALID_SOURCE' });
    const odd = { ...TINY_SOURCE, width: 161 };
    await expect(resolveInput(odd, [])).rejects.toMatchObject({ kind: 'invalid', code: 'ERR_INVALID_SOURCE' });
  });
});
