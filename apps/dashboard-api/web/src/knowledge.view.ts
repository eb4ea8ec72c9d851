import { h, table } from './dom.ts';
import { metricName } from './format.ts';
import type { Knowledge } from './types.ts';

type Correction = Knowledge['probeCorrection'];
type Similar = Knowledge['similar'][number];

const signed = (value: number, digits: number): string => `${value >= 0 ? '+' : '-'}${Math.abs(value).toFixed(digits)}`;
const DIGITS: Record<string, number> = { psnr: 2, ssim: 4, vmaf: 2 };
const UNITS: Record<string, string> = { psnr: ' dB', ssim: '', vmaf: '' };

/** `bitrate ×1.052 ± 4.0%, PSNR +0.35 ± 0.20 dB, from 3 probe/full pairs`: how a probe's figures are turned into full-length ones. */
export function correctionText(c: Correction, metric: string): string {
  const quality = (m: 'psnr' | 'ssim' | 'vmaf') => `${metricName(m)} ${signed(c[m].mean, DIGITS[m]!)} ± ${c[m].sd.toFixed(DIGITS[m])}${UNITS[m]}`;
  const metrics = metric === 'psnr' ? [quality('psnr')] : [quality('psnr'), quality(metric as 'ssim' | 'vmaf')];
  const from = c.pairs === 0 ? 'no probe/full pair measured: the default' : `from ${c.pairs} probe/full pair${c.pairs === 1 ? '' : 's'}`;
  return `bitrate ×${Math.exp(c.lnBitrateRatio.mean).toFixed(3)} ± ${(c.lnBitrateRatio.sd * 100).toFixed(1)}%, ${metrics.join(', ')}, ${from}`;
}

function similarTable(similar: Similar[]): HTMLTableElement {
  return table(
    'Remembered sources similar to this one, most similar first: the priors were learned from them, weighted by similarity',
    [
      { title: 'Source', cell: (s) => h('a', { href: `#/campaigns/${encodeURIComponent(s.campaignId)}`, 'data-testid': 'similar-link' }, s.label || s.campaignId.slice(0, 8)) },
      { title: 'Similarity', numeric: true, help: 'exp(-d²/2) of the distance between the sources\' content features: 1 is the same content', cell: (s) => h('span', { 'data-testid': 'similarity' }, s.similarity.toFixed(2)) },
      { title: 'Points', numeric: true, help: 'Measured experiments the lab remembers of it', cell: (s) => s.points },
      { title: 'What it found', wrap: true, cell: (s) => h('span', { 'data-testid': 'similar-finding' }, s.finding) },
    ],
    [...similar].sort((a, b) => b.similarity - a.similarity),
    { class: 'data', 'data-testid': 'similar-table' },
    (s) => ({ 'data-testid': 'similar-row', 'data-campaign-id': s.campaignId }),
  );
}

/**
 * What the lab knew when the campaign started: how much of its memory it read, the similar sources
 * its priors were learned from (or that it started fresh, on the default priors), the probe
 * correction in force and where the priors come from.
 */
export function knowledgeBody(k: Knowledge, metric: string): HTMLElement[] {
  const { priors, probeCorrection } = k;
  const read = `${k.recordsRead} memory record${k.recordsRead === 1 ? '' : 's'} read`;
  const reference = `${priors.reference.encoder} ${priors.reference.preset} crf ${priors.reference.crf}`;
  return [
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Memory'),
      h('dd', { 'data-testid': 'knowledge-records' }, k.similar.length ? `${read}, ${k.similar.length} similar source${k.similar.length === 1 ? '' : 's'}` : read),
      h('dt', {}, 'Probe correction'),
      h('dd', { 'data-testid': 'knowledge-correction', title: probeCorrection.basis }, correctionText(probeCorrection, metric), h('br'), h('small', { class: 'muted' }, probeCorrection.basis)),
      h('dt', {}, 'Priors'),
      h('dd', { 'data-testid': 'knowledge-priors' }, `${priors.tracks.length} tracks against ${reference}; ${priors.provenance}`),
    ),
    k.similar.length
      ? similarTable(k.similar)
      : h('p', { class: 'muted', 'data-testid': 'knowledge-fresh' }, `A fresh lab: default priors. Nothing remembered resembles this source${k.recordsRead ? ` among the ${k.recordsRead} records read` : ''}.`),
  ];
}
