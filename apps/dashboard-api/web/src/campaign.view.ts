import { Fetcher, NotAvailable } from './api.ts';
import { Chart, scatterChartData, trendChartData } from './charts.ts';
import { h, replace, table } from './dom.ts';
import { experimentsTable } from './experiments.view.ts';
import { db, describedSource, ffmpegBuilds, HELP, mbps, metricAxis, metricName, shortId, sourceLabel, ssim, vmafSummary, when } from './format.ts';
import type { Arm, Best, CampaignDetail, Experiment, Leaderboard, Pareto, Trend } from './types.ts';
import { badge, empty, notice, Section, settle, type View } from './view.ts';

/** One campaign: progress, both arms, the bitrate trend, rate-quality scatter, leaderboard and reasoning. */
export function campaignView(id: string): View {
  const api = new Fetcher();
  const base = `/v1/campaigns/${encodeURIComponent(id)}`;
  const header = h('div', { class: 'campaign-header', 'data-testid': 'campaign-header' }, h('h1', {}, `Campaign ${shortId(id)}`));
  const arms = new Section('Arms', 'campaign-arms');
  const trend = new Section('Bitrate per experiment', 'trend-section', 'Measured bitrate of each experiment, the bitrate of the best result so far per arm that meets the objective, and the target (dashed).');
  const scatter = new Section('Rate and quality', 'scatter-section', 'Quality against bitrate for every measured experiment; the line joins the Pareto front. The dashed line is the target bitrate.');
  const leaderboard = new Section('Leaderboard', 'leaderboard-section');
  const experiments = new Section('Experiments', 'campaign-experiments', 'In order, with the hypothesis behind each proposal and the analysis of its result.');

  const trendBox = h('div', { class: 'chart', 'data-testid': 'trend-chart', role: 'img', 'aria-label': 'Bitrate per experiment chart' });
  const scatterBox = h('div', { class: 'chart', 'data-testid': 'scatter-chart', role: 'img', 'aria-label': 'Quality against bitrate chart' });
  let target: number | undefined;
  const trendChart = new Chart(trendBox, { x: 'experiment #', y: 'bitrate (Mbps)' });
  // The quality axis is the metric the points are compared in (VMAF with its model); a new one redraws the chart.
  let scatterAxis = metricAxis('psnr');
  let scatterChart = new Chart(scatterBox, { x: 'bitrate (Mbps)', y: scatterAxis }, () => target);
  const scatterNote = h('div', {});
  trend.show(trendBox);
  scatter.show(scatterBox, scatterNote);

  let campaign: CampaignDetail | undefined;
  let items: Experiment[] = [];
  let lastTrend: Trend | undefined;
  let pareto: Pareto | undefined;
  let paretoMissing: unknown;

  const loadCampaign = async () => {
    try {
      const { body, changed } = await api.get<CampaignDetail>(base);
      if (changed) replace(header, ...renderHeader((campaign = body)));
    } catch (error) {
      replace(header, h('h1', {}, `Campaign ${shortId(id)}`), notice(error));
      throw error;
    }
  };
  const loadExperiments = async () => {
    try {
      const { body, changed } = await api.get<{ items: Experiment[] }>(`/v1/experiments?campaignId=${encodeURIComponent(id)}&limit=200`);
      if (!changed) return;
      items = [...body.items].sort((a, b) => a.seq - b.seq);
      experiments.show(items.length ? [experimentsTable(items, 'Experiments in this campaign, in order', false), reasoning(items, campaign?.objective.metric)] : empty('No experiments yet.'));
    } catch (error) {
      experiments.fail(error);
    }
  };
  const loadCharts = async () => {
    const [trendResult, paretoResult] = await Promise.allSettled([api.get<Trend>(`${base}/trend`), api.get<Pareto>(`${base}/pareto`)]);
    if (paretoResult.status === 'fulfilled') {
      pareto = paretoResult.value.body;
      paretoMissing = undefined;
    } else paretoMissing = paretoResult.reason;
    if (trendResult.status === 'rejected') {
      trend.fail(trendResult.reason);
      if (!pareto) scatter.fail(paretoResult.status === 'rejected' ? paretoResult.reason : trendResult.reason);
      return;
    }
    const changed = trendResult.value.changed || (paretoResult.status === 'fulfilled' && paretoResult.value.changed) || !lastTrend;
    lastTrend = trendResult.value.body;
    if (!changed) return;
    target = lastTrend.targetBitrateBps / 1e6;
    trendChart.update(trendChartData(lastTrend));
    // Without the Pareto answer the points come from the trend, in PSNR.
    const shown = pareto?.metric ?? 'psnr';
    const axis = metricAxis(shown, pareto?.vmafModel);
    if (axis !== scatterAxis) {
      scatterChart.destroy();
      scatterChart = new Chart(scatterBox, { x: 'bitrate (Mbps)', y: (scatterAxis = axis) }, () => target);
    }
    scatterBox.dataset['metric'] = metricName(shown, pareto?.vmafModel);
    scatterChart.update(scatterChartData(pareto, lastTrend));
    replace(
      scatterNote,
      pareto && shown === 'vmaf' ? h('p', { class: 'muted', 'data-testid': 'scatter-metric' }, `Quality here is the campaign's metric, ${metricName(shown, pareto.vmafModel)}. ${HELP.vmaf}`) : null,
      pareto && shown === 'ssim' ? h('p', { class: 'muted', 'data-testid': 'scatter-metric' }, "Quality here is the campaign's metric, SSIM.") : null,
      pareto && lastTrend.metric === 'vmaf' && shown !== 'vmaf'
        ? h('p', { class: 'muted', 'data-testid': 'scatter-metric' }, 'VMAF was not measured for every experiment, so quality here is PSNR (dB) for all of them, never a mix.')
        : null,
      paretoMissing instanceof NotAvailable ? h('p', { class: 'notice', 'data-testid': 'not-available' }, 'Pareto front not available yet: showing measured points from the trend.') : null,
      paretoMissing && !(paretoMissing instanceof NotAvailable) ? notice(paretoMissing) : null,
    );
    armsSummary();
  };
  const loadLeaderboard = async () => {
    try {
      const { body, changed } = await api.get<Leaderboard>(`${base}/leaderboard`);
      if (changed) leaderboard.show(body.entries.length ? leaderboardTable(body) : empty('Nothing measured yet.'));
    } catch (error) {
      leaderboard.fail(error);
    }
  };

  function armsSummary(): void {
    const present: Arm[] = campaign?.controlArm || items.some((e) => e.arm === 'random') ? ['analyst', 'random'] : ['analyst'];
    arms.show(
      h(
        'div',
        { class: 'arms' },
        present.map((arm) => {
          const own = items.filter((e) => e.arm === arm);
          const standing = campaign?.summary?.arms?.[arm];
          return h(
            'div',
            { class: `arm-card arm-${arm}`, 'data-testid': `arm-${arm}` },
            h('h3', {}, h('span', { class: `swatch swatch-${arm}`, 'aria-hidden': 'true' }), arm === 'analyst' ? 'Analyst arm' : 'Random control arm'),
            h(
              'dl',
              {},
              h('dt', {}, 'Experiments'),
              h('dd', {}, `${own.length} (${own.filter((e) => e.status === 'succeeded').length} succeeded)`),
              standingFacts(standing, campaign?.objective.metric).flatMap(([term, value]) => [h('dt', {}, term), h('dd', { 'data-testid': `arm-${arm}-${term.toLowerCase()}` }, value)]),
            ),
          );
        }),
      ),
    );
  }

  return {
    el: h('div', {}, header, arms.el, h('div', { class: 'charts' }, trend.el, scatter.el), leaderboard.el, experiments.el),
    async refresh() {
      await settle([loadCampaign, loadExperiments, loadCharts, loadLeaderboard]);
      armsSummary();
    },
    destroy() {
      trendChart.destroy();
      scatterChart.destroy();
    },
  };
}

