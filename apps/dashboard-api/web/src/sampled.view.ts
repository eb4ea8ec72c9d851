import { h, table } from './dom.ts';
import { HELP, mbps, metricName } from './format.ts';
import type { CampaignDetail, Sampled } from './types.ts';
import { empty } from './view.ts';

type Final = Sampled['finals'][number];

const DIGITS: Record<string, number> = { psnr: 2, ssim: 4, vmaf: 2 };
const quality = (value: number | undefined, metric: string): string => (value === undefined ? '—' : `${value.toFixed(DIGITS[metric] ?? 2)}${metric === 'psnr' ? ' dB' : ''}`);
const signed = (value: number, digits: number, unit = ''): string => `${value >= 0 ? '+' : '-'}${Math.abs(value).toFixed(digits)}${unit}`;
const seconds = (t: number): string => `${Number(t.toFixed(2))} s`;
const seqs = (xs: number[]): string => xs.map((s) => `#${s}`).join(', ');

/** A sampled campaign's final full encodes: what each was predicted to measure (its probe, corrected) beside what it measured. */
function finalsTable(finals: Final[], vmafModel: string | null): HTMLTableElement {
  return table(
    'The full encodes that end the search: predicted from the probe of the same config (corrected), and measured on the whole source',
    [
      { title: '#', numeric: true, cell: (f) => f.seq },
      { title: 'Config', cell: (f) => h('code', {}, f.label) },
      { title: 'Probe', numeric: true, cell: (f) => (f.probeSeq === undefined ? '—' : `#${f.probeSeq}`) },
      { title: 'Predicted bitrate', numeric: true, cell: (f) => h('span', { class: 'estimate', 'data-testid': 'final-predicted-bitrate' }, f.predicted ? `≈ ${mbps(f.predicted.bitrateBps)}` : '—') },
      { title: 'Measured bitrate', numeric: true, help: HELP.bitrate, cell: (f) => h('span', { 'data-testid': 'final-measured-bitrate' }, mbps(f.measured?.bitrateBps)) },
      { title: 'Bitrate error', numeric: true, help: 'measured / predicted - 1', cell: (f) => h('span', { 'data-testid': 'final-bitrate-error' }, f.bitrateError === undefined ? '—' : signed(f.bitrateError * 100, 1, '%')) },
      { title: 'Quality', cell: (f) => metricName(f.metric, f.metric === 'vmaf' ? vmafModel : null) },
      { title: 'Predicted', numeric: true, cell: (f) => h('span', { class: 'estimate', 'data-testid': 'final-predicted-quality' }, f.predicted ? `≈ ${quality(f.predicted.quality, f.metric)}` : '—') },
      { title: 'Measured', numeric: true, cell: (f) => h('span', { 'data-testid': 'final-measured-quality' }, quality(f.measured?.quality, f.metric)) },
      {
        title: 'Quality error',
        numeric: true,
        help: 'measured - predicted, in the metric unit',
        cell: (f) => h('span', { 'data-testid': 'final-quality-error' }, f.qualityError === undefined ? '—' : signed(f.qualityError, DIGITS[f.metric] ?? 2, f.metric === 'psnr' ? ' dB' : '')),
      },
    ],
    finals,
    { class: 'data', 'data-testid': 'finals-table' },
    (f) => ({ 'data-testid': 'final-row', 'data-seq': String(f.seq) }),
  );
}

/**
 * How a sampled campaign searched: the segments, which experiments were probes (estimates, never
 * the answer), the encode time spent on probes and in full, and its final full encodes.
 */
export function sampledBody(c: CampaignDetail, s: Sampled): HTMLElement[] {
  const total = c.summary.experiments.total;
  return [
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Segments'),
      h('dd', { 'data-testid': 'sampled-segments' }, `${s.segments} × ${seconds(s.segmentSeconds)} starting at ${s.starts.map(seconds).join(', ')}`),
      ...(c.sampling ? [h('dt', {}, 'Why'), h('dd', { 'data-testid': 'sampled-reason' }, c.sampling.reason)] : []),
      h('dt', {}, 'Probes'),
      h(
        'dd',
        { 'data-testid': 'sampled-probes' },
        s.probes.length ? `${s.probes.length} of ${total} experiments (${seqs(s.probes)}) ran on the segments: their figures are estimates of the whole source, never the answer` : `none of ${total} experiments yet`,
      ),
      h('dt', {}, 'Encode time'),
      h('dd', { 'data-testid': 'sampled-seconds' }, `${seconds(s.probeEncodeSeconds)} on probes, ${seconds(s.fullEncodeSeconds)} in full`),
    ),
    h('h3', {}, 'Final encodes'),
    s.finals.length ? finalsTable(s.finals, c.vmaf.model) : empty('No final full encode yet: the search is still on the segments.'),
  ];
}
