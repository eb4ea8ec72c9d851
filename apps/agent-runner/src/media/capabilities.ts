import { DomainError, ENCODER_NAMES, type EncoderName } from '@codec-lab/domain';
import type { FfmpegCommand } from 'fluent-ffmpeg';
import { addInput, addOutput, createCommand, useFfmpegBinary } from './ffmpeg-command.ts';
import { runFfmpeg } from './ffmpeg-process.ts';

/** What this runner's ffmpeg build can really do, proven by trial runs. */
export interface Capabilities {
  readonly encoders: EncoderName[];
  readonly vmafAvailable: boolean;
  readonly ffmpegVersion: string;
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
  const [ffmpegVersion, vmafAvailable, ...usable] = await Promise.all([
    readFfmpegVersion(options),
    trial('libvmaf trial', vmafTrial(), options.signal),
    ...ENCODER_NAMES.map((encoder) => trial(`${encoder} trial`, encoderTrial(encoder), options.signal)),
  ]);
  return { encoders: ENCODER_NAMES.filter((_, i) => usable[i]), vmafAvailable, ffmpegVersion };
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

function encoderTrial(encoder: EncoderName): FfmpegCommand {
  const command = createCommand(TRIAL_SOURCE, ['-f', 'lavfi']);
  return addOutput(command, '-', ['-frames:v', '1', '-c:v', encoder, '-pix_fmt', 'yuv420p', '-f', 'null']);
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
