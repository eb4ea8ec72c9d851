// One experiment frame by frame: PSNR, SSIM and VMAF against frame number (one chart each), another
// experiment of the same campaign overlaid, the worst frames, and a chosen frame as source and
// artifact side by side. A measured experiment's frames never change: they are fetched once.
import { Fetcher } from './api.ts';
import { Chart } from './charts.ts';
import { h, replace, table } from './dom.ts';
import { db, HELP, shortId, ssim } from './format.ts';
import { experimentLabel, FRAME_METRICS, frameChartData, METRIC_AXIS, type FrameMetric } from './frame-charts.ts';
import { framesHref, vmafCell } from './experiments.view.ts';
import { showStill } from './stills.ts';
import type { Experiment, Frames, WorstFrame } from './types.ts';
import { empty, notice, Section, settle, type View } from './view.ts';

const framesPath = (id: string) => `/v1/experiments/${encodeURIComponent(id)}/frames`;
const METRIC_NAMES: Record<FrameMetric, string> = { psnr: 'PSNR', ssim: 'SSIM', vmaf: 'VMAF' };

export function framesView(id: string, query: URLSearchParams): View {
  const api = new Fetcher();
  const campaignId = id.replace(/-\d{3,5}$/, '');
  const header = h('div', { 'data-testid': 'frames-header' }, h('h1', {}, `Frames of experiment ${shortId(campaignId)} #${Number(id.slice(campaignId.length + 1))}`));
  const compare = new Section('Compare', 'frames-compare', 'Overlay another measured experiment of this campaign: the same source, so the same frame numbers.');
  const charts = new Section('Quality per frame', 'frames-charts', 'Each compared frame of the artifact against the same frame of the source. Click a point to see that frame.');
  const worst = new Section('Worst frames', 'worst-section');
  const still = new Section('Frame', 'still-section', "The source frame and the artifact's, decoded from the stored files (nothing is encoded again).");
  const stillBox = h('div', { 'data-testid': 'stills' }, empty('Click a point on a chart, or a worst frame, to see it here.'));
  still.show(stillBox);

  const select = h('select', { id: 'overlay-select', 'data-testid': 'overlay-select' }, h('option', { value: '' }, 'nothing'));
  const compareNote = h('div', {});
  compare.show(h('label', { for: 'overlay-select' }, 'Overlay: '), select, compareNote);

  let primary: Frames | undefined;
  let overlay: Frames | undefined;
  let overlayId = query.get('vs') ?? '';
  let frame: number | undefined = /^\d+$/.test(query.get('frame') ?? '') ? Number(query.get('frame')) : undefined;
  const loaded = new Map<string, Frames>();

  const boxes = new Map<FrameMetric, { box: HTMLElement; note: HTMLElement; chart: Chart }>();
  for (const metric of FRAME_METRICS) {
    const box = h('div', { class: 'chart', 'data-testid': `frame-chart-${metric}`, role: 'img', 'aria-label': `${METRIC_NAMES[metric]} per frame chart` });
    // The dashed vertical line marks the frame shown below the charts.
    boxes.set(metric, { box, note: h('div', {}), chart: new Chart(box, { x: 'frame', y: METRIC_AXIS[metric] }, () => frame, { onPick: (x) => pick(x) }) });
  }
  charts.show(
    [...boxes].map(([metric, { box, note }]) =>
      h('div', { class: 'frame-chart' }, h('h3', { title: HELP[metric] }, `${METRIC_NAMES[metric]} per frame`), box, note),
    ),
  );

  const shown = (): Frames[] => [primary, overlay].filter((f): f is Frames => f !== undefined);

  function remember(): void {
    const params = new URLSearchParams();
    if (overlayId) params.set('vs', overlayId);
    if (frame !== undefined) params.set('frame', String(frame));
    const rest = params.toString();
    history.replaceState(null, '', `${framesHref(id)}${rest ? `?${rest}` : ''}`);
  }

  function drawCharts(): void {
    for (const [metric, { box, note, chart }] of boxes) {
      const data = frameChartData(metric, shown());
      box.hidden = !data;
      if (data) chart.update(data);
      replace(
        note,
        !data ? h('p', { class: 'muted', 'data-testid': `no-${metric}` }, `${METRIC_NAMES[metric]} was not measured for this experiment.`) : null,
        data && overlay && !metricFor(overlay, metric) ? h('p', { class: 'muted' }, `${METRIC_NAMES[metric]} was not measured for ${experimentLabel(overlay)}.`) : null,
      );
    }
  }

  function pick(x: number): void {
    if (!primary) return;
    frame = x;
    remember();
    drawCharts();
    showStill(stillBox, primary, overlay ? [overlay] : [], x, (delta) => {
      const i = primary!.frames.indexOf(frame!) + delta;
      if (i >= 0 && i < primary!.frames.length) pick(primary!.frames[i]!);
    });
  }

  const loadPrimary = async () => {
    if (primary) return;
    try {
      primary = (await api.get<Frames>(framesPath(id))).body;
    } catch (error) {
      charts.fail(error);
      worst.show(empty('No frames to rank.'));
      throw error;
    }
    drawCharts();
    worst.show(worstTable(primary, pick));
    if (frame !== undefined && primary.frames.includes(frame)) pick(frame);
  };

  const loadOverlay = async () => {
    if (!overlayId || overlay?.experimentId === overlayId) return;
    const wanted = overlayId;
    try {
      const frames = loaded.get(wanted) ?? (await api.get<Frames>(framesPath(wanted))).body;
      loaded.set(wanted, frames);
      if (overlayId !== wanted) return;
      overlay = frames;
      replace(compareNote);
    } catch (error) {
      replace(compareNote, notice(error));
      throw error;
    }
    if (primary) {
      drawCharts();
      if (frame !== undefined) pick(frame);
    }
  };

  const loadExperiments = async () => {
    const { body, changed } = await api.get<{ items: Experiment[] }>(`/v1/experiments?campaignId=${encodeURIComponent(campaignId)}&limit=200`);
    if (!changed) return;
    const items = [...body.items].sort((a, b) => a.seq - b.seq);
    const self = items.find((e) => e.id === id);
    if (self) replace(header, ...headerOf(self, campaignId));
    const others = items.filter((e) => e.id !== id && e.status === 'succeeded');
    replace(
      select,
      h('option', { value: '' }, 'nothing'),
      others.map((e) => h('option', { value: e.id, selected: e.id === overlayId }, `#${e.seq} ${e.configLabel}`)),
    );
  };

  select.addEventListener('change', () => {
    overlayId = select.value;
    if (!overlayId) overlay = undefined;
    remember();
    if (!overlayId) {
      replace(compareNote);
      drawCharts();
      if (frame !== undefined) pick(frame);
    } else void loadOverlay().catch(() => undefined);
  });

  return {
    el: h('div', {}, header, compare.el, charts.el, h('div', { class: 'frames-detail' }, worst.el, still.el)),
    async refresh() {
      await settle([loadPrimary, loadExperiments, loadOverlay]);
    },
    destroy() {
      for (const { chart } of boxes.values()) chart.destroy();
    },
  };
}

