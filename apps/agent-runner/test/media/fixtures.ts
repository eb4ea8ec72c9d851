import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs the system ffmpeg with `args` (errors only), for making test clips. */
export async function ffmpeg(args: readonly string[]): Promise<void> {
  await run('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...args]);
}

/** Lossless H.264, so a clip's own coding adds nothing to what a test measures. */
const LOSSLESS = ['-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0'];

/**
 * The clips the alignment tests need, all 160x90 testsrc2 unless said otherwise, written into `dir`:
 * - `full-yuvj.mp4`: full range as yuvj420p (how H.264 decoders present full range);
 * - `full-pc.mkv`: full range as yuv420p tagged `pc` (how FFV1, VP9, AV1 decoders present it);
 * - `vfr.mp4`: variable rate, 15 frames at 30 fps then 8 at 15 fps (23 frames, 1 s);
 * - `odd.mp4`: 161x91 (4:4:4, which H.264 allows at odd sizes);
 * - `long.mp4`: 6 s at 30 fps with B-frames and 1 s GOPs, for probe seeking;
 * - `edit.mp4`: `long.mp4` cut at 0.5 s without re-encoding: an edit list hides its first 15 of
 *   180 packets, which the decoder drops (165 frames).
 */
export async function makeClips(dir: string): Promise<Record<'fullYuvj' | 'fullPc' | 'vfr' | 'odd' | 'long' | 'edit', string>> {
  const src = (frames: number, rate = 30) => `testsrc2=size=160x90:rate=${rate},trim=end_frame=${frames}`;
  const clips = {
    fullYuvj: join(dir, 'full-yuvj.mp4'),
    fullPc: join(dir, 'full-pc.mkv'),
    vfr: join(dir, 'vfr.mp4'),
    odd: join(dir, 'odd.mp4'),
    long: join(dir, 'long.mp4'),
    edit: join(dir, 'edit.mp4'),
  };
  await ffmpeg(['-f', 'lavfi', '-i', `${src(30)},format=yuvj420p`, ...LOSSLESS, '-pix_fmt', 'yuvj420p', clips.fullYuvj]);
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `${src(30)},scale=out_range=full,format=yuv420p`],
    ...['-c:v', 'ffv1', '-pix_fmt', 'yuv420p', '-color_range', 'pc', clips.fullPc],
  ]);
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `${src(15)}[a];${src(8, 15)}[b];[a][b]concat=n=2:v=1:a=0`],
    ...[...LOSSLESS, '-fps_mode', 'vfr', clips.vfr],
  ]);
  await ffmpeg(['-f', 'lavfi', '-i', `${src(10)},scale=161:91`, ...LOSSLESS, '-pix_fmt', 'yuv444p', clips.odd]);
  await ffmpeg(['-f', 'lavfi', '-i', src(180), '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '10', '-g', '30', '-bf', '2', clips.long]);
  await ffmpeg(['-ss', '0.5', '-i', clips.long, '-c', 'copy', clips.edit]);
  return clips;
}
