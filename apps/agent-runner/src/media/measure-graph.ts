import { join } from 'node:path';
import type { Rational } from './probe.ts';

/** Where the per-frame statistics of one measurement are written. */
export interface StatsFiles {
  readonly psnr: string;
  readonly ssim: string;
  readonly vmaf: string | null;
}

export interface MeasureGraph {
  /** The -filter_complex argument. */
  readonly graph: string;
  /** Output pads, each mapped to its own `-f null -` output. */
  readonly outputs: readonly string[];
  readonly files: StatsFiles;
}

export interface MeasureGraphOptions {
  readonly width: number;
  readonly height: number;
  readonly fps: Rational;
  readonly pixFmt: string;
  readonly workDir: string;
  readonly vmaf: boolean;
}

// Formats the source may be compared in; anything else (gray, RGB, odd layouts) is compared in
// yuv420p, which every config encodes to and which gives psnr/ssim their three planes.
const COMPARE_FORMATS = new Set([
  'yuv420p',
  'yuvj420p',
  'yuv422p',
  'yuvj422p',
  'yuv444p',
  'yuvj444p',
  'yuv420p10le',
  'yuv422p10le',
  'yuv444p10le',
]);

/**
 * Escapes a value for a filter option inside a filtergraph. ffmpeg unescapes twice: once when
 * splitting the graph into filters (`\ ' [ ] , ;`), then when splitting a filter's options
 * (`\ ' :`); so the option level is escaped first and the graph level over it.
 */
export function escapeFilterValue(value: string): string {
  const optionLevel = value.replace(/[\\':]/g, '\\$&');
  return optionLevel.replace(/[\\'[\],;]/g, '\\$&');
}

/**
 * The measurement filtergraph: artifact on input 0, source on input 1. Both are put on the same
 * time base, restarted at zero and resampled to the source rate, so psnr/ssim pair frame n with
 * frame n (without that they warn "not matching timebases" and may pair frames by time stamps of
 * different clocks); the artifact is scaled back to the source size before comparing.
 */
export function buildMeasureGraph(options: MeasureGraphOptions): MeasureGraph {
  const { width, height, fps, workDir } = options;
  if (![width, height, fps.num, fps.den].every((n) => Number.isSafeInteger(n) && n > 0)) {
    throw new Error('measure graph needs positive integer sizes and rates');
  }
  const format = COMPARE_FORMATS.has(options.pixFmt) ? options.pixFmt : 'yuv420p';
  const files: StatsFiles = {
    psnr: join(workDir, 'psnr.log'),
    ssim: join(workDir, 'ssim.log'),
    vmaf: options.vmaf ? join(workDir, 'vmaf.json') : null,
  };
  const branches = files.vmaf === null ? 2 : 3;
  const align = `settb=AVTB,setpts=PTS-STARTPTS,fps=${fps.num}/${fps.den}`;
  const pads = (prefix: string) => Array.from({ length: branches }, (_, i) => `[${prefix}${i}]`);
  const [d0, d1, d2] = pads('dist');
  const [r0, r1, r2] = pads('ref');

  const parts = [
    `[0:v]${align},scale=${width}:${height}:flags=bicubic,format=${format},split=${branches}${pads('dist').join('')}`,
    `[1:v]${align},format=${format},split=${branches}${pads('ref').join('')}`,
    `${d0}${r0}psnr=stats_file=${escapeFilterValue(files.psnr)}[psnr]`,
    `${d1}${r1}ssim=stats_file=${escapeFilterValue(files.ssim)}[ssim]`,
  ];
  const outputs = ['[psnr]', '[ssim]'];
  if (files.vmaf !== null) {
    // libvmaf takes the distorted picture first and the reference second, as psnr/ssim do here.
    parts.push(`${d2}${r2}libvmaf=log_fmt=json:log_path=${escapeFilterValue(files.vmaf)}[vmaf]`);
    outputs.push('[vmaf]');
  }
  return { graph: parts.join(';'), outputs, files };
}
