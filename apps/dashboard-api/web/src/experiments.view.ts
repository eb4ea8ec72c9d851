import { Fetcher } from './api.ts';
import { h, table } from './dom.ts';
import { db, HELP, mbps, shortId, ssim, when } from './format.ts';
import type { Experiment } from './types.ts';
import { badge, empty, Section, type View } from './view.ts';

/** A result's VMAF: the mean over the scored frames with the model named, or why there is none. */
export function vmafCell(vmaf: NonNullable<Experiment['result']>['vmaf'] | undefined): HTMLElement {
  if (!vmaf) return h('span', { 'data-testid': 'vmaf' }, '—');
  if (!vmaf.available) return h('span', { 'data-testid': 'vmaf', class: 'muted', title: vmaf.reason }, 'n/a');
  return h('span', { 'data-testid': 'vmaf', title: `${vmaf.model}, ${vmaf.scoredFrames} frames scored` }, `${vmaf.mean.toFixed(2)} `, h('small', { class: 'muted' }, vmaf.model));
}

/** Where a probe ran: `estimate from 4 sampled segments of 2 s`. */
export const probeNote = (probe: NonNullable<Experiment['probe']>): string =>
  `estimate from ${probe.segments} sampled segment${probe.segments === 1 ? '' : 's'} of ${probe.segmentSeconds} s, not a measurement of the whole source`;

/** A measured figure; a probe's is an estimate of the whole source: marked `≈`, muted, and said so on hover. */
function figure(e: Experiment, testid: string, text: string): HTMLElement {
  if (!e.probe || !e.result) return h('span', { 'data-testid': testid }, text);
  return h('span', { 'data-testid': testid, class: 'estimate', title: probeNote(e.probe) }, `≈ ${text}`);
}

/** The page with an experiment's per-frame quality and stills. */
export const framesHref = (experimentId: string): string => `#/experiments/${encodeURIComponent(experimentId)}/frames`;

/** The columns shared by the recent-experiments table and a campaign's experiment list. */
export function experimentsTable(items: Experiment[], caption: string, withCampaign: boolean): HTMLTableElement {
  return table(
    caption,
    [
      { title: '#', numeric: true, cell: (e) => e.seq },
      { title: 'Encoder', cell: (e) => (e.config.strategy === 'codec' ? e.config.encoder : 'parameter_storage') },
      // Every knob of the config, as the domain's describeConfig says it (the API sends the label).
      { title: 'Config', cell: (e) => h('code', {}, e.configLabel) },
      { title: 'Arm', cell: (e) => badge(e.arm) },
      // A sampled campaign's probe carries a `probe` badge beside its origin.
      { title: 'Origin', cell: (e) => [badge(e.proposal.origin), e.probe ? ' ' : null, e.probe ? h('span', { 'data-testid': 'probe-badge', title: probeNote(e.probe) }, badge('probe')) : null] },
      { title: 'Bitrate', numeric: true, help: HELP.bitrate, cell: (e) => figure(e, 'mbps', mbps(e.result?.bitrateBps)) },
      { title: 'PSNR', numeric: true, help: HELP.psnr, cell: (e) => figure(e, 'psnr', db(e.result?.psnr.avg)) },
      { title: 'PSNR Y', numeric: true, help: HELP.psnr, cell: (e) => figure(e, 'psnr-y', db(e.result?.psnr.y)) },
      { title: 'SSIM', numeric: true, help: HELP.ssim, cell: (e) => figure(e, 'ssim', ssim(e.result?.ssim.all)) },
      { title: 'VMAF', numeric: true, help: HELP.vmaf, cell: (e) => (e.probe && e.result?.vmaf.available ? figure(e, 'vmaf', `${e.result.vmaf.mean.toFixed(2)} ${e.result.vmaf.model}`) : vmafCell(e.result?.vmaf)) },
      { title: 'Status', cell: (e) => badge(e.status) },
      { title: 'Frames', cell: (e) => (e.status === 'succeeded' ? h('a', { href: framesHref(e.id), 'data-testid': 'frames-link' }, 'frames') : null) },
      ...(withCampaign ? [{ title: 'Campaign', cell: (e: Experiment) => h('a', { href: `#/campaigns/${encodeURIComponent(e.campaignId)}` }, shortId(e.campaignId)) }] : []),
      { title: 'Finished', cell: (e) => when(e.finishedAt) },
    ],
    items,
    { class: 'data', 'data-testid': 'experiments-table' },
    (e) => ({ 'data-testid': 'experiment-row', 'data-experiment-id': e.id, 'data-seq': String(e.seq), 'data-arm': e.arm, ...(e.probe ? { 'data-probe': 'true' } : {}) }),
  );
}

export function experimentsView(): View {
  const api = new Fetcher();
  const section = new Section('Recent experiments', 'recent-experiments', 'Newest first, across all campaigns. Every number is measured from the encoded artifact.');
  return {
    el: h('div', {}, h('h1', {}, 'Experiments'), section.el),
    async refresh() {
      try {
        const { body, changed } = await api.get<{ items: Experiment[] }>('/v1/experiments?limit=50');
        if (!changed) return;
        section.show(body.items.length ? experimentsTable(body.items, 'The 50 most recent experiments', true) : empty('No experiments yet. Start a campaign on the orchestrator.'));
      } catch (error) {
        section.fail(error);
      }
    },
  };
}
