import { h } from './dom.ts';
import { db, ffmpegBuilds, HELP, mbps, metricName, ssim, vmafSummary } from './format.ts';
import type { Experiment } from './types.ts';
import { badge } from './view.ts';

type Result = NonNullable<Experiment['result']>;
type Prediction = NonNullable<Experiment['proposal']['prediction']>;

/** The reasoning behind each experiment: its hypothesis, what was expected and measured, and the analysis. */
export function reasoning(items: Experiment[], metric: string | undefined): HTMLElement {
  return h(
    'ol',
    { class: 'reasoning', 'data-testid': 'reasoning' },
    items.map((e) =>
      h(
        'li',
        { 'data-testid': 'reasoning-item', 'data-seq': String(e.seq) },
        h('h3', {}, `#${e.seq} `, h('code', {}, e.configLabel), ' ', badge(e.arm), ' ', badge(e.proposal.origin), e.probe ? [' ', badge('probe')] : null),
        h('p', {}, h('strong', {}, 'Hypothesis: '), e.proposal.hypothesis),
        e.proposal.prediction ? predictionLine(e.proposal.prediction, e.result, e.analysis?.predictionCheck) : null,
        e.result ? measuredLine(e.result, metric, e.probe) : null,
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
function measuredLine(result: Result, metric: string | undefined, probe: Experiment['probe']): HTMLElement[] {
  const vmaf = result.vmaf.available || metric === 'vmaf' ? `, ${vmafSummary(result.vmaf)}` : '';
  const builds = ffmpegBuilds(result);
  const figures = `${mbps(result.bitrateBps)}, PSNR ${db(result.psnr.avg)} (Y ${db(result.psnr.y)}), SSIM ${ssim(result.ssim.all)}${vmaf}`;
  return [
    probe
      ? h('p', { class: 'measured estimate', title: HELP.psnr }, `Estimated on ${probe.segments} sampled segments of ${probe.segmentSeconds} s (a probe, not the whole source): ≈ ${figures}`)
      : h('p', { class: 'measured', title: HELP.psnr }, `Measured: ${figures}`),
    ...(builds ? [h('p', { class: 'muted', 'data-testid': 'ffmpeg-builds' }, `${builds[0]!.toUpperCase()}${builds.slice(1)}.`)] : []),
    ...(result.parameterStorage ? [storedDescription(result.parameterStorage)] : []),
  ];
}

/** What a parameter-storage experiment stored: the fitted layers, what the fit missed, and where its bytes went. */
function storedDescription(report: NonNullable<Result['parameterStorage']>): HTMLElement {
  const residual = report.residualBytes > 0 ? ` + residual video ${report.residualBytes} bytes` : ', no residual';
  return h(
    'div',
    { class: 'parameter-storage', 'data-testid': 'parameter-storage' },
    h('p', {}, h('strong', {}, 'Stored: '), `scene description ${report.sceneBytes} bytes${residual}; the description alone renders at PSNR ${db(report.fitPsnrAvg)} (fit in ${report.fitSeconds.toFixed(1)} s).`),
    h('ul', { 'data-testid': 'parameter-storage-layers' }, report.layers.map((layer) => h('li', {}, layer))),
    report.notFitted.length ? h('p', { class: 'muted' }, `Not fitted: ${report.notFitted.join('; ')}`) : null,
  );
}

/** A quality in its metric's precision: `37.00 dB`, `0.9800`, `91.50`. */
function qualityFigure(value: number, metric: string): string {
  if (metric === 'psnr') return db(value);
  return value.toFixed(metric === 'ssim' ? 4 : 2);
}

/** The measured value of the metric a prediction was made in; null where it was not measured (VMAF). */
function measuredIn(result: Result, metric: string): number | null {
  if (metric === 'psnr') return result.psnr.avg;
  if (metric === 'ssim') return result.ssim.all;
  return result.vmaf.available ? result.vmaf.mean : null;
}

/** What the proposer expected, beside what was measured: bitrate and quality with one sigma, and encode time. */
function predictionLine(p: Prediction, result: Result | undefined, check: NonNullable<Experiment['analysis']>['predictionCheck']): HTMLElement {
  const name = metricName(p.quality.metric);
  const predicted = `${mbps(p.bitrateBps)} ± ${(p.bitrateSigma * 100).toFixed(1)}%, ${name} ${qualityFigure(p.quality.value, p.quality.metric)} ± ${qualityFigure(p.quality.sigma, p.quality.metric)}, encode ${p.encodeSeconds.toFixed(2)} s`;
  const quality = result ? measuredIn(result, p.quality.metric) : null;
  const measured = result
    ? `; measured ${mbps(result.bitrateBps)}, ${name} ${quality === null ? 'not measured' : qualityFigure(quality, p.quality.metric)}, encode ${result.encodeSeconds.toFixed(2)} s`
    : '; nothing measured';
  const off = check ? ` (quality off by ${check.qualitySigmas.toFixed(1)} sigma)` : '';
  return h('p', { 'data-testid': 'prediction', title: `Basis: ${p.basis}` }, h('strong', {}, 'Predicted: '), `${predicted}${measured}${off}.`);
}
