// Numbers with units, as the API reports them measured.
import { MEASUREMENT_TERMS } from '@codec-lab/domain/terms';
import type { Experiment, SourceDescription } from './types.ts';

/** Column help: what each measured number is. */
export const HELP = MEASUREMENT_TERMS;

const dash = '—';

export const mbps = (bps: number | null | undefined): string => (bps == null ? dash : `${(bps / 1e6).toFixed(3)} Mbps`);
export const db = (value: number | null | undefined): string => (value == null ? dash : `${value.toFixed(2)} dB`);
export const ssim = (value: number | null | undefined): string => (value == null ? dash : value.toFixed(4));

type Result = NonNullable<Experiment['result']>;

/** A quality metric by name, VMAF with the model that scored it: `PSNR`, `SSIM`, `VMAF (vmaf_v0.6.1)`. */
export function metricName(metric: string, vmafModel?: string | null): string {
  return metric === 'vmaf' ? `VMAF${vmafModel ? ` (${vmafModel})` : ''}` : metric.toUpperCase();
}

/** A chart axis in a metric, with its unit. */
export function metricAxis(metric: string, vmafModel?: string | null): string {
  if (metric === 'psnr') return 'PSNR (dB)';
  if (metric === 'ssim') return 'SSIM (0 to 1)';
  return `${metricName(metric, vmafModel)}, 0 to 100`;
}

/** `VMAF 91.30 (vmaf_v0.6.1; harmonic mean 90.80, 1% low 80.10)`, or why there is none. */
export function vmafSummary(vmaf: Result['vmaf']): string {
  if (!vmaf.available) return `VMAF not measured (${vmaf.reason})`;
  return `VMAF ${vmaf.mean.toFixed(2)} (${vmaf.model}; harmonic mean ${vmaf.harmonicMean.toFixed(2)}, 1% low ${vmaf.low1Percent.toFixed(2)})`;
}

/** Which ffmpeg measured and which encoded, where the result names them. */
export function ffmpegBuilds(result: Result): string | null {
  return result.ffmpeg ? `measured by ffmpeg ${result.ffmpeg.meter.version}, encoded by ffmpeg ${result.ffmpeg.encoder.version}` : null;
}

export function when(iso: string | null | undefined): string {
  if (!iso) return dash;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function sourceLabel(source: { kind: string; generator?: string; path?: string; uri?: string; width?: number; height?: number; seconds?: number }): string {
  if (source.kind === 'file') return source.path ?? 'file';
  if (source.kind === 's3') return source.uri ?? 's3';
  const size = source.width && source.height ? ` ${source.width}x${source.height}` : '';
  return `${source.generator ?? source.kind}${size}${source.seconds ? ` ${source.seconds} s` : ''}`;
}

export const shortId = (id: string): string => id.slice(0, 8);

/** A described source in one line: size, rate, length, format, audio, bytes and digest. */
export function describedSource(d: SourceDescription): string {
  const parts = [
    `${d.width}x${d.height}`,
    `${Number(d.fps.toFixed(3))} fps`,
    `${d.frames} frames`,
    `${d.durationSeconds.toFixed(3)} s`,
    `${d.pixelFormat} (${d.bitDepth}-bit, ${d.colorRange} range)`,
    d.audio ? 'with audio' : 'no audio',
    d.sizeBytes !== undefined ? `${(d.sizeBytes / 1e6).toFixed(2)} MB` : '',
    d.sha256 ? `sha256 ${d.sha256.slice(0, 12)}…` : '',
  ];
  return parts.filter(Boolean).join(', ');
}
