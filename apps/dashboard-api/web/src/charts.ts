// Charts drawn with uPlot (bundled). A chart is created once per view and updated in place with
// setData; it is rebuilt only when its series change (a control arm's first point arrives).
import uPlot from 'uplot';
import type { Arm, Pareto, Trend } from './types.ts';

export const COLORS = { analyst: '#2563eb', random: '#d97706', target: '#dc2626', front: '#16a34a', probe: '#64748b' } as const;

/** The legend entries of a sampled campaign's probes: estimates from its segments, never measured full encodes. */
export const PROBE_SERIES = { trend: 'probe bitrate (estimate)', scatter: 'probe (estimate)' } as const;

interface SeriesSpec {
  label: string;
  color: string;
  /**
   * `series`: a thin line whose points show only where they are sparse enough to see (per-frame values).
   * `estimate`: hollow points, no line (a probe's figures).
   */
  kind: 'line' | 'points' | 'step' | 'dash' | 'front' | 'series' | 'estimate';
}

/** Optional behaviour of a chart. */
export interface ChartOptions {
  /** Called with the x value of the data point nearest the cursor when the plot is clicked. */
  onPick?: (x: number) => void;
}

export interface ChartData {
  series: SeriesSpec[];
  data: uPlot.AlignedData;
}

/** One chart in a container; `update` redraws in place. */
export class Chart {
  private plot: uPlot | undefined;
  private signature = '';

  constructor(
    private readonly container: HTMLElement,
    private readonly axes: { x: string; y: string },
    private readonly verticalLine?: () => number | undefined,
    private readonly extra: ChartOptions = {},
  ) {
    window.addEventListener('resize', () => this.plot?.setSize(this.size()));
  }

  update(chart: ChartData): void {
    const signature = chart.series.map((s) => s.label).join('|');
    this.container.dataset['series'] = signature;
    this.container.dataset['points'] = String(chart.data[0].length);
    if (this.plot && signature === this.signature) {
      this.plot.setData(chart.data);
      return;
    }
    this.plot?.destroy();
    this.signature = signature;
    this.plot = new uPlot(this.options(chart.series), chart.data, this.container);
    if (this.extra.onPick) pickOnClick(this.plot, this.extra.onPick);
  }

  destroy(): void {
    this.plot?.destroy();
    this.plot = undefined;
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(320, this.container.clientWidth || 640), height: 280 };
  }

  private options(series: SeriesSpec[]): uPlot.Options {
    const vertical = this.verticalLine;
    return {
      ...this.size(),
      scales: {
        x: {
          time: false,
          // Keep the target line in view even when every point lies on one side of it.
          range: vertical
            ? (_u, min, max) => {
                const value = vertical();
                const lo = value === undefined ? min : Math.min(min, value);
                const hi = value === undefined ? max : Math.max(max, value);
                const pad = (hi - lo || hi || 1) * 0.05;
                return [Math.max(0, lo - pad), hi + pad];
              }
            : undefined,
        },
      },
      axes: [
        { label: this.axes.x, stroke: '#475569', grid: { stroke: '#e2e8f0' } },
        { label: this.axes.y, stroke: '#475569', grid: { stroke: '#e2e8f0' }, size: 60 },
      ],
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: this.axes.x },
        ...series.map(
          (s): uPlot.Series => ({
            label: s.label,
            stroke: s.color,
            width: s.kind === 'dash' || s.kind === 'series' ? 1.5 : 2,
            dash: s.kind === 'dash' ? [6, 4] : undefined,
            spanGaps: true,
            paths: s.kind === 'points' || s.kind === 'estimate' ? () => null : s.kind === 'step' ? uPlot.paths.stepped!({ align: 1 }) : undefined,
            points:
              s.kind === 'estimate'
                ? { show: true, size: 9, width: 2, stroke: s.color, fill: '#ffffff' }
                : { show: s.kind === 'series' ? undefined : s.kind === 'points' || s.kind === 'line', size: s.kind === 'points' ? 10 : 6, fill: s.color },
          }),
        ),
      ],
      hooks: vertical
        ? {
            draw: [
              (u) => {
                const value = vertical();
                if (value === undefined) return;
                const x = u.valToPos(value, 'x', true);
                if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
                const ctx = u.ctx;
                ctx.save();
                ctx.strokeStyle = COLORS.target;
                ctx.setLineDash([6, 4]);
                ctx.lineWidth = 1.5 * devicePixelRatio;
                ctx.beginPath();
                ctx.moveTo(x, u.bbox.top);
                ctx.lineTo(x, u.bbox.top + u.bbox.height);
                ctx.stroke();
                ctx.restore();
              },
            ],
          }
        : {},
    };
  }
}

