import { execFile } from 'node:child_process';
import { DomainError, ENCODER_NAMES, PIXEL_FORMATS, type EncoderName, type PixelFormat } from '@codec-lab/domain';
import type { FfmpegCommand } from 'fluent-ffmpeg';
import { addInput, addOutput, createCommand, useFfmpegBinary } from './ffmpeg-command.ts';
import { runFfmpeg } from './ffmpeg-process.ts';

/** What this runner's ffmpeg build can really do, proven by trial runs. */
export interface Capabilities {
  /** Encoders that encoded a trial frame (8-bit, or 10-bit where only that works). */
  readonly encoders: EncoderName[];
  /** Pixel formats each usable encoder accepted in a trial encode. */
  readonly pixelFormats: Readonly<Partial<Record<EncoderName, PixelFormat[]>>>;
  readonly vmafAvailable: boolean;
  readonly ffmpegVersion: string;
  /** The GPU's name as nvidia-smi reports it, or '' when there is none. */
  readonly gpuName: string;
}

export interface CapabilityOptions {
  readonly ffmpegPath?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

const TRIAL_SOURCE = 'color=size=64x64:duration=0.04';
const VERSION_LINE = /^ffmpeg version (\S+)/;
const versions = new Map<string, Promise<string>>();

/**
 * Encodes one frame with each known encoder and runs libvmaf once, all in parallel: an encoder or
 * filter counts only if ffmpeg exits 0 with it, not because `-encoders` lists it.
 */
export async function detectCapabilities(options: CapabilityOptions = {}): Promise<Capabilities> {
  await useFfmpegBinary(options.ffmpegPath);
  const pairs = ENCODER_NAMES.flatMap((encoder) => PIXEL_FORMATS.map((pixelFormat) => ({ encoder, pixelFormat })));
  const [ffmpegVersion, vmafAvailable, gpuName, ...usable] = await Promise.all([
    readFfmpegVersion(options),
    trial('libvmaf trial', vmafTrial(), options.signal),
    readGpuName(),
    ...pairs.map(({ encoder, pixelFormat }) => trial(`${encoder} ${pixelFormat} trial`, encoderTrial(encoder, pixelFormat), options.signal)),
  ]);
  const pixelFormats: Partial<Record<EncoderName, PixelFormat[]>> = {};
  pairs.forEach(({ encoder, pixelFormat }, i) => {
    if (usable[i]) (pixelFormats[encoder] ??= []).push(pixelFormat);
  });
  return { encoders: ENCODER_NAMES.filter((e) => pixelFormats[e]), pixelFormats, vmafAvailable, ffmpegVersion, gpuName };
}

/** nvidia-smi's name for the first GPU; '' where there is no NVIDIA GPU or driver. */
function readGpuName(): Promise<string> {
  return new Promise((resolve) => {
    execFile('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], { timeout: 5_000 }, (error, stdout) =>
      resolve(error ? '' : (stdout.split('\n')[0] ?? '').trim()),
    );
  });
}

/**
 * The ffmpeg version string (`5.1.9-0+deb12u1`), read once per binary. It takes no signal: the
 * answer is shared by every caller, so one caller's cancellation must not fail the others.
 */
export function readFfmpegVersion(options: { readonly ffmpegPath?: string | undefined } = {}): Promise<string> {
  const key = options.ffmpegPath ?? '';
  let version = versions.get(key);
  if (!version) {
    version = probeVersion(options.ffmpegPath);
    versions.set(key, version);
    version.catch(() => versions.delete(key));
  }
  return version;
}

async function probeVersion(ffmpegPath: string | undefined): Promise<string> {
  await useFfmpegBinary(ffmpegPath);
  // The banner's first line carries the version; a null run prints it without needing `-version`,
  // which fluent-ffmpeg cannot run (it insists on an output).
  let version = '';
  const command = createCommand(TRIAL_SOURCE, ['-f', 'lavfi'], { banner: true });
  addOutput(command, '-', ['-frames:v', '1', '-f', 'null']);
  await runFfmpeg(command, {
    what: 'ffmpeg version check',
    failureCode: 'ERR_FFMPEG_UNUSABLE',
    onStderrLine: (line) => {
      version ||= VERSION_LINE.exec(line)?.[1] ?? '';
    },
  });
  if (!version) throw new DomainError('internal', 'ERR_FFMPEG_UNUSABLE', 'ffmpeg printed no version banner');
  return version;
}

function encoderTrial(encoder: EncoderName, pixelFormat: PixelFormat): FfmpegCommand {
  const command = createCommand(TRIAL_SOURCE, ['-f', 'lavfi']);
  return addOutput(command, '-', ['-frames:v', '1', '-c:v', encoder, '-pix_fmt', pixelFormat, '-f', 'null']);
}

function vmafTrial(): FfmpegCommand {
  const command = createCommand(TRIAL_SOURCE, ['-f', 'lavfi']);
  addInput(command, TRIAL_SOURCE, ['-f', 'lavfi']);
  command.complexFilter('[0:v][1:v]libvmaf[out]');
  return addOutput(command, '-', ['-map', '[out]', '-f', 'null']);
}

// A failed trial means "not usable"; only a cancellation is passed on.
async function trial(what: string, command: FfmpegCommand, signal: AbortSignal | undefined) {
  try {
    await runFfmpeg(command, { what, failureCode: 'ERR_TRIAL_FAILED', signal });
    return true;
  } catch (error) {
    if (error instanceof DomainError && (error.kind === 'cancelled' || error.kind === 'timeout')) throw error;
    return false;
  }
}
