import { describe, expect, it } from 'vitest';
import { FFMPEG_PATH, metricsFfmpeg, metricsFfmpegPath, skipUnless } from '@codec-lab/testing';
import { addOutput, createCommand, useFfmpegBinary } from '../../src/media/ffmpeg-command.ts';
import { runFfmpeg } from '../../src/media/ffmpeg-process.ts';

/** The version in the banner of the ffmpeg that ran `binary`'s command (undefined: the process's). */
async function bannerOf(binary: string | undefined): Promise<string> {
  let banner = '';
  const command = createCommand('color=size=64x64:duration=0.04', ['-f', 'lavfi'], { banner: true, binary });
  addOutput(command, '-', ['-frames:v', '1', '-f', 'null']);
  await runFfmpeg(command, { what: 'banner', failureCode: 'ERR_TEST', onStderrLine: (line) => (banner ||= /^ffmpeg version (\S+)/.exec(line)?.[1] ?? '') });
  return banner;
}

describe('a command pinned to a binary', () => {
  it('runs that binary while the process default stays the encoding ffmpeg, both at once', async (ctx) => {
    skipUnless(ctx, metricsFfmpeg());
    await useFfmpegBinary(FFMPEG_PATH);
    const [pinned, unpinned] = await Promise.all([bannerOf(metricsFfmpegPath()), bannerOf(undefined)]);
    expect(pinned).toMatch(/^7\.0\.2/);
    expect(unpinned).not.toBe(pinned);
    expect(await bannerOf(FFMPEG_PATH)).toBe(unpinned);
  });
});
