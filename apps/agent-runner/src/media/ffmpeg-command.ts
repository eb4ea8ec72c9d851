import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DomainError } from '@codec-lab/domain';
import ffmpeg from 'fluent-ffmpeg';
import type { FfmpegCommand } from 'fluent-ffmpeg';

const checkedBinaries = new Set<string>();

/**
 * Points fluent-ffmpeg at an ffmpeg binary, with ffprobe from the same folder. fluent-ffmpeg keeps
 * one path per process, so the path given last applies to every later run; without one, ffmpeg
 * and ffprobe are looked up on PATH.
 */
export async function useFfmpegBinary(ffmpegPath: string | undefined): Promise<void> {
  if (ffmpegPath === undefined) return;
  if (!checkedBinaries.has(ffmpegPath)) {
    // fluent-ffmpeg crashes the process (not the command) when spawn fails with ENOENT, so the
    // binary must be known to exist before any command runs.
    try {
      await access(ffmpegPath, constants.X_OK);
    } catch (error) {
      throw new DomainError('precondition', 'ERR_FFMPEG_NOT_FOUND', `ffmpeg binary ${ffmpegPath} is not executable`, {
        cause: error,
      });
    }
    checkedBinaries.add(ffmpegPath);
  }
  ffmpeg.setFfmpegPath(ffmpegPath);
  ffmpeg.setFfprobePath(ffmpegPath.includes('/') ? join(dirname(ffmpegPath), 'ffprobe') : 'ffprobe');
}

export interface CommandOptions {
  /** Print ffmpeg's banner (the version check reads it). */
  readonly banner?: boolean;
  /**
   * The ffmpeg binary this command runs, whatever useFfmpegBinary set for the process: how the
   * metrics ffmpeg measures while another build encodes. Must be known to be executable.
   */
  readonly binary?: string | undefined;
}

/**
 * A command whose first input carries the global options every run needs. Arguments go through
 * the variadic form, because fluent-ffmpeg splits an array element at a single space.
 */
export function createCommand(input: string, inputOptions: readonly string[], opts: CommandOptions = {}): FfmpegCommand {
  // `level`: every stderr line says its severity ("[error] ..."), which is how a failure's reason
  // is told from the stream listings around it (see ffmpeg-process.ts).
  const globals = [...(opts.banner ? [] : ['-hide_banner']), '-loglevel', 'level+info', '-nostdin', '-stats_period', '0.25'];
  const command = ffmpeg();
  if (opts.binary !== undefined) pinBinary(command, opts.binary);
  return addInput(command, input, [...globals, ...inputOptions]);
}

// fluent-ffmpeg (2.1.3, its last release) looks the binary up through `_getFfmpegPath` when it
// spawns; its setFfmpegPath sets one path for the whole process. Overriding the lookup on one
// command is the only way to run two builds side by side (pinned-binary.test.ts proves it works).
// Its pre-run check of formats and codecs is skipped too: it consults lists cached once per process
// from whichever binary ran first, and misreads ffmpeg 7's `-formats` (lavfi shows as missing).
// A pinned binary's abilities were proven by trial runs instead (meter.ts).
interface FluentInternals {
  _getFfmpegPath(callback: (error: null, path: string) => void): void;
  _checkCapabilities(callback: (error?: Error) => void): void;
}
function pinBinary(command: FfmpegCommand, binary: string): void {
  const internals = command as unknown as FluentInternals;
  internals._getFfmpegPath = (callback) => callback(null, binary);
  internals._checkCapabilities = (callback) => callback();
}

/** Adds an input with its options passed verbatim. */
export function addInput(command: FfmpegCommand, input: string, inputOptions: readonly string[]): FfmpegCommand {
  command.input(input);
  if (inputOptions.length > 0) command.inputOptions(...verbatim(inputOptions));
  return command;
}

/** Adds an output with its options passed verbatim. */
export function addOutput(command: FfmpegCommand, target: string, outputOptions: readonly string[]): FfmpegCommand {
  command.output(target);
  if (outputOptions.length > 0) command.outputOptions(...verbatim(outputOptions));
  return command;
}

// fluent-ffmpeg takes each argument as it is only when given two or more; a lone one with a
// space in it would be split in two.
function verbatim(args: readonly string[]): string[] {
  if (args.length === 1 && args[0]!.includes(' ')) throw new Error(`ffmpeg option "${args[0]}" would be split`);
  return [...args];
}
