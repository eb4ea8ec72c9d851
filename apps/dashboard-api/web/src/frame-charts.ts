// Per-frame quality as chart data: one series per experiment on the source's frame numbers, so a
// second experiment of the same source lines up frame for frame with the first.
import type uPlot from 'uplot';
import type { Frames } from './types.ts';

export const FRAME_METRICS = ['psnr', 'ssim', 'vmaf'] as const;
export type FrameMetric = (typeof FRAME_METRICS)[number];

/** The first experiment blue, the one overlaid orange (the page's two arm colours). */
export const FRAME_COLORS = ['#2563eb', '#d97706'] as const;

export const METRIC_AXIS: Record<FrameMetric, string> = { psnr: 'PSNR (dB)', ssim: 'SSIM', vmaf: 'VMAF' };

/** An experiment's values of one metric, by frame; undefined where it was not measured (VMAF). */
export function metricSeries(frames: Frames, metric: FrameMetric): { frames: number[]; values: number[] } | undefined {
  if (metric === 'vmaf') return frames.vmaf ? { frames: frames.vmaf.frames, values: frames.vmaf.values } : undefined;
  return { frames: frames.frames, values: metric === 'psnr' ? frames.psnr : frames.ssim };
}

export const experimentLabel = (frames: Frames): string => `#${frames.seq}`;

/** What charts.ts's Chart draws (its ChartData), said here so tests can use it without the DOM. */
export interface FrameChartData {
  series: { label: string; color: string; kind: 'series' }[];
  data: uPlot.AlignedData;
}

/**
 * One metric of each experiment against frame number: x is every frame either has, each series
 * null where its experiment has no value (another probe segment, a frame VMAF subsampled out).
 * Undefined when none of them measured the metric.
 */
export function frameChartData(metric: FrameMetric, experiments: readonly Frames[]): FrameChartData | undefined {
  const measured = experiments.flatMap((e, i) => {
    const series = metricSeries(e, metric);
    return series ? [{ label: experimentLabel(e), color: FRAME_COLORS[i % FRAME_COLORS.length]!, series }] : [];
  });
  if (measured.length === 0) return undefined;
  const xs = [...new Set(measured.flatMap((m) => m.series.frames))].sort((a, b) => a - b);
  const data = measured.map(({ series }) => {
    const byFrame = new Map(series.frames.map((frame, i) => [frame, series.values[i]!]));
    return xs.map((x) => byFrame.get(x) ?? null);
  });
  return {
    series: measured.map((m) => ({ label: m.label, color: m.color, kind: 'series' as const })),
    data: [xs, ...data] as uPlot.AlignedData,
  };
}

/** A frame's values in every metric, VMAF null where it was not scored. */
export function frameValues(frames: Frames, frame: number): { psnr: number; ssim: number; vmaf: number | null } | undefined {
  const i = frames.frames.indexOf(frame);
  if (i < 0) return undefined;
  const v = frames.vmaf ? frames.vmaf.frames.indexOf(frame) : -1;
  return { psnr: frames.psnr[i]!, ssim: frames.ssim[i]!, vmaf: v >= 0 ? frames.vmaf!.values[v]! : null };
}
