import { Chart, COLORS } from './charts.ts';
import { h, replace, table } from './dom.ts';
import { metricAxis, metricName } from './format.ts';
import type { CampaignDetail } from './types.ts';
import { empty, Section } from './view.ts';

type ParetoSummary = NonNullable<CampaignDetail['summary']['pareto']>;

const UNITS: Record<string, string> = { psnr: 'dB', ssim: 'SSIM', vmaf: 'VMAF' };
const quality = (value: number, metric: string) => value.toFixed(metric === 'ssim' ? 4 : 2);

/**
 * A Pareto campaign's answer: the front of the experiments that meet the objective, as a table and
 * a chart of quality against bitrate (the dashed line is the front's upper bitrate), and the
 * hypervolume with the reference corner it is measured from.
 */
export class ParetoAnswer {
  readonly section = new Section('Pareto front', 'pareto-answer', 'The answer: the experiments that meet the objective and that no other beats on bitrate, quality and encode speed together.');
  private readonly box = h('div', { class: 'chart', 'data-testid': 'pareto-chart', role: 'img', 'aria-label': 'Pareto front chart' });
  private readonly facts = h('div', {});
  private chart: Chart | undefined;
  private axis = '';
  private upper: number | undefined;

  update(pareto: ParetoSummary | undefined, vmafModel: string | null): void {
    if (!pareto || pareto.front.length === 0) {
      this.section.show(empty('No experiment meets the objective yet: the front is empty.'));
      this.chart?.destroy();
      this.chart = undefined;
      return;
    }
    const { metric, front, reference, hypervolume } = pareto;
    const name = metricName(metric, vmafModel);
    const unit = UNITS[metric] ?? metric;
    replace(
      this.facts,
      h(
        'p',
        { 'data-testid': 'pareto-hypervolume' },
        `Hypervolume ${hypervolume.toPrecision(4)} Mbps x ${unit} x fps, measured from the reference corner ${reference.bitrateMbps.toFixed(3)} Mbps, ${metricName(metric)} ${quality(reference.quality, metric)}, ${reference.encodeFps} fps.`,
      ),
      table(
        `The front, by ascending bitrate; quality in ${name}`,
        [
          { title: '#', numeric: true, cell: (p) => p.seq },
          { title: 'Bitrate', numeric: true, cell: (p) => `${p.bitrateMbps.toFixed(3)} Mbps` },
          { title: name, numeric: true, cell: (p) => quality(p.quality, metric) },
          { title: 'Encode', numeric: true, cell: (p) => `${p.encodeFps.toFixed(1)} fps` },
        ],
        front,
        { class: 'data', 'data-testid': 'pareto-front' },
        (p) => ({ 'data-testid': 'pareto-point', 'data-seq': String(p.seq) }),
      ),
    );
    this.upper = reference.bitrateMbps;
    const axis = metricAxis(metric, vmafModel);
    if (!this.chart || axis !== this.axis) {
      this.chart?.destroy();
      this.chart = new Chart(this.box, { x: 'bitrate (Mbps)', y: (this.axis = axis) }, () => this.upper);
    }
    this.section.show(this.facts, this.box);
    this.chart.update({ series: [{ label: 'Pareto front', color: COLORS.front, kind: 'line' }], data: [front.map((p) => p.bitrateMbps), front.map((p) => p.quality)] });
  }

  destroy(): void {
    this.chart?.destroy();
  }
}
