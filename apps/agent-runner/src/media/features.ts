import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError, MAX_LISTED_SCENE_CUTS, SourceFeaturesSchema, type SourceFeatures } from '@codec-lab/domain';
import { addOutput, createCommand } from './ffmpeg-command.ts';
import { failureReasons, FfmpegFailure, parseTaggedLines, runFfmpeg } from './ffmpeg-process.ts';
import type { InputSpec } from './input.ts';
import { escapeFilterValue } from './measure-graph.ts';

// Content features of a source, from one decode of it (MEASUREMENT.md, "Content features").

/** The widest the analysis runs at; a wider source is scaled down to it, keeping its aspect. */
export const ANALYSIS_MAX_WIDTH = 640;

/**
 * scdet's threshold (its score is the change of the mean absolute frame difference, in percent of
 * full scale). Continuous footage, fast pans and heavy grain score below 2.5; hard cuts between
 * unrelated shots 19 to 26. Cuts between shots of much the same picture and brightness can score
 * below 8 and are missed.
 */
export const SCENE_CUT_THRESHOLD = 8;

/**
 * Describing must stay quick (campaign creation waits for it), so the analysis looks at the first
 * frames only: at most 1000, and no more pixels than 1000 frames of 1920x1080 (250 frames of 4K).
 */
export const MAX_ANALYSED_FRAMES = 1000;
const MAX_ANALYSED_PIXELS = MAX_ANALYSED_FRAMES * 1920 * 1080;

/**
 * Twice hqdn3d's default strengths: enough that added noise up to an RMS of about 5 code values
 * (grain as sources carry it) is mostly removed; at the defaults the estimate stops growing near 2.
 */
const DENOISER = 'hqdn3d=luma_spatial=8:chroma_spatial=6:luma_tmp=12:chroma_tmp=9';
/** Timestamps are rescaled to microseconds, so a frame's time is read exactly from its integer pts. */
const MICROSECONDS = 1_000_000;

export interface FeatureOptions {
  /** Bits per sample of the source (describe.ts bitDepthOf). */
  readonly bitDepth: number;
  readonly signal?: AbortSignal | undefined;
}

/** The analysis picture: at most ANALYSIS_MAX_WIDTH wide, the source's aspect, even sizes. */
export function analysisSize(width: number, height: number): { readonly width: number; readonly height: number } {
  const w = Math.max(2, Math.floor(Math.min(width, ANALYSIS_MAX_WIDTH) / 2) * 2);
  const h = Math.max(2, Math.round((height * w) / width / 2) * 2);
  return { width: w, height: h };
}

/** How many of the source's first frames the analysis looks at. */
export function analysedFrameLimit(width: number, height: number): number {
  return Math.max(1, Math.min(MAX_ANALYSED_FRAMES, Math.floor(MAX_ANALYSED_PIXELS / (width * height))));
}

/**
 * The one filtergraph: the decoded source, trimmed to the frames analysed and timed from its first
 * frame, is scaled to the analysis size in its own colour range and split; one branch is denoised,
 * psnr compares the two (its per-frame luma MSE is the noise), and the undenoised frames go on to
 * siti and scdet. A metadata filter prints every frame's values to `logFile`. Noise is measured in
 * 10 bits for a deeper source (so the cut to 8 bits adds no noise of its own); siti and scdet get
 * 8-bit pictures, which their scales are defined on.
 */
export function buildFeatureGraph(input: InputSpec, bitDepth: number, logFile: string): string {
  const { width, height } = analysisSize(input.width, input.height);
  const range = input.colorRange;
  if (range !== 'full' && range !== 'limited') throw new Error('feature graph needs a full or limited colour range');
  const noiseFormat = bitDepth > 8 ? 'yuv420p10le' : 'yuv420p';
  const toEightBit = bitDepth > 8 ? `scale=in_range=${range}:out_range=${range},format=yuv420p,` : '';
  return [
    `[0:v]trim=end_frame=${analysedFrameLimit(input.width, input.height)},setpts=PTS-STARTPTS,settb=AVTB,` +
      `scale=${width}:${height}:flags=area:in_range=${range}:out_range=${range},format=${noiseFormat},split=2[picture][todenoise]`,
    `[todenoise]${DENOISER}[denoised]`,
    `[picture][denoised]psnr,${toEightBit}siti,scdet=threshold=${SCENE_CUT_THRESHOLD},metadata=mode=print:file=${escapeFilterValue(logFile)}[features]`,
  ].join(';');
}

/**
 * Measures a source's content features in one ffmpeg run, opening it as experiments do. Fails
 * ('internal' ERR_FEATURES_FAILED) when ffmpeg fails or prints nothing usable; a cancelled signal
 * kills ffmpeg.
 */
