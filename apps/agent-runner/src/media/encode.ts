import { isAbsolute } from 'node:path';
import { CodecConfigSchema, DomainError, formatIssues, type CodecConfig, type EncoderName, type RateControl } from '@codec-lab/domain';
import { addOutput, createCommand, useFfmpegBinary } from './ffmpeg-command.ts';
import { runFfmpeg, type ProgressListener } from './ffmpeg-process.ts';
import type { InputSpec } from './input.ts';

export interface EncodeOptions {
  readonly input: InputSpec;
  readonly config: CodecConfig;
  /** Absolute path of the MP4 to write; replaced if it exists. */
  readonly outPath: string;
  readonly ffmpegPath?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressListener | undefined;
}

export interface EncodeResult {
  /** Wall time of the ffmpeg process, source decode included. */
  readonly encodeSeconds: number;
}

// Options each encoder needs beyond the shared ones.
const ENCODER_ARGS: Readonly<Record<EncoderName, readonly string[]>> = {
  libx264: [],
  // hvc1 is the tag Apple players require for HEVC in MP4; x265 is silenced to its errors.
  libx265: ['-tag:v', 'hvc1', '-x265-params', 'log-level=error'],
  libsvtav1: [],
};

const RATE_CONTROL_ARGS: { readonly [M in RateControl['mode']]: (rc: Extract<RateControl, { mode: M }>) => string[] } = {
  crf: (rc) => ['-crf', String(rc.crf)],
  // One-pass ABR: no maxrate/bufsize, so the encoder is free to spend bits where it wants.
  bitrate: (rc) => ['-b:v', `${rc.kbps}k`],
};

/**
 * ffmpeg output options for a config, from a table. The config is parsed again first, so only
 * enum members and bounded integers reach the command line.
 */
export function encoderArgs(config: CodecConfig): string[] {
  const parsed = CodecConfigSchema.safeParse(config);
  if (!parsed.success) {
    const details = formatIssues(parsed.error.issues);
    throw new DomainError('invalid', 'ERR_INVALID_CONFIG', `invalid codec config: ${details.join('; ')}`, { details });
  }
  const c = parsed.data;
  const rc = c.rateControl;
  return [
    '-map',
    '0:v:0',
    '-an',
    '-sn',
    '-dn',
    '-c:v',
    c.encoder,
    '-preset',
    c.preset,
    ...(rc.mode === 'crf' ? RATE_CONTROL_ARGS.crf(rc) : RATE_CONTROL_ARGS.bitrate(rc)),
    ...(c.gop !== undefined ? ['-g', String(c.gop)] : []),
    ...(c.bFrames !== undefined ? ['-bf', String(c.bFrames)] : []),
    '-pix_fmt',
    c.pixelFormat,
    ...ENCODER_ARGS[c.encoder],
    // One output frame per decoded frame with its own timestamp: the default (cfr for MP4)
    // would duplicate or drop frames of a variable-rate source, and the frame counts must match.
    '-fps_mode',
    'passthrough',
    '-f',
    'mp4',
  ];
}

/** Encodes `input` with `config` into an MP4 at `outPath`. */
export async function encode(options: EncodeOptions): Promise<EncodeResult> {
  const { input, outPath } = options;
  if (!isAbsolute(outPath)) throw new DomainError('internal', 'ERR_BAD_OUTPUT_PATH', 'encode output path must be absolute');
  const args = encoderArgs(options.config);
  await useFfmpegBinary(options.ffmpegPath);

  const command = createCommand(input.input, input.inputOptions);
  // `file:` so that nothing in the path is read as a protocol.
  addOutput(command, `file:${outPath}`, args);
  const run = await runFfmpeg(command, {
    what: 'encode',
    failureCode: 'ERR_ENCODE_FAILED',
    phase: 'encode',
    totalFrames: input.frames,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  return { encodeSeconds: run.seconds };
}
