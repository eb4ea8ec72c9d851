import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipEachUnless } from '@codec-lab/testing';
import { checkArtifactMatchesSource } from '../../src/media/artifact-checks.ts';
import { readArtifact } from '../../src/media/artifact-file.ts';
import { resolveInput, type InputSpec } from '../../src/media/input.ts';
import { ffmpeg } from './fixtures.ts';
import { SHARED_MEDIA, sharedClips, tempDir, TINY_SOURCE } from './testing.ts';

let dir: string;
let removeAll: () => Promise<void>;
let input: InputSpec;

/** An x264 artifact of the tiny source, with extra ffmpeg output options. */
async function artifact(name: string, extra: readonly string[]) {
  const path = join(dir, name);
  await ffmpeg(['-f', 'lavfi', '-i', input.input, ...extra, '-c:v', 'libx264', '-preset', 'ultrafast', '-fps_mode', 'passthrough', path]);
  const { probe, durationSeconds } = await readArtifact(path);
  return { frames: probe.frames, durationSeconds };
}

beforeAll(async () => {
  ({ dir, remove: removeAll } = await tempDir('checks'));
  input = await resolveInput(TINY_SOURCE, []);
});
afterAll(() => removeAll());

describe('checkArtifactMatchesSource', () => {
  it('accepts a faithful encode', async () => {
    const same = await artifact('same.mp4', []);
    expect(() => checkArtifactMatchesSource(same, input)).not.toThrow();
  });

  it('fails an artifact with a frame missing, naming both counts', async () => {
    const short = await artifact('short.mp4', ['-frames:v', '29']);
    expect(() => checkArtifactMatchesSource(short, input)).toThrow(
      expect.objectContaining({ kind: 'precondition', code: 'ERR_FRAME_COUNT_MISMATCH', message: 'the artifact holds 29 frames but the source has 30' }),
    );
  });

  it('fails an artifact with every frame but (nearly) twice the duration, naming both durations', async () => {
    const slow = await artifact('slow.mp4', ['-vf', 'setpts=2*PTS']);
    expect(slow.frames).toBe(30);
    expect(() => checkArtifactMatchesSource(slow, input)).toThrow(
      expect.objectContaining({
        kind: 'precondition',
        code: 'ERR_DURATION_MISMATCH',
        message: expect.stringMatching(/lasts 1\.967 s but the source 1\.000 s \(tolerance 0\.034 s, one frame\)/),
      }),
    );
  });

  it('tolerates up to one frame of difference, not two', () => {
    const source = { frames: 30, durationSeconds: 1, fps: { num: 30, den: 1 } };
    expect(() => checkArtifactMatchesSource({ frames: 30, durationSeconds: 1.033 }, source)).not.toThrow();
    expect(() => checkArtifactMatchesSource({ frames: 30, durationSeconds: 1.067 }, source)).toThrow(/lasts 1\.067 s/);
  });
});

describe('the bitrate of a file', () => {
  it("divides its bytes by the video stream's duration, not by a container stretched by a longer audio track", async () => {
    const path = join(dir, 'long-audio.mp4');
    // 1 s of pictures, 3 s of sound: the container lasts 3 s.
    await ffmpeg(['-f', 'lavfi', '-i', input.input, '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', path]);
    const file = await readArtifact(path);
    expect(file.probe.durationSeconds).toBeGreaterThan(2.9);
    expect(file.durationSeconds).toBeCloseTo(1, 2);
    expect(file.bitrateBps).toBe((file.bytes * 8) / file.durationSeconds);
    expect(file.bytes).toBe((await stat(path)).size);
  });
});

// The clips live beside the repository (../shared/media); a checkout without them cannot run this.
describe('source durations', () => {
  skipEachUnless(sharedClips());
  it.each([
    // The container says 5.055 s: its AAC track runs 50 ms past the last picture.
    ['flower_960x540_30fps_5s.mp4', 150, 5.005],
    // WebM gives the video stream no duration at all; the packets do.
    ['tears_of_steel_960x400_24fps_2s.webm', 48, 2.0],
  ])('reads the video duration of %s from its packets', async (path, frames, seconds) => {
    const spec = await resolveInput({ kind: 'file', path }, [SHARED_MEDIA]);
    expect(spec.frames).toBe(frames);
    expect(spec.durationSeconds).toBeCloseTo(seconds, 2);
  });
});