/** Clicking the plot picks the point under uPlot's cursor (the nearest x). */
function pickOnClick(u: uPlot, onPick: (x: number) => void): void {
  u.over.style.cursor = 'pointer';
  u.over.addEventListener('click', () => {
    const index = u.cursor.idx;
    const x = index == null ? undefined : u.data[0][index];
    if (x != null) onPick(x);
  });
}

const armsIn = (arms: Arm[]): Arm[] => (['analyst', 'random'] as const).filter((arm) => arms.includes(arm));

/**
 * Bitrate per experiment, best-so-far per arm (the shared baseline starts both), and the target
 * bitrate where the objective has one. A sampled campaign's probes are their own series, hollow.
 */
export function trendChartData(trend: Trend): ChartData {
  const points = trend.points;
  const arms = armsIn(points.map((p) => p.arm));
  const inArm = (arm: Arm, p: Trend['points'][number]) => p.arm === arm || p.origin === 'baseline';
  const series: SeriesSpec[] = [];
  const data: (number | null)[][] = [];
  for (const arm of arms) {
    series.push({ label: `${arm} bitrate`, color: COLORS[arm], kind: 'line' });
    data.push(points.map((p) => (inArm(arm, p) && !p.probe && p.bitrateBps != null ? p.bitrateBps / 1e6 : null)));
    series.push({ label: `${arm} best so far`, color: COLORS[arm], kind: 'step' });
    data.push(points.map((p) => (inArm(arm, p) && p.bestBitrateBps != null ? p.bestBitrateBps / 1e6 : null)));
  }
  if (points.some((p) => p.probe)) {
    series.push({ label: PROBE_SERIES.trend, color: COLORS.probe, kind: 'estimate' });
    data.push(points.map((p) => (p.probe && p.bitrateBps != null ? p.bitrateBps / 1e6 : null)));
  }
  // A quality target has no bitrate to draw.
  const target = trend.targetBitrateBps;
  if (target !== null) {
    series.push({ label: 'target', color: COLORS.target, kind: 'dash' });
    data.push(points.map(() => target / 1e6));
  }
  return { series, data: [points.map((p) => p.seq), ...data] as uPlot.AlignedData };
}

/**
 * Quality against bitrate, one point series per arm of full encodes, a sampled campaign's probes as
 * their own hollow series (estimates, never measured full encodes), and the Pareto front as a line.
 */
export function scatterChartData(pareto: Pareto | undefined, trend: Trend): ChartData {
  const points = pareto
    ? pareto.points.map((p) => ({ seq: p.seq, arm: p.arm, probe: p.probe, bitrate: p.bitrateBps, quality: p.quality }))
    : trend.points.filter((p) => p.bitrateBps != null && p.psnr != null).map((p) => ({ seq: p.seq, arm: p.arm, probe: p.probe, bitrate: p.bitrateBps!, quality: p.psnr! }));
  points.sort((a, b) => a.bitrate - b.bitrate || a.seq - b.seq);
  const arms = armsIn(points.filter((p) => !p.probe).map((p) => p.arm));
  const series: SeriesSpec[] = arms.map((arm) => ({ label: arm, color: COLORS[arm], kind: 'points' }));
  const data: (number | null)[][] = arms.map((arm) => points.map((p) => (p.arm === arm && !p.probe ? p.quality : null)));
  if (points.some((p) => p.probe)) {
    series.push({ label: PROBE_SERIES.scatter, color: COLORS.probe, kind: 'estimate' });
    data.push(points.map((p) => (p.probe ? p.quality : null)));
  }
  if (pareto) {
    const front = new Set(pareto.front);
    series.push({ label: 'Pareto front', color: COLORS.front, kind: 'front' });
    data.push(points.map((p) => (front.has(p.seq) ? p.quality : null)));
  }
  return { series, data: [points.map((p) => p.bitrate / 1e6), ...data] as uPlot.AlignedData };
}
