import { execFile } from 'node:child_process';
import { ENCODER_NAMES, PIXEL_FORMATS, type EncoderName, type PixelFormat, type RunnerTrials } from '@codec-lab/domain';
import type { FfmpegCommand } from 'fluent-ffmpeg';
import { addOutput, createCommand, useFfmpegBinary } from './ffmpeg-command.ts';
import { ffmpegBinaries, type FfmpegBinary, type Meter } from './meter.ts';
import { succeeds } from './ffmpeg-process.ts';

/** What this runner's ffmpeg builds can really do, proven by trial runs. */
export interface Capabilities extends RunnerTrials {
  /** Encoders that encoded a trial frame (8-bit, or 10-bit where only that works). */
  readonly encoders: EncoderName[];
  /** Pixel formats each usable encoder accepted in a trial encode. */
  readonly pixelFormats: Readonly<Partial<Record<EncoderName, PixelFormat[]>>>;
  /** The ffmpeg that encodes (and whose ffprobe probes). */
  readonly encoder: FfmpegBinary;
  /** The ffmpeg that measures, and the VMAF models it loads. */
  readonly meter: Meter;
  /** The GPU's name as nvidia-smi reports it, or '' when there is none. */
  readonly gpuName: string;
}

export interface CapabilityOptions {
  /** The encoding ffmpeg; unset: `ffmpeg` on PATH. */
  readonly ffmpegPath?: string | undefined;
  /** A separate ffmpeg with libvmaf, used to measure when the encoding one has none. */
  readonly metricsFfmpegPath?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

const TRIAL_SOURCE = 'color=size=64x64:duration=0.04';

/**
 * Encodes one frame with each known encoder, and finds the meter (see chooseMeter), all in
 * parallel: an encoder or VMAF model counts only if ffmpeg exits 0 with it, not because
 * `-encoders` lists it.
 */
export async function detectCapabilities(options: CapabilityOptions = {}): Promise<Capabilities> {
  await useFfmpegBinary(options.ffmpegPath);
  const pairs = ENCODER_NAMES.flatMap((name) => PIXEL_FORMATS.map((pixelFormat) => ({ encoder: name, pixelFormat })));
  const [{ encoder, meter }, gpuName, ...usable] = await Promise.all([
    ffmpegBinaries(options.ffmpegPath, options.metricsFfmpegPath),
    readGpuName(),
    ...pairs.map((pair) => succeeds(encoderTrial(pair.encoder, pair.pixelFormat), `${pair.encoder} ${pair.pixelFormat} trial`, options.signal)),
  ]);
  const pixelFormats: Partial<Record<EncoderName, PixelFormat[]>> = {};
  pairs.forEach((pair, i) => {
    if (usable[i]) (pixelFormats[pair.encoder] ??= []).push(pair.pixelFormat);
  });
  return {
    encoders: ENCODER_NAMES.filter((e) => pixelFormats[e]),
    pixelFormats,
    encoder,
    meter,
    vmafModels: meter.vmafModels,
    ffmpegVersion: encoder.version,
    meterFfmpegVersion: meter.binary.version,
    gpuName,
  };
}

/** nvidia-smi's name for the first GPU; '' where there is no NVIDIA GPU or driver. */
function readGpuName(): Promise<string> {
  return new Promise((resolve) => {
    execFile('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], { timeout: 5_000 }, (error, stdout) =>
      resolve(error ? '' : (stdout.split('\n')[0] ?? '').trim()),
    );
  });
}

function encoderTrial(encoder: EncoderName, pixelFormat: PixelFormat): FfmpegCommand {
  const command = createCommand(TRIAL_SOURCE, ['-f', 'lavfi']);
  return addOutput(command, '-', ['-frames:v', '1', '-c:v', encoder, '-pix_fmt', pixelFormat, '-f', 'null']);
}
