import type { Color, Layer, Scene, Track } from '../scene.schema.ts';
import { trackAt } from '../tracks.ts';

// A fitted layer in words, for the result's report and the dashboard: what it is, where it sits in
// the middle frame, and how much of it moves (its keyframes).

const keys = (tracks: readonly Track[]) => tracks.reduce<number>((n, t) => n + (typeof t === 'number' ? 0 : t.length), 0);
const colors = (cs: readonly Color[]) => cs.flatMap((c) => [...c]);
const px = (v: number) => `${Math.round(v)}`;
const ycc = (c: Color, f: number) => c.map((t) => Math.round(trackAt(t, f))).join('/');

function motion(geometry: readonly Track[], color: readonly Track[]): string {
  const moving = keys(geometry);
  const fading = keys(color);
  const parts = [moving ? `${moving} position keyframes` : 'still', fading ? `${fading} colour keyframes` : 'steady colour'];
  return parts.join(', ');
}

export function describeLayer(layer: Layer, scene: Pick<Scene, 'frames'>): string {
  const f = Math.floor((scene.frames - 1) / 2);
  const at = (t: Track) => trackAt(t, f);
  switch (layer.kind) {
    case 'fill':
      return `fill Y/Cb/Cr ${ycc(layer.color, f)} (${motion([], [...layer.color])})`;
    case 'linear':
      return `linear gradient (${px(at(layer.x0))},${px(at(layer.y0))})→(${px(at(layer.x1))},${px(at(layer.y1))}), ${ycc(layer.from, f)} to ${ycc(layer.to, f)} (${motion([layer.x0, layer.y0, layer.x1, layer.y1], colors([layer.from, layer.to]))})`;
    case 'radial':
      return `radial gradient at (${px(at(layer.cx))},${px(at(layer.cy))}) radius ${px(at(layer.r))}, ${ycc(layer.from, f)} to ${ycc(layer.to, f)} (${motion([layer.cx, layer.cy, layer.r], colors([layer.from, layer.to]))})`;
    case 'sinusoids':
      return `${layer.terms.length} sinusoid${layer.terms.length === 1 ? '' : 's'} (${motion(layer.terms.flatMap((t) => [t.fx, t.fy, t.phase]), colors(layer.terms.map((t) => t.amplitude)))})`;
    case 'shape':
      return `${layer.shape} ${px(at(layer.w))}x${px(at(layer.h))} at (${px(at(layer.cx))},${px(at(layer.cy))}), ${ycc(layer.color, f)} (${motion([layer.cx, layer.cy, layer.w, layer.h], [...layer.color])})`;
    case 'noise':
      return `noise, cells of ${px(layer.cell)} px`;
    case 'text':
      return `text "${layer.text}" at (${px(at(layer.x))},${px(at(layer.y))}) size ${at(layer.size).toFixed(1)}, ${ycc(layer.color, f)} (${motion([layer.x, layer.y, layer.size], [...layer.color])})`;
    case 'fractal':
      return `fractal zoom at (${layer.cx}, ${layer.cy})`;
  }
}
