import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { DomainError, type Vmaf, type VmafOptions } from '@codec-lab/domain';
import { addInput, addOutput, createCommand } from './ffmpeg-command.ts';
import { failureReasons, FfmpegFailure, parseTaggedLines, runFfmpeg, type ProgressListener } from './ffmpeg-process.ts';
import type { InputSpec } from './input.ts';
import type { ColorRange } from './probe.ts';
import { buildMeasureGraph, type StatsFiles } from './measure-graph.ts';
import { requireVmafModel, type Meter } from './meter.ts';
import { parseVmafLog, poolVmaf, type VmafLog } from './vmaf-scores.ts';

/**
 * PSNR of identical pictures is infinite and ffmpeg prints `inf`; JSON and averages need a number,
 * so a lossless plane is reported as 100 dB (above anything a lossy encode reaches).
 */
export const PSNR_CAP_DB = 100;

/** Quality of an artifact against its source, from one decode of each. */
export interface Measurement {
  readonly psnr: { readonly y: number; readonly u: number; readonly v: number; readonly avg: number };
  readonly ssim: { readonly y: number; readonly u: number; readonly v: number; readonly all: number };
  readonly vmaf: Vmaf;
  /** libvmaf's per-frame scores (pieces pool from them); null without VMAF. */
  readonly vmafLog: VmafLog | null;
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
  /** The ffmpeg that measures, and the VMAF models it has. */
  readonly meter: Meter;
  /** How VMAF is computed, where the meter has libvmaf. */
  readonly vmaf: VmafOptions;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressListener | undefined;
}

// Warnings that mean the two streams were not paired frame by frame.
const MISALIGNMENT = [/not matching timebases/i];
const PSNR_LINE = /PSNR y:(\S+) u:(\S+) v:(\S+) average:(\S+)/;
const SSIM_LINE = /SSIM Y:(\S+) \(\S+\) U:(\S+) \(\S+\) V:(\S+) \(\S+\) All:(\S+)/;
const VMAF_LINE = /VMAF score: (\S+)/;

/**
 * Decodes the artifact and the source once each, in one ffmpeg process, and compares them frame
 * by frame (frame n with frame n) at the source's size, pixel format and colour range: PSNR, SSIM,
 * and VMAF when the meter has libvmaf, all with the meter's ffmpeg. A model the meter did not load
 * is refused ('precondition' ERR_VMAF_MODEL_UNAVAILABLE) before anything runs.
 */
export async function measure(options: MeasureOptions): Promise<Measurement> {
  const { input, meter } = options;
  requireVmafModel(meter, options.vmaf.model);
  const vmaf = meter.vmafModels.length > 0 ? { ...options.vmaf, threads: availableParallelism() } : null;
  const plan = buildMeasureGraph({
    width: input.width,
    height: input.height,
    fps: input.fps,
    pixFmt: input.pixFmt,
    colorRange: input.colorRange,
    artifactRange: options.artifactRange,
    workDir: options.workDir,
    vmaf,
  });

  const command = createCommand(`file:${options.artifactPath}`, [], { binary: meter.binary.path });
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

  const vmafLog = vmaf && plan.files.vmaf ? await readVmafLog(plan.files.vmaf, psnrFrames, vmaf.subsample, lines.vmaf) : null;
  return {
    psnr: { y: decibels(psnr[1]), u: decibels(psnr[2]), v: decibels(psnr[3]), avg: decibels(psnr[4]) },
    ssim: { y: ratio(ssim[1]), u: ratio(ssim[2]), v: ratio(ssim[3]), all: ratio(ssim[4]) },
    vmaf: vmaf && vmafLog ? poolVmaf(vmafLog.scores, { ...vmaf, libvmafVersion: vmafLog.libvmafVersion }) : { available: false, reason: meter.vmafUnavailable },
    vmafLog,
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

// libvmaf must have scored every subsample-th compared frame, and its printed score must be their
// mean. (Its log's pooled_metrics are not: with subsampling they pool a different set of frames.)
async function readVmafLog(path: string, compared: number, subsample: number, printed: string): Promise<VmafLog> {
  const log = parseVmafLog(await readFile(path, 'utf8'));
  const expected = Math.ceil(compared / subsample);
  if (log.scores.length !== expected) {
    throw new DomainError('internal', 'ERR_MEASUREMENT_MISALIGNED', `libvmaf scored ${log.scores.length} frames, expected ${expected} of ${compared} compared`);
  }
  const mean = log.scores.reduce((sum, s) => sum + s, 0) / log.scores.length;
  const score = Number(VMAF_LINE.exec(printed)?.[1]);
  // Both are rounded to 6 decimals.
  if (!(Math.abs(mean - score) <= 1e-4)) {
    throw new DomainError('internal', 'ERR_MEASURE_FAILED', `libvmaf printed VMAF ${score} but its frames' mean is ${mean}`);
  }
  return log;
}

/** ffmpeg's PSNR text as a number: `inf` (identical pictures) and anything above as PSNR_CAP_DB. */
export function psnrFromText(text: string | undefined): number {
  return text === 'inf' ? PSNR_CAP_DB : Math.min(Number(text), PSNR_CAP_DB);
}

function decibels(text: string | undefined): number {
  const n = psnrFromText(text);
  if (!Number.isFinite(n)) throw new DomainError('internal', 'ERR_MEASURE_FAILED', `ffmpeg reported PSNR "${text}"`);
  return n;
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