function renderHeader(c: CampaignDetail): HTMLElement[] {
  const s = c.summary;
  const facts: [string, string | HTMLElement][] = [
    ['Status', badge(c.status)],
    ['Source', sourceLabel(c.source)],
    ...(c.sourceDescription ? [['Described', describedSource(c.sourceDescription)] as [string, string]] : []),
    ['Objective', `best ${metricName(c.objective.metric, c.vmaf.model)} at ${c.objective.targetBitrateMbps} Mbps${c.objective.minQuality === undefined ? '' : `, at least ${c.objective.minQuality}`}`],
    ['Budget', `${c.maxExperiments} experiments${c.controlArm ? ' per arm' : ''}`],
    ['Created', when(c.createdAt)],
  ];
  if (s) {
    const e = s.experiments;
    facts.push(['Progress', `${e.total} experiments: ${e.succeeded} succeeded, ${e.failed} failed, ${e.pending} pending`]);
    facts.push(...standingFacts(s, c.objective.metric));
  }
  return [
    h('h1', {}, `Campaign ${shortId(c.id)}`),
    h('dl', { class: 'facts' }, facts.flatMap(([term, value]) => [h('dt', {}, term), h('dd', { 'data-testid': `campaign-${term.toLowerCase()}` }, value)])),
  ];
}

/**
 * "Best" is the best experiment that met the objective. Where none did, the page says so and names
 * the closest one instead, never calling it the best.
 */
