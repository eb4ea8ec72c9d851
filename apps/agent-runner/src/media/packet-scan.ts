import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { DomainError } from '@codec-lab/domain';
import ffmpeg from 'fluent-ffmpeg';
import { abortError } from './ffmpeg-process.ts';

/** The frames of the first video stream as the demuxer sees them, from one pass over the file. */
export interface PacketScan {
  /** Packets the decoder turns into frames (discarded edit-list packets left out). */
  readonly frames: number;
  /** Every packet read, discarded ones included: what a container's declared frame count counts. */
  readonly packets: number;
  /** Their presentation times in seconds, ascending; null when the container carries none. */
  readonly times: number[] | null;
  /** The latest presentation time plus duration; null when no packet says how long it lasts. */
  readonly end: number | null;
}

// Only these fields are read; `compact` prints them as key=value, whatever order ffprobe uses.
const ARGS = ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,dts_time,duration_time,flags', '-of', 'compact=p=0:nk=0'];

/**
 * Lists every packet of the first video stream of `target` (`file:<path>`) without decoding. This
 * is what frame counts, the video's own duration (the container's may be the audio's) and probe
 * segments are computed from. Rejects with 'invalid' ERR_MEDIA_UNREADABLE when ffprobe cannot read
 * the file, 'internal' ERR_FFPROBE_FAILED when it cannot be started.
 */
export async function scanPackets(target: string, signal?: AbortSignal): Promise<PacketScan> {
  const binary = await ffprobeBinary();
  const child = spawn(binary, [...ARGS, target], { signal, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  // Settles once and never rejects, so a spawn failure during the read is not an unhandled rejection.
  const exited = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('close', (code) => resolve({ code }));
  });

  const times: number[] = [];
  let frames = 0;
  let packets = 0;
  let end: number | null = null;
  for await (const line of createInterface({ input: child.stdout })) {
    const fields = new Map(line.split('|').map((kv) => kv.split('=', 2) as [string, string]));
    packets++;
    // A discarded packet (edit list) is decoded for reference only and never becomes a frame.
    if ((fields.get('flags') ?? '').includes('D')) continue;
    frames++;
    const time = seconds(fields.get('pts_time')) ?? seconds(fields.get('dts_time'));
    if (time === null) continue;
    times.push(time);
    const duration = seconds(fields.get('duration_time'));
    if (duration !== null && duration > 0) end = Math.max(end ?? -Infinity, time + duration);
  }
  const { code, error } = await exited;
  if (signal?.aborted) throw abortError(signal, 'probe');
  // ffprobe did not run at all: the runner's fault, not the file's.
  if (error) throw new DomainError('internal', 'ERR_FFPROBE_FAILED', `ffprobe could not be run: ${error.message}`, { cause: error });
  if (code !== 0) {
    const said = stderr.join('').trim().split('\n').at(-1) ?? 'unknown error';
    throw new DomainError('invalid', 'ERR_MEDIA_UNREADABLE', `ffprobe could not scan the packets: ${said.replace(target, '<source>')}`);
  }
  // Timestamps only count when every frame has one; otherwise nothing is inferred from them.
  const known = times.length === frames && frames > 0;
  return { frames, packets, times: known ? times.sort((a, b) => a - b) : null, end: known ? end : null };
}

function seconds(text: string | undefined): number | null {
  if (text === undefined || text === 'N/A') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

interface FfprobeLocator {
  _getFfprobePath(callback: (error: Error | null, path: string) => void): void;
}

// The same ffprobe fluent-ffmpeg runs for probeVideo (useFfmpegBinary sets it), so the stream
// facts and the packet list always come from one binary. fluent-ffmpeg has no public getter.
function ffprobeBinary(): Promise<string> {
  const locator = ffmpeg() as unknown as FfprobeLocator;
  return new Promise((resolve, reject) => {
    locator._getFfprobePath((error, path) => {
      if (error || !path) reject(new DomainError('precondition', 'ERR_FFMPEG_NOT_FOUND', 'ffprobe was not found'));
      else resolve(path);
    });
  });
}
