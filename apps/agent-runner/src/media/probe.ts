import { basename } from 'node:path';
import { DomainError } from '@codec-lab/domain';
import ffmpeg from 'fluent-ffmpeg';
import type { FfprobeData } from 'fluent-ffmpeg';

/** A frame rate as ffmpeg writes it (`30000/1001`), kept exact. */
export interface Rational {
  readonly num: number;
  readonly den: number;
}

/** What ffprobe says about the first video stream of a file. */
export interface VideoProbe {
  readonly codecName: string;
  readonly width: number;
  readonly height: number;
  /** Packets read from the first video stream (`-count_packets`), one per frame. */
  readonly frames: number;
  /** Frames the container declares, when it declares any. */
  readonly declaredFrames: number | null;
  /** Container duration, falling back to the stream's; null when neither is known. */
  readonly durationSeconds: number | null;
  readonly fps: Rational;
  readonly pixFmt: string;
}

// ffprobe's text is later placed in ffmpeg filtergraphs, so only plain tokens are accepted.
const TOKEN = /^[a-z0-9_]{1,32}$/;

/**
 * Probes the first video stream of `target` (`file:<path>`), counting its packets. Rejects with
 * 'invalid' ERR_MEDIA_UNREADABLE when ffprobe cannot read it or it has no usable video stream;
 * callers turn that into their own code.
 */
export async function probeVideo(target: string): Promise<VideoProbe> {
  const name = displayName(target);
  const data = await new Promise<FfprobeData>((resolve, reject) => {
    ffmpeg.ffprobe(target, ['-v', 'error', '-count_packets', '-select_streams', 'v:0'], (error: unknown, result) => {
      if (error) reject(unreadable(`ffprobe could not read ${name}: ${lastLine(error, target)}`, error));
      else resolve(result);
    });
  });

  const stream = data.streams[0];
  if (!stream || stream.codec_type !== 'video') throw unreadable(`${name} has no video stream`);
  // Cover art of an audio file is a one-picture "video" stream; it is not a source to encode.
  if (Number(stream.disposition?.attached_pic) === 1) throw unreadable(`${name} holds only a cover picture, no video`);
  const width = positiveInt(stream.width);
  const height = positiveInt(stream.height);
  const frames = positiveInt(stream.nb_read_packets);
  const fps = parseRational(stream.r_frame_rate);
  const pixFmt = String(stream.pix_fmt ?? '');
  const codecName = String(stream.codec_name ?? '');
  if (width === null || height === null) throw unreadable(`${name} has a video stream without a picture size`);
  if (frames === null) throw unreadable(`${name} has a video stream with no readable frames`);
  if (fps === null) throw unreadable(`${name} has a video stream without a frame rate`);
  if (!TOKEN.test(pixFmt) || !TOKEN.test(codecName)) throw unreadable(`${name} has an unknown pixel format or codec`);

  return {
    codecName,
    width,
    height,
    frames,
    declaredFrames: positiveInt(stream.nb_frames),
    durationSeconds: positiveNumber(data.format.duration) ?? positiveNumber(stream.duration),
    fps,
    pixFmt,
  };
}

/** `30000/1001` -> { num: 30000, den: 1001 }; null for `0/0`, N/A or anything not two positive ints. */
export function parseRational(text: unknown): Rational | null {
  const match = /^(\d+)\/(\d+)$/.exec(String(text ?? ''));
  if (!match) return null;
  const num = Number(match[1]);
  const den = Number(match[2]);
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || num <= 0 || den <= 0) return null;
  return { num, den };
}

// fluent-ffmpeg turns numeric fields into numbers but leaves `N/A` as a string.
function positiveInt(value: unknown): number | null {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

function positiveNumber(value: unknown): number | null {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) && n > 0 ? n : null;
}

function unreadable(message: string, cause?: unknown): DomainError {
  return new DomainError('invalid', 'ERR_MEDIA_UNREADABLE', message, cause === undefined ? undefined : { cause });
}

// fluent-ffmpeg appends ffprobe's whole stderr to the message; its last line is the reason.
function lastLine(error: unknown, target: string): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  const last = lines.at(-1) ?? 'unknown error';
  // ffprobe prefixes the reason with the input name, which holds a server path.
  return last.startsWith(`${target}: `) ? last.slice(target.length + 2) : last;
}

// Messages reach clients, so they name the file, never the server folder it sits in.
function displayName(target: string): string {
  return basename(target.replace(/^file:/, ''));
}
