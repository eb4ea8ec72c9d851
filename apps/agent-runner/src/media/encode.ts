import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { DomainError, type CodecConfig } from '@codec-lab/domain';
import { encoderArgs, type PassSpec } from './encoder-args.ts';
import { addOutput, createCommand, useFfmpegBinary } from './ffmpeg-command.ts';
import { runFfmpeg, type ProgressListener } from './ffmpeg-process.ts';
import type { InputSpec } from './input.ts';

export interface EncodeOptions {
  readonly input: InputSpec;
  readonly config: CodecConfig;
  /** Absolute path of the MP4 to write, in a folder of this attempt's own (ffmpeg refuses to overwrite). */
  readonly outPath: string;
  readonly ffmpegPath?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressListener | undefined;
}

export interface EncodeResult {
  /** Wall time of the ffmpeg process, source decode included. */
  readonly encodeSeconds: number;
}

export { encoderArgs } from './encoder-args.ts';

/**
 * Encodes `input` with `config` into an MP4 at `outPath`: one ffmpeg run, or two for a two-pass
 * config (statistics beside the output, removed afterwards). Progress covers both passes.
 */
export async function encode(options: EncodeOptions): Promise<EncodeResult> {
  const { outPath, config } = options;
  if (!isAbsolute(outPath)) throw new DomainError('internal', 'ERR_BAD_OUTPUT_PATH', 'encode output path must be absolute');
  await useFfmpegBinary(options.ffmpegPath);
  const twoPass = config.rateControl.mode === 'bitrate' && config.rateControl.passes === 2;
  if (!twoPass) return { encodeSeconds: await runPass(options, encoderArgs(config), `file:${outPath}`, 0, 1) };

  const statsPrefix = join(dirname(outPath), `${basename(outPath)}.pass`);
  try {
    const first: PassSpec = { pass: 1, statsPrefix };
    const seconds1 = await runPass(options, encoderArgs(config, first), '-', 0, 0.5);
    const seconds2 = await runPass(options, encoderArgs(config, { pass: 2, statsPrefix }), `file:${outPath}`, 0.5, 0.5);
    return { encodeSeconds: seconds1 + seconds2 };
  } finally {
    const dir = dirname(outPath);
    const prefix = basename(statsPrefix);
    const leftovers = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.startsWith(prefix));
    await Promise.all(leftovers.map((name) => rm(join(dir, name), { force: true })));
  }
}

/** One ffmpeg run; its progress is mapped into [offset, offset + share] of the whole encode. */
async function runPass(options: EncodeOptions, args: string[], target: string, offset: number, share: number): Promise<number> {
  const command = createCommand(options.input.input, options.input.inputOptions);
  // `file:` so that nothing in the path is read as a protocol; `-` is the null muxer's sink.
  addOutput(command, target, args);
  const onProgress = options.onProgress;
  const run = await runFfmpeg(command, {
    what: 'encode',
    failureCode: 'ERR_ENCODE_FAILED',
    phase: 'encode',
    totalFrames: options.input.frames,
    signal: options.signal,
    onProgress: onProgress && ((p) => onProgress({ ...p, percent: offset * 100 + p.percent * share })),
  });
  return run.seconds;
}