function standingFacts(s: { best?: Best; closest?: Best; metObjective?: boolean } | undefined, metric: string | undefined): [string, string][] {
  // A VMAF campaign names each experiment's VMAF beside its PSNR; other campaigns keep to PSNR and SSIM.
  const line = (e: Best) => {
    const vmaf = metric === 'vmaf' && e.vmaf ? `VMAF ${e.vmaf.mean.toFixed(2)} (${e.vmaf.model}), ` : '';
    return `#${e.seq} ${e.label}: ${mbps(e.bitrateBps)}, ${vmaf}${db(e.psnr)}, SSIM ${ssim(e.ssim)}`;
  };
  if (s?.best) return [['Best', line(s.best)]];
  if (s?.closest) return [['Best', 'none met the objective'], ['Closest', line(s.closest)]];
  return [];
}

function leaderboardTable(board: Leaderboard): HTMLTableElement {
  const ranked = `Ranked by the objective in ${metricName(board.metric, board.vmafModel)}`;
  const withVmaf = board.metric === 'vmaf' || board.entries.some((e) => e.vmaf !== null);
  return table(
    board.baselineSeq === null ? `${ranked}; this campaign has no measured baseline` : `${ranked}; changes are against the baseline, experiment #${board.baselineSeq}`,
    [
      { title: 'Rank', numeric: true, cell: (e) => board.entries.indexOf(e) + 1 },
      { title: '#', numeric: true, cell: (e) => e.seq },
      { title: 'Config', cell: (e) => h('code', {}, e.label) },
      { title: 'Arm', cell: (e) => badge(e.arm) },
      { title: 'Origin', cell: (e) => badge(e.origin) },
      { title: 'Bitrate', numeric: true, help: HELP.bitrate, cell: (e) => mbps(e.bitrateBps) },
      { title: 'PSNR', numeric: true, help: HELP.psnr, cell: (e) => db(e.psnr) },
      { title: 'PSNR Y', numeric: true, help: HELP.psnr, cell: (e) => db(e.psnrY) },
      { title: 'SSIM', numeric: true, help: HELP.ssim, cell: (e) => ssim(e.ssim) },
      ...(withVmaf ? [{ title: 'VMAF', numeric: true, help: HELP.vmaf, cell: (e: Leaderboard['entries'][number]) => h('span', { 'data-testid': 'leaderboard-vmaf' }, e.vmaf === null ? '—' : e.vmaf.toFixed(2)) }] : []),
      { title: 'vs baseline', wrap: true, cell: (e) => h('span', { 'data-testid': 'versus-baseline' }, e.versusBaseline) },
      { title: 'Meets objective', cell: (e) => (e.meetsObjective ? badge('yes', 'succeeded') : badge('no', 'pending')) },
    ],
    board.entries,
    { class: 'data', 'data-testid': 'leaderboard-table' },
    (e) => ({ 'data-testid': 'leaderboard-row', 'data-seq': String(e.seq) }),
  );
}

function reasoning(items: Experiment[], metric: string | undefined): HTMLElement {
  return h(
    'ol',
    { class: 'reasoning', 'data-testid': 'reasoning' },
    items.map((e) =>
      h(
        'li',
        { 'data-testid': 'reasoning-item', 'data-seq': String(e.seq) },
        h('h3', {}, `#${e.seq} `, h('code', {}, e.configLabel), ' ', badge(e.arm), ' ', badge(e.proposal.origin)),
        h('p', {}, h('strong', {}, 'Hypothesis: '), e.proposal.hypothesis),
        e.result ? measuredLine(e.result, metric) : null,
        e.analysis
          ? [
              h('p', {}, h('strong', {}, 'Analysis: '), e.analysis.summary, ' ', badge(e.analysis.origin)),
              e.analysis.nextStep ? h('p', {}, /^next\b/i.test(e.analysis.nextStep) ? null : h('strong', {}, 'Next: '), e.analysis.nextStep) : null,
            ]
          : e.arm === 'random' && e.status === 'succeeded'
            ? h('p', { class: 'muted' }, 'The control arm is measured, not analysed.')
            : null,
        e.failure ? h('p', { class: 'notice error' }, `Failed: ${e.failure.message}`) : null,
      ),
    ),
  );
}

/** What was measured, VMAF with its model where it was measured (or where the campaign wants it), and which ffmpeg builds ran. */
function measuredLine(result: NonNullable<Experiment['result']>, metric: string | undefined): HTMLElement[] {
  const vmaf = result.vmaf.available || metric === 'vmaf' ? `, ${vmafSummary(result.vmaf)}` : '';
  const builds = ffmpegBuilds(result);
  return [
    h('p', { class: 'measured', title: HELP.psnr }, `Measured: ${mbps(result.bitrateBps)}, PSNR ${db(result.psnr.avg)} (Y ${db(result.psnr.y)}), SSIM ${ssim(result.ssim.all)}${vmaf}`),
    ...(builds ? [h('p', { class: 'muted', 'data-testid': 'ffmpeg-builds' }, `${builds[0]!.toUpperCase()}${builds.slice(1)}.`)] : []),
  ];
}