export async function measureFeatures(input: InputSpec, options: FeatureOptions): Promise<SourceFeatures> {
  const dir = await mkdtemp(join(tmpdir(), 'codec-lab-features-'));
  try {
    const logFile = join(dir, 'features.log');
    const command = createCommand(input.input, input.inputOptions);
    command.complexFilter(buildFeatureGraph(input, options.bitDepth, logFile));
    addOutput(command, '-', ['-map', '[features]', '-an', '-sn', '-dn', '-f', 'null']);
    const run = await runFfmpeg(command, { what: 'feature analysis', failureCode: 'ERR_FEATURES_FAILED', signal: options.signal });
    const text = await readFile(logFile, 'utf8').catch(() => '');
    try {
      return parseFeatureLog(text, { bitDepth: options.bitDepth, analysisScale: analysisSize(input.width, input.height).width });
    } catch (error) {
      const reasons = failureReasons(parseTaggedLines(run.stderrTail));
      const message = `${(error as Error).message}${reasons.length ? ` (ffmpeg said: ${reasons.join('; ')})` : ''}`;
      throw new FfmpegFailure('ERR_FEATURES_FAILED', message, run.stderrTail, error);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface FrameRecord {
  readonly index: number;
  readonly pts: number;
  readonly values: Map<string, string>;
}

const FRAME_HEADER = /^frame:\s*(\d+)\s+pts:\s*(\S+)\s+pts_time:\s*(\S+)/;
const KEY_VALUE = /^(lavfi\.[\w.]+)=(.*)$/;

/** metadata=print's file: a `frame:N pts:P pts_time:T` line, then that frame's `key=value` lines. */
export function parseMetadataLog(text: string): FrameRecord[] {
  const frames: FrameRecord[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const header = FRAME_HEADER.exec(line);
    if (header) {
      frames.push({ index: Number(header[1]), pts: Number(header[2]), values: new Map() });
      continue;
    }
    const pair = KEY_VALUE.exec(line);
    if (pair && frames.length > 0) frames.at(-1)!.values.set(pair[1]!, pair[2]!);
  }
  return frames;
}

/**
 * The features from the analysis's metadata log. SI is pooled over every frame; TI over every
 * frame but the first (siti gives the first 0: it has no previous frame). noise is
 * sqrt(mean over frames of psnr's luma MSE), rescaled from 10 to 8-bit code values for a deeper
 * source. A scene cut is a frame scdet marked (`lavfi.scd.time`), except the second frame: with no
 * earlier difference to compare, its score is its whole difference from the first, so motion or
 * grain would pass for a cut.
 */
export function parseFeatureLog(text: string, opts: { readonly bitDepth: number; readonly analysisScale: number }): SourceFeatures {
  const frames = parseMetadataLog(text);
  if (frames.length === 0) throw new DomainError('internal', 'ERR_FEATURES_FAILED', 'feature analysis printed no frames');
  const si: number[] = [];
  const ti: number[] = [];
  let squaredError = 0;
  const cuts: number[] = [];
  for (const [i, frame] of frames.entries()) {
    const value = (key: string) => {
      const n = Number(frame.values.get(key));
      if (!frame.values.has(key) || !Number.isFinite(n) || n < 0) {
        throw new DomainError('internal', 'ERR_FEATURES_FAILED', `feature analysis printed no usable ${key} for frame ${frame.index}`);
      }
      return n;
    };
    si.push(value('lavfi.siti.si'));
    if (i > 0) ti.push(value('lavfi.siti.ti'));
    squaredError += value('lavfi.psnr.mse.y');
    if (i > 1 && frame.values.has('lavfi.scd.time')) {
      const seconds = Number.isFinite(frame.pts) ? frame.pts / MICROSECONDS : Number(frame.values.get('lavfi.scd.time'));
      if (!Number.isFinite(seconds)) throw new DomainError('internal', 'ERR_FEATURES_FAILED', `feature analysis printed no time for the scene cut at frame ${frame.index}`);
      cuts.push(Math.max(0, seconds));
    }
  }
  const eightBit = opts.bitDepth > 8 ? 4 : 1; // 10-bit code values per 8-bit one
  return SourceFeaturesSchema.parse({
    spatialInfo: meanMax(si),
    temporalInfo: meanMax(ti),
    noise: round(Math.sqrt(squaredError / frames.length) / eightBit),
    sceneCuts: cuts.slice(0, MAX_LISTED_SCENE_CUTS),
    sceneCutCount: cuts.length,
    analysedFrames: frames.length,
    analysisScale: opts.analysisScale,
  } satisfies SourceFeatures);
}

function meanMax(values: readonly number[]): { mean: number; max: number } {
  if (values.length === 0) return { mean: 0, max: 0 };
  return { mean: round(values.reduce((sum, v) => sum + v, 0) / values.length), max: round(Math.max(...values)) };
}

// siti prints two decimals and psnr six; four keep what is measured without float noise.
const round = (n: number) => Math.round(n * 10_000) / 10_000;
