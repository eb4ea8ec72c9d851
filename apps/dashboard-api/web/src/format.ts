// Numbers with units, as the API reports them measured.
import { MEASUREMENT_TERMS } from '@codec-lab/domain/terms';
import type { SourceDescription } from './types.ts';

/** Column help: what each measured number is. */
export const HELP = MEASUREMENT_TERMS;

const dash = '—';

export const mbps = (bps: number | null | undefined): string => (bps == null ? dash : `${(bps / 1e6).toFixed(3)} Mbps`);
export const db = (value: number | null | undefined): string => (value == null ? dash : `${value.toFixed(2)} dB`);
export const ssim = (value: number | null | undefined): string => (value == null ? dash : value.toFixed(4));

export function when(iso: string | null | undefined): string {
  if (!iso) return dash;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function sourceLabel(source: { kind: string; generator?: string; path?: string; width?: number; height?: number; seconds?: number }): string {
  if (source.kind === 'file') return source.path ?? 'file';
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
