import { join } from 'node:path';
import type { VmafModel } from '@codec-lab/domain';
import type { ColorRange, Rational } from './probe.ts';
import { STATS_FILES } from './artifact-names.ts';

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
  /** The source's range; the comparison is made in it. */
  readonly colorRange: ColorRange;
  /** The artifact's signalled range; its samples are converted from it. */
  readonly artifactRange: ColorRange;
  readonly workDir: string;
  /** libvmaf's model, subsampling and threads; null: no VMAF. */
  readonly vmaf: { readonly model: VmafModel; readonly subsample: number; readonly threads: number } | null;
}

// Formats the source may be compared in; anything else (gray, RGB, odd layouts) is compared in
// yuv420p, which every config encodes to and which gives psnr/ssim their three planes. The yuvj
// formats are compared as their yuv twins: the range is set explicitly, not implied by the name.
const COMPARE_FORMATS = new Set(['yuv420p', 'yuv422p', 'yuv444p', 'yuv420p10le', 'yuv422p10le', 'yuv444p10le']);

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
 * The measurement filtergraph: artifact on input 0, source on input 1. psnr/ssim pair frames by
 * timestamp, so both streams get the same time base and every frame the timestamp of its index
 * (n / fps): frame n meets frame n whatever the source's timing. That is right because the encode
 * keeps every frame in order (`-fps_mode passthrough`) and the counts are checked equal; resampling
 * to a rate instead (`fps=`) would duplicate or drop frames of a variable-rate source. The artifact
 * is scaled back to the source size, and both are brought to the source's pixel format and colour
 * range, each converted from the range it signals. psnr/ssim stop at the shorter stream
 * (`shortest`) rather than repeat its last frame, so a missing frame shows in the compared count.
 */
export function buildMeasureGraph(options: MeasureGraphOptions): MeasureGraph {
  const { width, height, fps, workDir } = options;
  if (![width, height, fps.num, fps.den].every((n) => Number.isSafeInteger(n) && n > 0)) {
    throw new Error('measure graph needs positive integer sizes and rates');
  }
  if (![options.colorRange, options.artifactRange].every((r) => r === 'full' || r === 'limited')) {
    throw new Error('measure graph needs a full or limited colour range');
  }
  const twin = options.pixFmt.replace(/^yuvj/, 'yuv');
  const format = COMPARE_FORMATS.has(twin) ? twin : 'yuv420p';
  const range = options.colorRange;
  const files: StatsFiles = {
    psnr: join(workDir, STATS_FILES.psnr),
    ssim: join(workDir, STATS_FILES.ssim),
    vmaf: options.vmaf ? join(workDir, STATS_FILES.vmaf) : null,
  };
  const branches = files.vmaf === null ? 2 : 3;
  const align = `settb=AVTB,setpts=N*${fps.den}/${fps.num}/TB`;
  const pads = (prefix: string) => Array.from({ length: branches }, (_, i) => `[${prefix}${i}]`);
  const [d0, d1, d2] = pads('dist');
  const [r0, r1, r2] = pads('ref');

  const parts = [
    `[0:v]${align},scale=${width}:${height}:flags=bicubic:in_range=${options.artifactRange}:out_range=${range},format=${format},split=${branches}${pads('dist').join('')}`,
    `[1:v]${align},scale=in_range=${range}:out_range=${range},format=${format},split=${branches}${pads('ref').join('')}`,
    `${d0}${r0}psnr=stats_file=${escapeFilterValue(files.psnr)}:shortest=1[psnr]`,
    `${d1}${r1}ssim=stats_file=${escapeFilterValue(files.ssim)}:shortest=1[ssim]`,
  ];
  const outputs = ['[psnr]', '[ssim]'];
  if (files.vmaf !== null && options.vmaf) {
    const { model, subsample, threads } = options.vmaf;
    if (![subsample, threads].every((n) => Number.isSafeInteger(n) && n > 0) || !/^[a-z0-9_.]+$/.test(model)) {
      throw new Error('measure graph needs a plain model name and positive subsampling and threads');
    }
    // libvmaf takes the distorted picture first and the reference second, as psnr/ssim do here.
    // Its own threads score frames while the graph's thread runs psnr/ssim on the next ones.
    const vmaf = `libvmaf=model=version=${model}:n_subsample=${subsample}:n_threads=${threads}:log_fmt=json:log_path=${escapeFilterValue(files.vmaf)}:shortest=1`;
    parts.push(`${d2}${r2}${vmaf}[vmaf]`);
    outputs.push('[vmaf]');
  }
  return { graph: parts.join(';'), outputs, files };
}
