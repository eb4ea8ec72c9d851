import { basename } from 'node:path';
import { DomainError } from '@codec-lab/domain';
import ffmpeg from 'fluent-ffmpeg';
import type { FfprobeData } from 'fluent-ffmpeg';
import { scanPackets } from './packet-scan.ts';

/** A frame rate as ffmpeg writes it (`30000/1001`), kept exact. */
export interface Rational {
  readonly num: number;
  readonly den: number;
}

/**
 * How the samples of a YUV picture map to light: full (0-255, "pc", JPEG) or limited (16-235,
 * "tv", MPEG). Two pictures in different ranges must not be compared sample by sample.
 */
export type ColorRange = 'full' | 'limited';

/** What ffprobe says about the first video stream of a file. */
export interface VideoProbe {
  readonly codecName: string;
  readonly width: number;
  readonly height: number;
  /** Packets of the first video stream that become frames (the whole file is scanned). */
  readonly frames: number;
  /** Frames the container declares, when it declares any; compare with `packets`, not `frames`. */
  readonly declaredFrames: number | null;
  /** Packets read, including those an edit list discards. */
  readonly packets: number;
  /** Container duration, falling back to the stream's; null when neither is known. */
  readonly durationSeconds: number | null;
  /**
   * The video's own duration: first frame to the end of the last, from the packet timestamps
   * (the container's duration may be the audio's), else the stream's, else frames / fps.
   */
  readonly videoDurationSeconds: number;
  /** Presentation time of each frame in seconds from the file's start (where `-ss 0` is); null when unknown. */
  readonly frameTimes: readonly number[] | null;
  readonly fps: Rational;
  readonly pixFmt: string;
  /** As signalled; unsignalled is limited, except for the yuvj (JPEG) formats. */
  readonly colorRange: ColorRange;
  /** Whether the file also has an audio stream. */
  readonly audio: boolean;
}

// ffprobe's text is later placed in ffmpeg filtergraphs, so only plain tokens are accepted.
const TOKEN = /^[a-z0-9_]{1,32}$/;

/**
 * Probes the first video stream of `target` (`file:<path>`) and scans its packets. Rejects with
 * 'invalid' ERR_MEDIA_UNREADABLE when ffprobe cannot read it or it has no usable video stream;
 * callers turn that into their own code.
 */
export async function probeVideo(target: string, signal?: AbortSignal): Promise<VideoProbe> {
  const name = displayName(target);
  const data = await new Promise<FfprobeData>((resolve, reject) => {
    ffmpeg.ffprobe(target, ['-v', 'error'], (error: unknown, result) => {
      if (error) reject(unreadable(`ffprobe could not read ${name}: ${lastLine(error, target)}`, error));
      else resolve(result);
    });
  });

  const stream = data.streams.find((s) => s.codec_type === 'video');
  if (!stream) throw unreadable(`${name} has no video stream`);
  // Cover art of an audio file is a one-picture "video" stream; it is not a source to encode.
  if (Number(stream.disposition?.attached_pic) === 1) throw unreadable(`${name} holds only a cover picture, no video`);
  const scan = await scanPackets(target, signal);
  const width = positiveInt(stream.width);
  const height = positiveInt(stream.height);
  const frames = positiveInt(scan.frames);
  const fps = parseRational(stream.r_frame_rate);
  const pixFmt = String(stream.pix_fmt ?? '');
  const codecName = String(stream.codec_name ?? '');
  if (width === null || height === null) throw unreadable(`${name} has a video stream without a picture size`);
  if (frames === null) throw unreadable(`${name} has a video stream with no readable frames`);
  if (fps === null) throw unreadable(`${name} has a video stream without a frame rate`);
  if (!TOKEN.test(pixFmt) || !TOKEN.test(codecName)) throw unreadable(`${name} has an unknown pixel format or codec`);

  // `-ss` counts from the container's start time, so frame times are kept relative to it.
  const origin = Number(data.format.start_time) || 0;
  const times = scan.times;
  const frameInterval = fps.den / fps.num;
  const videoDurationSeconds = times
    ? (scan.end ?? times.at(-1)! + frameInterval) - times[0]!
    : (positiveNumber(stream.duration) ?? frames * frameInterval);
  return {
    codecName,
    width,
    height,
    frames,
    declaredFrames: positiveInt(stream.nb_frames),
    packets: scan.packets,
    durationSeconds: positiveNumber(data.format.duration) ?? positiveNumber(stream.duration),
    videoDurationSeconds,
    frameTimes: times ? times.map((t) => t - origin) : null,
    fps,
    pixFmt,
    colorRange: colorRangeOf(pixFmt, stream.color_range),
    audio: data.streams.some((s) => s.codec_type === 'audio'),
  };
}

/** The range a stream's samples are in: as signalled, else full only for the yuvj formats. */
export function colorRangeOf(pixFmt: string, signalled: unknown): ColorRange {
  if (signalled === 'pc' || signalled === 'jpeg') return 'full';
  if (signalled === 'tv' || signalled === 'mpeg') return 'limited';
  return pixFmt.startsWith('yuvj') ? 'full' : 'limited';
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
