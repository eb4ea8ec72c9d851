import { open, readFile, stat } from 'node:fs/promises';
import { DomainError } from '@codec-lab/domain';
import { framesOfRaw, rawFrameBytes, type Frame } from '@codec-lab/procedural';
import { addOutput, createCommand } from '../media/ffmpeg-command.ts';
import { runFfmpeg, type ProgressListener } from '../media/ffmpeg-process.ts';
import type { ColorRange, Rational } from '../media/probe.ts';

// Frames between ffmpeg and the scene code pass through raw 8-bit 4:2:0 files in the attempt's
// folder: ffmpeg reads and writes them like any file (one process, its progress, its failure
// reasons), and the frames of one file are read as views of one buffer, not copied.

/** The frames' layout on disk: planar 4:2:0, 8 bits, the size and rate given. */
export interface RawLayout {
  readonly width: number;
  readonly height: number;
  readonly fps: Rational;
  /** yuv420p, or yuvj420p for a full-range source (same layout, the range is what it says). */
  readonly pixFmt: 'yuv420p' | 'yuvj420p';
  readonly colorRange: ColorRange;
}

/** The raw pixel format a source's frames are fitted in: its own where it is 8-bit 4:2:0, else yuv420p (then the fit sees a conversion). */
export function rawPixFmt(pixFmt: string, colorRange: ColorRange): RawLayout['pixFmt'] {
  if (pixFmt === 'yuvj420p' || (pixFmt === 'yuv420p' && colorRange === 'full')) return 'yuvj420p';
  return 'yuv420p';
}

const rawArgs = (layout: RawLayout) => ['-f', 'rawvideo', '-pix_fmt', layout.pixFmt, '-s', `${layout.width}x${layout.height}`, '-framerate', `${layout.fps.num}/${layout.fps.den}`];

/** Decodes `input` (an InputSpec's input and options) into a raw file of `layout`, every frame in order. */
export async function decodeToRaw(
  input: { readonly input: string; readonly inputOptions: readonly string[]; readonly frames: number },
  layout: RawLayout,
  outPath: string,
  options: { binary?: string | undefined; signal?: AbortSignal | undefined; onProgress?: ProgressListener | undefined; what: string },
): Promise<void> {
  const command = createCommand(input.input, input.inputOptions, { binary: options.binary });
  addOutput(command, `file:${outPath}`, ['-map', '0:v:0', '-an', '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', layout.pixFmt, '-s', `${layout.width}x${layout.height}`]);
  await runFfmpeg(command, { what: options.what, failureCode: 'ERR_DECODE_FAILED', phase: 'encode', totalFrames: input.frames, signal: options.signal, onProgress: options.onProgress });
}

/** Encodes a raw file of `layout` with the given output arguments (validated encoder arguments or this module's own). */
export async function encodeRaw(
  rawPath: string,
  layout: RawLayout,
  frames: number,
  outPath: string,
  outputArgs: readonly string[],
  options: { binary?: string | undefined; signal?: AbortSignal | undefined; onProgress?: ProgressListener | undefined; what: string },
): Promise<number> {
  const command = createCommand(`file:${rawPath}`, rawArgs(layout), { binary: options.binary });
  const range = layout.colorRange === 'full' ? 'pc' : 'tv';
  addOutput(command, `file:${outPath}`, [...outputArgs, '-color_range', range]);
  const run = await runFfmpeg(command, { what: options.what, failureCode: 'ERR_ENCODE_FAILED', phase: 'encode', totalFrames: frames, signal: options.signal, onProgress: options.onProgress });
  return run.seconds;
}

/** Fails unless a raw file holds exactly `frames` frames (ERR_FRAME_COUNT_MISMATCH). */
export async function checkRawFrames(path: string, width: number, height: number, frames: number): Promise<void> {
  const bytes = (await stat(path)).size;
  const size = rawFrameBytes(width, height);
  if (bytes !== size * frames) throw new DomainError('precondition', 'ERR_FRAME_COUNT_MISMATCH', `the source decoded to ${bytes / size} frames but it has ${frames}`);
}

/** The frames of a raw file, as views of one buffer; fails unless it holds exactly `frames` of them. */
export async function readRawFrames(path: string, width: number, height: number, frames: number): Promise<Frame[]> {
  await checkRawFrames(path, width, height, frames);
  return framesOfRaw(await readFile(path), width, height, frames);
}

/** Writes frames one after another into a raw file, each made by `frame(i)` when it is written (so only one is in memory). */
export async function writeRawFrames(path: string, count: number, frame: (index: number) => Frame, signal?: AbortSignal): Promise<void> {
  const handle = await open(path, 'w');
  try {
    for (let i = 0; i < count; i++) {
      signal?.throwIfAborted();
      const f = frame(i);
      await handle.write(f.y);
      await handle.write(f.u);
      await handle.write(f.v);
      // Rendering is synchronous work; let cancellation and other calls in between frames.
      if (i % 4 === 3) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await handle.close();
  }
}
