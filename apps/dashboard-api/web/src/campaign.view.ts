import { Fetcher, NotAvailable } from './api.ts';
import { Chart, scatterChartData, trendChartData } from './charts.ts';
import { h, replace } from './dom.ts';
import { experimentsTable } from './experiments.view.ts';
import { knowledgeBody } from './knowledge.view.ts';
import { db, describedSource, HELP, mbps, metricAxis, metricName, shortId, sourceLabel, ssim, when } from './format.ts';
import { leaderboardTable } from './leaderboard.view.ts';
import { ParetoAnswer } from './pareto-answer.view.ts';
import { reasoning } from './reasoning.view.ts';
import { sampledBody } from './sampled.view.ts';
import type { Arm, Best, CampaignDetail, Experiment, Leaderboard, Pareto, Trend } from './types.ts';
import { badge, empty, notice, Section, settle, type View } from './view.ts';

/**
 * One campaign: progress, its answer, what the lab knew when it started, how a sampled campaign
 * searched, both arms, the bitrate trend, rate-quality scatter, leaderboard and reasoning.
 */
export function campaignView(id: string): View {
  const api = new Fetcher();
  const base = `/v1/campaigns/${encodeURIComponent(id)}`;
  const header = h('div', { class: 'campaign-header', 'data-testid': 'campaign-header' }, h('h1', {}, `Campaign ${shortId(id)}`));
  const knowledge = new Section('What the lab knew', 'knowledge-section', 'When the campaign started: the lab\'s memory of similar sources, the priors the planner learned from them, and how probes are corrected to full-length figures.');
  const sampled = new Section('Sampled search', 'sampled-section', 'The source is long: the search ran on sampled segments (probes), and the answer comes from full encodes of the config the probes chose.');
  // Shown only for campaigns that carry them: older campaigns render as they always did.
  const knowledgeHolder = h('div', {});
  const sampledHolder = h('div', {});
  const arms = new Section('Arms', 'campaign-arms');
  const trend = new Section('Bitrate per experiment', 'trend-section', 'Measured bitrate of each experiment, the bitrate of the best result so far per arm that meets the objective, and the target bitrate (dashed) where the objective has one.');
  const scatter = new Section('Rate and quality', 'scatter-section', 'Quality against bitrate for every measured experiment; the line joins the Pareto front. The dashed line is the target bitrate, where the objective has one.');
  const leaderboard = new Section('Leaderboard', 'leaderboard-section', 'Every measured experiment: how far it is from the target, and whether it meets the objective (and why not).');
  // A Pareto objective's answer is a whole front: its own section, shown once the campaign says it is one.
  const paretoAnswer = new ParetoAnswer();
  const paretoHolder = h('div', {});
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
      if (!changed) return;
      replace(header, ...renderHeader((campaign = body)));
      replace(knowledgeHolder, body.knowledge ? knowledge.el : null);
      if (body.knowledge) knowledge.show(knowledgeBody(body.knowledge, body.objective.metric));
      replace(sampledHolder, body.summary.sampled ? sampled.el : null);
      if (body.summary.sampled) sampled.show(sampledBody(body, body.summary.sampled));
      if (body.objective.kind === 'pareto') {
        replace(paretoHolder, paretoAnswer.section.el);
        paretoAnswer.update(body.summary.pareto, body.objective.metric === 'vmaf' ? body.vmaf.model : null);
      }
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
    target = lastTrend.targetBitrateBps === null ? undefined : lastTrend.targetBitrateBps / 1e6;
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
    const probes = (pareto?.points ?? lastTrend.points).some((p) => p.probe);
    replace(
      scatterNote,
      probes ? h('p', { class: 'muted', 'data-testid': 'scatter-probes' }, 'Probes (hollow grey points) are estimates from the sampled segments, not measured full encodes; the Pareto front joins full encodes only.') : null,
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
              standingFacts(standing, campaign).flatMap(([term, value]) => [h('dt', {}, term), h('dd', { 'data-testid': `arm-${arm}-${term.toLowerCase()}` }, value)]),
            ),
          );
        }),
      ),
    );
  }

  return {
    el: h('div', {}, header, knowledgeHolder, sampledHolder, paretoHolder, arms.el, h('div', { class: 'charts' }, trend.el, scatter.el), leaderboard.el, experiments.el),
    async refresh() {
      await settle([loadCampaign, loadExperiments, loadCharts, loadLeaderboard]);
      armsSummary();
    },
    destroy() {
      trendChart.destroy();
      scatterChart.destroy();
      paretoAnswer.destroy();
    },
  };
}

