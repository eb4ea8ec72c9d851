import { h, table } from './dom.ts';
import { db, HELP, mbps, metricName, ssim } from './format.ts';
import type { Leaderboard } from './types.ts';
import { badge } from './view.ts';

type Entry = Leaderboard['entries'][number];

/** Whether an experiment meets the objective, and why not when it does not. */
function verdict(e: Entry): HTMLElement {
  if (e.meetsObjective) return h('span', { 'data-testid': 'objective-verdict' }, badge('yes', 'succeeded'));
  return h('span', { 'data-testid': 'objective-verdict' }, badge('no', 'pending'), e.violations.length ? ` ${e.violations.join('; ')}` : '');
}

/** A figure of a probe is an estimate from the sampled segments: marked `≈` and muted. */
const figure = (e: Entry, text: string): HTMLElement | string => (e.probe ? h('span', { class: 'estimate', title: 'estimate from the sampled segments, not a measurement of the whole source' }, `≈ ${text}`) : text);

/**
 * Every measured experiment, ranked as the API ranks them (full encodes before a sampled
 * campaign's probes; those meeting the objective first, in its own order), with its distance from
 * the target, whether it meets the objective and why not.
 */
export function leaderboardTable(board: Leaderboard): HTMLTableElement {
  const probes = board.entries.some((e) => e.probe) ? ", full encodes first, then the probes (estimates from the sampled segments, each against the baseline's probe)" : '';
  const ranked = `Ranked by the objective in ${metricName(board.metric, board.vmafModel)}${probes}`;
  const withVmaf = board.metric === 'vmaf' || board.entries.some((e) => e.vmaf !== null);
  return table(
    board.baselineSeq === null ? `${ranked}; this campaign has no measured baseline` : `${ranked}; changes are against the baseline, experiment #${board.baselineSeq}`,
    [
      { title: 'Rank', numeric: true, cell: (e) => board.entries.indexOf(e) + 1 },
      { title: '#', numeric: true, cell: (e) => e.seq },
      { title: 'Config', cell: (e) => h('code', {}, e.label) },
      { title: 'Arm', cell: (e) => badge(e.arm) },
      { title: 'Origin', cell: (e) => [badge(e.origin), e.probe ? ' ' : null, e.probe ? h('span', { 'data-testid': 'probe-badge' }, badge('probe')) : null] },
      { title: 'Bitrate', numeric: true, help: HELP.bitrate, cell: (e) => figure(e, mbps(e.bitrateBps)) },
      { title: 'PSNR', numeric: true, help: HELP.psnr, cell: (e) => figure(e, db(e.psnr)) },
      { title: 'PSNR Y', numeric: true, help: HELP.psnr, cell: (e) => figure(e, db(e.psnrY)) },
      { title: 'SSIM', numeric: true, help: HELP.ssim, cell: (e) => figure(e, ssim(e.ssim)) },
      ...(withVmaf ? [{ title: 'VMAF', numeric: true, help: HELP.vmaf, cell: (e: Entry) => h('span', { 'data-testid': 'leaderboard-vmaf' }, e.vmaf === null ? '—' : figure(e, e.vmaf.toFixed(2))) }] : []),
      { title: 'Encode', numeric: true, cell: (e) => `${e.encodeFps.toFixed(1)} fps` },
      // How far from the target, then whether it meets the objective and why not, in one column.
      { title: 'Objective', wrap: true, cell: (e) => [h('span', { 'data-testid': 'target-distance' }, e.targetDistance), h('br'), verdict(e)] },
      { title: 'vs baseline', wrap: true, cell: (e) => h('span', { 'data-testid': 'versus-baseline' }, e.versusBaseline) },
    ],
    board.entries,
    { class: 'data', 'data-testid': 'leaderboard-table' },
    (e) => ({ 'data-testid': 'leaderboard-row', 'data-seq': String(e.seq), ...(e.probe ? { 'data-probe': 'true' } : {}) }),
  );
}
