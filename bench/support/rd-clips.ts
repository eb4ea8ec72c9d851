import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// The clips of the measured rate-quality world (bench/data/README.md): each a short segment of a
// shared clip, decoded once and stored losslessly (FFV1 in Matroska) under .cache/rd-segments, so
// every encode of the world starts from the same frames and none pays to decode the original.

const run = promisify(execFile);

export interface RdClip {
  id: string;
  /** The shared clip (a file name in ../shared/media) the segment is cut from. */
  file: string;
  startSeconds: number;
  seconds: number;
  /** priors: tunes the planner's priors; judge: scored by the benchmark, never used to fit anything. */
  role: 'priors' | 'judge';
  /** judge clips: the best-quality-within-budget objective, in Mbit/s. */
  budgetMbps?: number;
  /** judge clips: the smallest-bitrate-at-VMAF objective (VMAF vmaf_v0.6.1, every frame). */
  vmafTarget?: number;
}

/**
 * Judge clips first (the benchmark needs them), then the priors clips. The judge targets were
 * chosen once, before the grid was measured, from libx264 medium alone (bench/data/README.md).
 */
export const RD_CLIPS: readonly RdClip[] = Object.freeze([
  { id: 'bbb', file: 'bbb_1280x720_24fps_10s.mp4', startSeconds: 4, seconds: 2, role: 'judge', budgetMbps: 0.9, vmafTarget: 91 },
  { id: 'tears', file: 'tears_of_steel_960x400_24fps_2s.webm', startSeconds: 0, seconds: 2, role: 'judge', budgetMbps: 0.5, vmafTarget: 90 },
  { id: 'traffic', file: 'traffic_768x432_12.5fps_30s.mp4', startSeconds: 0, seconds: 4, role: 'judge', budgetMbps: 0.085, vmafTarget: 92 },
  { id: 'flower', file: 'flower_960x540_30fps_5s.mp4', startSeconds: 0, seconds: 2, role: 'priors' },
  { id: 'crystal', file: 'crystal_720x480_30fps_12s.mp4', startSeconds: 2, seconds: 2, role: 'priors' },
  { id: 'friday', file: 'friday_bw_640x480_30fps_6s.mp4', startSeconds: 1, seconds: 2, role: 'priors' },
] satisfies RdClip[]);

/** The frame size of each segment (its shared clip's), for results built from cached points. */
export const RD_CLIP_SIZES: Readonly<Record<string, { width: number; height: number }>> = {
  bbb: { width: 1280, height: 720 },
  tears: { width: 960, height: 400 },
  traffic: { width: 768, height: 432 },
  flower: { width: 960, height: 540 },
  crystal: { width: 720, height: 480 },
  friday: { width: 640, height: 480 },
};

export const REPO_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const MEDIA_DIR = fileURLToPath(new URL('../../../shared/media/', import.meta.url));
export const SEGMENT_DIR = join(REPO_DIR, '.cache', 'rd-segments');

export function rdClip(id: string): RdClip {
  const clip = RD_CLIPS.find((c) => c.id === id);
  if (!clip) throw new Error(`no rate-quality clip '${id}' (clips: ${RD_CLIPS.map((c) => c.id).join(', ')})`);
  return clip;
}

/** The segment's file name inside SEGMENT_DIR, as a runner file source names it. */
export const segmentName = (clip: RdClip) => `${clip.id}.mkv`;

async function countFrames(path: string): Promise<{ frames: number; fps: number }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-count_frames', '-show_entries', 'stream=nb_read_frames,r_frame_rate', '-of', 'json', `file:${path}`]);
  const stream = (JSON.parse(stdout) as { streams: { nb_read_frames: string; r_frame_rate: string }[] }).streams[0];
  if (!stream) throw new Error(`${path}: no video stream`);
  const [num, den] = stream.r_frame_rate.split('/').map(Number);
  return { frames: Number(stream.nb_read_frames), fps: num! / (den || 1) };
}

/**
 * The clip's lossless segment, cut and decoded once (made if missing, through a temporary file and
 * a rename); its frame count is checked against seconds x fps (within one frame). Returns its path.
 */
export async function ensureSegment(clip: RdClip): Promise<string> {
  const path = join(SEGMENT_DIR, segmentName(clip));
  if (!existsSync(path)) {
    const source = join(MEDIA_DIR, clip.file);
    if (!existsSync(source)) throw new Error(`shared clip not found: ${source} (expected at <repo>/../shared/media/${clip.file})`);
    await mkdir(SEGMENT_DIR, { recursive: true });
    const temp = join(SEGMENT_DIR, `.${clip.id}.${process.pid}.mkv`);
    try {
      await run('ffmpeg', [
        ...['-v', 'error', '-nostdin', '-y', '-ss', String(clip.startSeconds), '-t', String(clip.seconds), '-i', `file:${source}`],
        ...['-an', '-map', '0:v:0', '-c:v', 'ffv1', '-level', '3', '-pix_fmt', 'yuv420p', `file:${temp}`],
      ]);
      await rename(temp, path);
    } finally {
      await rm(temp, { force: true });
    }
  }
  const { frames, fps } = await countFrames(path);
  const expected = clip.seconds * fps;
  if (!(Math.abs(frames - expected) <= 1)) {
    throw new Error(`${path}: ${frames} frames, expected ${expected.toFixed(1)} (${clip.seconds} s at ${fps.toFixed(3)} fps); delete it to cut it again`);
  }
  return path;
}