const metricFor = (frames: Frames, metric: FrameMetric) => (metric === 'vmaf' ? frames.vmaf !== null : true);

function headerOf(e: Experiment, campaignId: string): HTMLElement[] {
  const r = e.result;
  return [
    h('h1', {}, `Frames of experiment #${e.seq}`),
    h(
      'p',
      {},
      h('a', { href: `#/campaigns/${encodeURIComponent(campaignId)}` }, `← Campaign ${shortId(campaignId)}`),
      ' · ',
      h('code', {}, e.configLabel),
      r ? [` · PSNR ${db(r.psnr.avg)} · SSIM ${ssim(r.ssim.all)} · VMAF `, vmafCell(r.vmaf), r.mode === 'probe' ? ' · probe mode: the frames of its segments' : ''] : null,
    ),
  ];
}

function worstTable(frames: Frames, pick: (frame: number) => void): HTMLElement {
  if (frames.worst.length === 0) return empty('No frames to rank.');
  const button = (w: WorstFrame) => {
    const b = h('button', { type: 'button', class: 'link', 'data-testid': 'worst-frame-button' }, `frame ${w.frame}`);
    b.addEventListener('click', () => pick(w.frame));
    return b;
  };
  return table(
    `The ${frames.worst.length} frames lowest in ${METRIC_NAMES[frames.metric]}, lowest first`,
    [
      { title: '#', numeric: true, cell: (w) => frames.worst.indexOf(w) + 1 },
      { title: 'Frame', cell: button },
      { title: 'PSNR', numeric: true, help: HELP.psnr, cell: (w) => db(w.psnr) },
      { title: 'SSIM', numeric: true, help: HELP.ssim, cell: (w) => ssim(w.ssim) },
      { title: 'VMAF', numeric: true, help: HELP.vmaf, cell: (w) => (w.vmaf === null ? '—' : w.vmaf.toFixed(2)) },
    ],
    frames.worst,
    { class: 'data', 'data-testid': 'worst-frames' },
    (w) => ({ 'data-testid': 'worst-frame', 'data-frame': String(w.frame) }),
  );
}
