import type { Layer, Track } from '../scene.schema.ts';
import { trackAt } from '../tracks.ts';

// A layer's numbers at one frame, and what it draws at given sample positions. The fitter
// synthesises candidates with this on its analysis grid and in small full-size windows (the
// renderer itself draws whole frames, which is what the final measurement uses); it follows the
// renderer's rules: pixel centres, chroma at the centre of its 2x2 block, replace or add.

export type Vec3 = [number, number, number];
export interface TermAt {
  fx: number;
  fy: number;
  phase: number;
  amp: Vec3;
}
export type LayerAt =
  | { kind: 'fill'; color: Vec3 }
  | { kind: 'linear'; x0: number; y0: number; x1: number; y1: number; from: Vec3; to: Vec3 }
  | { kind: 'radial'; cx: number; cy: number; r: number; from: Vec3; to: Vec3 }
  | { kind: 'sinusoids'; terms: TermAt[] }
  | { kind: 'shape'; shape: 'rect' | 'ellipse'; cx: number; cy: number; w: number; h: number; color: Vec3 };

/** How much each plane counts, as in a PSNR over all samples of a 4:2:0 frame: luma has four times the samples. */
export const PLANE_WEIGHT = [4 / 6, 1 / 6, 1 / 6] as const;

export const trackValue = (t: Track, frame: number): number => trackAt(t, frame);
const color = (c: readonly [Track, Track, Track], f: number): Vec3 => [trackValue(c[0], f), trackValue(c[1], f), trackValue(c[2], f)];

/** The layers this fitter writes, at one frame (other kinds are skipped: it never writes them). */
export function layersAt(layers: readonly Layer[], f: number): LayerAt[] {
  const out: LayerAt[] = [];
  for (const l of layers) {
    const v = (t: Track) => trackValue(t, f);
    if (l.kind === 'fill') out.push({ kind: 'fill', color: color(l.color, f) });
    else if (l.kind === 'linear') out.push({ kind: 'linear', x0: v(l.x0), y0: v(l.y0), x1: v(l.x1), y1: v(l.y1), from: color(l.from, f), to: color(l.to, f) });
    else if (l.kind === 'radial') out.push({ kind: 'radial', cx: v(l.cx), cy: v(l.cy), r: v(l.r), from: color(l.from, f), to: color(l.to, f) });
    else if (l.kind === 'sinusoids') out.push({ kind: 'sinusoids', terms: l.terms.map((t) => ({ fx: v(t.fx), fy: v(t.fy), phase: v(t.phase), amp: color(t.amplitude, f) })) });
    else if (l.kind === 'shape') out.push({ kind: 'shape', shape: l.shape, cx: v(l.cx), cy: v(l.cy), w: v(l.w), h: v(l.h), color: color(l.color, f) });
  }
  return out;
}

/** Whether a point is inside a shape (a pixel is in when its centre is). */
export function inside(s: Extract<LayerAt, { kind: 'shape' }>, x: number, y: number): boolean {
  if (s.shape === 'rect') return Math.abs(x - s.cx) <= s.w / 2 && Math.abs(y - s.cy) <= s.h / 2;
  const dx = (x - s.cx) / (s.w / 2);
  const dy = (y - s.cy) / (s.h / 2);
  return s.w > 0 && s.h > 0 && dx * dx + dy * dy <= 1;
}

/**
 * Draws `layers` for plane k (0: Y, 1: Cb, 2: Cr) at the product of sample positions xs × ys
 * (luma pixels, row-major, x fastest) of a width x height scene into `out`, before rounding.
 */
export function synthesize(layers: readonly LayerAt[], k: number, xs: Float64Array, ys: Float64Array, width: number, height: number, out: Float64Array): Float64Array {
  const nx = xs.length;
  const ny = ys.length;
  out.fill(0);
  for (const l of layers) {
    if (l.kind === 'fill') out.fill(l.color[k]!);
    else if (l.kind === 'linear') {
      const dx = l.x1 - l.x0;
      const dy = l.y1 - l.y0;
      const len2 = dx * dx + dy * dy;
      const a = l.from[k]!;
      const d = l.to[k]! - a;
      for (let j = 0; j < ny; j++) {
        const ty = (ys[j]! - l.y0) * dy;
        for (let i = 0; i < nx; i++) {
          const t = len2 > 0 ? Math.min(1, Math.max(0, ((xs[i]! - l.x0) * dx + ty) / len2)) : 1;
          out[j * nx + i] = a + t * d;
        }
      }
    } else if (l.kind === 'radial') {
      const a = l.from[k]!;
      const d = l.to[k]! - a;
      for (let j = 0; j < ny; j++) {
        const ey = ys[j]! - l.cy;
        for (let i = 0; i < nx; i++) {
          const ex = xs[i]! - l.cx;
          const t = l.r > 0 ? Math.min(1, Math.sqrt(ex * ex + ey * ey) / l.r) : 1;
          out[j * nx + i] = a + t * d;
        }
      }
    } else if (l.kind === 'sinusoids') {
      for (const term of l.terms) addTerm(term, term.amp[k]!, xs, ys, width, height, out);
    } else {
      for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) if (inside(l, xs[i]!, ys[j]!)) out[j * nx + i] = l.color[k]!;
    }
  }
  return out;
}

/** Separable tables of one sinusoid on a product grid: sin(a + b) = sin a cos b + cos a sin b. */
export function termTables(term: Pick<TermAt, 'fx' | 'fy' | 'phase'>, xs: Float64Array, ys: Float64Array, width: number, height: number) {
  const sx = new Float64Array(xs.length);
  const cx = new Float64Array(xs.length);
  const sy = new Float64Array(ys.length);
  const cy = new Float64Array(ys.length);
  for (let i = 0; i < xs.length; i++) {
    const a = 2 * Math.PI * ((term.fx * xs[i]!) / width + term.phase);
    sx[i] = Math.sin(a);
    cx[i] = Math.cos(a);
  }
  for (let j = 0; j < ys.length; j++) {
    const b = (2 * Math.PI * term.fy * ys[j]!) / height;
    sy[j] = Math.sin(b);
    cy[j] = Math.cos(b);
  }
  return { sx, cx, sy, cy };
}

function addTerm(term: TermAt, amp: number, xs: Float64Array, ys: Float64Array, width: number, height: number, out: Float64Array): void {
  if (amp === 0) return;
  const { sx, cx, sy, cy } = termTables(term, xs, ys, width, height);
  const nx = xs.length;
  for (let j = 0; j < ys.length; j++) {
    const a = amp * cy[j]!;
    const b = amp * sy[j]!;
    for (let i = 0; i < nx; i++) out[j * nx + i]! += a * sx[i]! + b * cx[i]!;
  }
}

/** What the renderer stores for a value: rounded and clamped to 8 bits. */
export { toCode } from '../math.ts';
