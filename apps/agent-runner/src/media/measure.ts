import { readFile } from 'node:fs/promises';
import { DomainError } from '@codec-lab/domain';
import { addInput, addOutput, createCommand, useFfmpegBinary } from './ffmpeg-command.ts';
import { failureReasons, FfmpegFailure, parseTaggedLines, runFfmpeg, type ProgressListener } from './ffmpeg-process.ts';
import type { InputSpec } from './input.ts';
import type { ColorRange } from './probe.ts';
import { buildMeasureGraph, type StatsFiles } from './measure-graph.ts';

/**
 * PSNR of identical pictures is infinite and ffmpeg prints `inf`; JSON and averages need a number,
 * so a lossless plane is reported as 100 dB (above anything a lossy encode reaches).
 */
export const PSNR_CAP_DB = 100;

export type VmafMeasurement = { readonly available: true; readonly mean: number } | { readonly available: false; readonly reason: string };

/** Quality of an artifact against its source, from one decode of each. */
export interface Measurement {
  readonly psnr: { readonly y: number; readonly u: number; readonly v: number; readonly avg: number };
  readonly ssim: { readonly y: number; readonly u: number; readonly v: number; readonly all: number };
  readonly vmaf: VmafMeasurement;
  /** Frame pairs compared, counted from the per-frame stats files. */
  readonly comparedFrames: number;
  readonly measureSeconds: number;
  readonly files: StatsFiles;
}

export interface MeasureOptions {
  readonly artifactPath: string;
  /** The colour range the artifact signals (VideoProbe.colorRange); its samples are read in it. */
  readonly artifactRange: ColorRange;
  readonly input: InputSpec;
  /** Where psnr.log / ssim.log (/ vmaf.json) are written. */
  readonly workDir: string;
  readonly ffmpegPath?: string | undefined;
  readonly vmafAvailable: boolean;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressListener | undefined;
}

export const VMAF_UNAVAILABLE_REASON = 'this ffmpeg build has no libvmaf filter';

// Warnings that mean the two streams were not paired frame by frame.
const MISALIGNMENT = [/not matching timebases/i];
const PSNR_LINE = /PSNR y:(\S+) u:(\S+) v:(\S+) average:(\S+)/;
const SSIM_LINE = /SSIM Y:(\S+) \(\S+\) U:(\S+) \(\S+\) V:(\S+) \(\S+\) All:(\S+)/;
const VMAF_LINE = /VMAF score:\s*(\S+)/;

/**
 * Decodes the artifact and the source once each, in one ffmpeg process, and compares them frame
 * by frame (frame n with frame n) at the source's size, pixel format and colour range: PSNR, SSIM,
 * and VMAF when the build has libvmaf.
 */
export async function measure(options: MeasureOptions): Promise<Measurement> {
  const { input } = options;
  const plan = buildMeasureGraph({
    width: input.width,
    height: input.height,
    fps: input.fps,
    pixFmt: input.pixFmt,
    colorRange: input.colorRange,
    artifactRange: options.artifactRange,
    workDir: options.workDir,
    vmaf: options.vmafAvailable,
  });
  await useFfmpegBinary(options.ffmpegPath);

  const command = createCommand(`file:${options.artifactPath}`, []);
  addInput(command, input.input, input.inputOptions);
  command.complexFilter(plan.graph);
  for (const pad of plan.outputs) addOutput(command, '-', ['-map', pad, '-f', 'null']);

  const lines = { psnr: '', ssim: '', vmaf: '', misaligned: '' };
  const run = await runFfmpeg(command, {
    what: 'measurement',
    failureCode: 'ERR_MEASURE_FAILED',
    phase: 'measure',
    totalFrames: input.frames,
    signal: options.signal,
    onProgress: options.onProgress,
    onStderrLine: (line) => {
      if (PSNR_LINE.test(line)) lines.psnr = line;
      else if (SSIM_LINE.test(line)) lines.ssim = line;
      else if (VMAF_LINE.test(line)) lines.vmaf = line;
      else if (!lines.misaligned && MISALIGNMENT.some((re) => re.test(line))) lines.misaligned = line;
    },
  });
  if (lines.misaligned) {
    throw new DomainError('internal', 'ERR_MEASUREMENT_MISALIGNED', `measurement streams were not aligned: ${lines.misaligned}`);
  }

  const psnr = PSNR_LINE.exec(lines.psnr);
  const ssim = SSIM_LINE.exec(lines.ssim);
  if (!psnr || !ssim) throw noSummary(run.stderrTail);
  const psnrFrames = await countFrames(plan.files.psnr);
  const ssimFrames = await countFrames(plan.files.ssim);
  if (psnrFrames !== ssimFrames) {
    throw new DomainError(
      'internal',
      'ERR_MEASUREMENT_MISALIGNED',
      `psnr compared ${psnrFrames} frames but ssim compared ${ssimFrames}`,
    );
  }

  return {
    psnr: { y: decibels(psnr[1]), u: decibels(psnr[2]), v: decibels(psnr[3]), avg: decibels(psnr[4]) },
    ssim: { y: ratio(ssim[1]), u: ratio(ssim[2]), v: ratio(ssim[3]), all: ratio(ssim[4]) },
    vmaf: options.vmafAvailable ? await vmafResult(lines.vmaf, plan.files.vmaf) : { available: false, reason: VMAF_UNAVAILABLE_REASON },
    comparedFrames: psnrFrames,
    measureSeconds: run.seconds,
    files: plan.files,
  };
}

// Both stats files hold one `n:<index> ...` line per compared frame pair.
async function countFrames(path: string): Promise<number> {
  const text = await readFile(path, 'utf8');
  return text.split('\n').filter((line) => line.startsWith('n:')).length;
}

async function vmafResult(line: string, jsonPath: string | null): Promise<VmafMeasurement> {
  const fromLine = Number(VMAF_LINE.exec(line)?.[1]);
  if (Number.isFinite(fromLine)) return { available: true, mean: fromLine };
  // libvmaf 2.x also pools the score into its JSON log.
  const json = jsonPath === null ? null : ((await readFile(jsonPath, 'utf8').then(JSON.parse).catch(() => null)) as {
    pooled_metrics?: { vmaf?: { mean?: unknown } };
  } | null);
  const mean = Number(json?.pooled_metrics?.vmaf?.mean);
  if (Number.isFinite(mean)) return { available: true, mean };
  throw new DomainError('internal', 'ERR_MEASURE_FAILED', 'libvmaf ran but reported no VMAF score');
}

function decibels(text: string | undefined): number {
  if (text === 'inf') return PSNR_CAP_DB;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new DomainError('internal', 'ERR_MEASURE_FAILED', `ffmpeg reported PSNR "${text}"`);
  return Math.min(n, PSNR_CAP_DB);
}

function ratio(text: string | undefined): number {
  const n = Number(text);
  if (!Number.isFinite(n)) throw new DomainError('internal', 'ERR_MEASURE_FAILED', `ffmpeg reported SSIM "${text}"`);
  return n;
}

function noSummary(tail: readonly string[]): DomainError {
  const reasons = failureReasons(parseTaggedLines(tail));
  return new FfmpegFailure('ERR_MEASURE_FAILED', `ffmpeg printed no PSNR/SSIM summary${reasons.length ? `: ${reasons.join('; ')}` : ''}`, tail, undefined);
}