function renderHeader(c: CampaignDetail): HTMLElement[] {
  const s = c.summary;
  const facts: [string, string | HTMLElement][] = [
    ['Status', badge(c.status)],
    ['Source', sourceLabel(c.source)],
    ...(c.sourceDescription ? [['Described', describedSource(c.sourceDescription)] as [string, string]] : []),
    ['Objective', `${c.objectiveText}${c.objective.metric === 'vmaf' ? ` (VMAF model ${c.vmaf.model})` : ''}`],
    ['Budget', `${c.maxExperiments} experiments${c.controlArm ? ' per arm' : ''}`],
    ['Created', when(c.createdAt)],
  ];
  if (s) {
    const e = s.experiments;
    facts.push(['Progress', `${e.total} experiments: ${e.succeeded} succeeded, ${e.failed} failed, ${e.pending} pending`]);
    facts.push(...standingFacts(s, c));
  }
  return [
    h('h1', {}, `Campaign ${shortId(c.id)}`),
    h('dl', { class: 'facts' }, facts.flatMap(([term, value]) => [h('dt', {}, term), h('dd', { 'data-testid': `campaign-${term.toLowerCase()}` }, value)])),
  ];
}

/** The answer in the objective's own terms: what it is the best of. */
function answerTerms(objective: CampaignDetail['objective'], metric: string): string {
  if (objective.kind === 'bitrate-at-quality') return `smallest bitrate with ${metric} >= ${objective.targetQuality}`;
  if (objective.kind === 'pareto') return `highest ${metric} on the front`;
  return `best ${metric} within the budget`;
}

/**
 * The answer is the best experiment that met the objective, in the objective's terms. Where none
 * did, the page says so and names the closest one instead, never calling it the answer.
 */
function standingFacts(s: { best?: Best; closest?: Best; metObjective?: boolean; pareto?: CampaignDetail['summary']['pareto'] } | undefined, c: CampaignDetail | undefined): [string, string][] {
  // A Pareto campaign's answer is its whole front (the section above); an arm names its highest quality on it.
  if (s?.pareto && s.pareto.front.length) {
    const { front, hypervolume } = s.pareto;
    return [['Answer', `the Pareto front of ${front.length} experiment${front.length === 1 ? '' : 's'} (${front.map((p) => `#${p.seq}`).join(', ')}), hypervolume ${hypervolume.toPrecision(4)}`]];
  }
  const metric = c?.objective.metric;
  // A VMAF campaign names each experiment's VMAF beside its PSNR; other campaigns keep to PSNR and SSIM.
  const line = (e: Best) => {
    const vmaf = metric === 'vmaf' && e.vmaf ? `VMAF ${e.vmaf.mean.toFixed(2)} (${e.vmaf.model}), ` : '';
    return `#${e.seq} ${e.label}: ${mbps(e.bitrateBps)}, ${vmaf}${db(e.psnr)}, SSIM ${ssim(e.ssim)}`;
  };
  if (s?.best) return [['Answer', c ? `${answerTerms(c.objective, metricName(c.objective.metric))}: ${line(s.best)}` : line(s.best)]];
  if (s?.closest) return [['Answer', 'none met the objective'], ['Closest', line(s.closest)]];
  return [];
}
