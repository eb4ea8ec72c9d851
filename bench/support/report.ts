import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

/** The median of a non-empty sample (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const seconds = (s: number) => s.toFixed(2);
export const ratio = (r: number) => `${r.toFixed(3)}x`;

/** The sum, or null when any term is unknown. */
export function sumOrNull(values: readonly (number | null)[]): number | null {
  return values.some((v) => v === null) ? null : (values as number[]).reduce((a, b) => a + b, 0);
}

/** A plain-text table: right-aligned numbers, left-aligned first column, a rule under the header. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** One line about the machine, for the record. */
export function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown cpu';
  return `${availableParallelism()} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`;
}

/** The 1/5/15-minute load averages: other work on the machine shows up here, and in the spread. */
export function load(): string {
  return loadavg().map((n) => n.toFixed(2)).join(' ');
}
