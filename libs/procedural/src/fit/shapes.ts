import type { Frame } from '../frame.ts';
import type { Region } from './detect.ts';
import { median } from './linalg.ts';
import { synthesize, type LayerAt, type Vec3 } from './model.ts';

// A shape's exact edges, at full size. Around a detected region every sample of one plane (luma,
// or a chroma plane when the shape differs from what is under it only in colour) is classified:
// in (closer to the shape's colour), out (closer to the smooth model beneath), or unknown (neither:
// another shape, text). The classes are kept as runs per row, and a candidate rect or ellipse is
// scored by how many classified samples it gets wrong; unknown samples count for nothing, so an
// occluded or clipped shape is fitted from what can be seen of it. Edges are hard, so the score is
// flat over a small box of positions; the fit is moved to the middle of that box.

export type ShapeKind = 'rect' | 'ellipse';
export interface ShapeGeom {
  cx: number;
  cy: number;
  w: number;
  h: number;
}

/** One frame's classified samples around a shape, as runs per row of one plane. */
export interface Observation {
  /** Luma (1) or chroma (2) samples: sample i of the plane is centred at r·i + r/2 luma pixels. */
  readonly r: 1 | 2;
  readonly row0: number;
  readonly rows: number;
  readonly col0: number;
  readonly cols: number;
  /** The plane's size: coverage beyond it costs nothing (a shape may leave the frame). */
  readonly planeCols: number;
  readonly planeRows: number;
  /** Runs of row `q` are runStart[q] .. runStart[q + 1] - 1: first and last sample, +1 in or -1 out. */
  readonly runStart: Int32Array;
  readonly runA: Int32Array;
  readonly runB: Int32Array;
  readonly runC: Int8Array;
  readonly inCount: number;
}

export interface ShapeFit extends ShapeGeom {
  readonly shape: ShapeKind;
  readonly color: Vec3;
  /** Misclassified samples of the fit, and the samples it covers. */
  readonly error: number;
  readonly area: number;
  readonly obs: Observation;
}

/** Measures a region of one frame against the smooth layers beneath; null when nothing there is a clean rect or ellipse. */
export function measureShape(frame: Frame, region: Region, below: readonly LayerAt[], margin: number): ShapeFit | null {
  const { width, height } = frame;
  const bg = (k: number, xs: Float64Array, ys: Float64Array) => synthesize(below, k, xs, ys, width, height, new Float64Array(xs.length * ys.length));
  // The plane with the most contrast, luma unless the shape is all but invisible there.
  const win = (r: 1 | 2) => {
    const c0 = Math.max(0, Math.floor((region.x0 - margin) / r));
    const c1 = Math.min(width / r - 1, Math.ceil((region.x1 + margin) / r));
    const q0 = Math.max(0, Math.floor((region.y0 - margin) / r));
    const q1 = Math.min(height / r - 1, Math.ceil((region.y1 + margin) / r));
    const xs = Float64Array.from({ length: c1 - c0 + 1 }, (_, i) => r * (c0 + i) + r / 2);
    const ys = Float64Array.from({ length: q1 - q0 + 1 }, (_, i) => r * (q0 + i) + r / 2);
    return { c0, q0, xs, ys };
  };
  const lw = win(1);
  const contrast = [0, 1, 2].map((k) => {
    const w = k === 0 ? lw : win(2);
    return Math.abs(region.color[k]! - median(bg(k, w.xs, w.ys)));
  });
  const k = contrast[0]! >= 6 || contrast[0]! >= Math.max(contrast[1]!, contrast[2]!) ? 0 : contrast[1]! >= contrast[2]! ? 1 : 2;
  const r = k === 0 ? 1 : 2;
  const w = r === 1 ? lw : win(2);
  const model = bg(k, w.xs, w.ys);
  const plane = k === 0 ? frame.y : k === 1 ? frame.u : frame.v;
  const pw = width / r;
  const obs = observe(plane, pw, height / r, w.c0, w.q0, w.xs.length, w.ys.length, model, region.color[k]!, r);
  if (obs.inCount < 4) return null;
  const fits = (['rect', 'ellipse'] as const).map((shape) => fitGeometry(shape, obs));
  const best = fits[0]!.error <= fits[1]!.error * (region.fill > 0.9 ? 1.05 : 0.95) ? fits[0]! : fits[1]!;
  return { ...best, color: shapeColor(frame, best), obs };
}

function observe(plane: Uint8Array, pw: number, ph: number, c0: number, q0: number, cols: number, rows: number, model: Float64Array, color: number, r: 1 | 2): Observation {
  const runStart = new Int32Array(rows + 1);
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  let inCount = 0;
  for (let q = 0; q < rows; q++) {
    runStart[q] = a.length;
    let cls = 0;
    for (let i = 0; i < cols; i++) {
      const v = plane[(q0 + q) * pw + c0 + i]!;
      const under = model[q * cols + i]!;
      const contrast = Math.abs(color - under);
      const dIn = Math.abs(v - color);
      const dOut = Math.abs(v - under);
      const next = contrast < 3 || (dIn > 0.35 * contrast && dOut > 0.35 * contrast) ? 0 : dIn < dOut ? 1 : -1;
      if (next === 1) inCount++;
      if (next !== 0 && next === cls && b.at(-1) === c0 + i - 1) b[b.length - 1] = c0 + i;
      else if (next !== 0) {
        a.push(c0 + i);
        b.push(c0 + i);
        c.push(next);
      }
      cls = next;
    }
  }
  runStart[rows] = a.length;
  return { r, row0: q0, rows, col0: c0, cols, planeCols: pw, planeRows: ph, runStart, runA: Int32Array.from(a), runB: Int32Array.from(b), runC: Int8Array.from(c), inCount };
}

/** The first and last sample of plane row `q` a shape covers (last < first: none). */
export function spanOf(shape: ShapeKind, g: ShapeGeom, r: number, q: number): [number, number] {
  const y = r * q + r / 2;
  const hh = g.h / 2;
  const dy = y - g.cy;
  if (!(g.w > 0 && hh > 0) || Math.abs(dy) > hh) return [1, 0];
  const hw = shape === 'rect' ? g.w / 2 : (g.w / 2) * Math.sqrt(Math.max(0, 1 - (dy / hh) ** 2));
  return [Math.ceil((g.cx - hw - r / 2) / r), Math.floor((g.cx + hw - r / 2) / r)];
}

/** Misclassified samples of a candidate: out samples it covers, in samples it leaves, anything it covers outside the window. */
export function mismatch(shape: ShapeKind, g: ShapeGeom, obs: Observation): number {
  let err = 0;
  const { r } = obs;
  const qa = Math.floor((g.cy - g.h / 2) / r) - 1;
  const qb = Math.ceil((g.cy + g.h / 2) / r) + 1;
  for (let q = Math.min(qa, obs.row0); q <= Math.max(qb, obs.row0 + obs.rows - 1); q++) {
    const [s, e] = spanOf(shape, g, r, q);
    const local = q - obs.row0;
    const [cs, ce] = [Math.max(0, s), Math.min(obs.planeCols - 1, e)];
    if (local < 0 || local >= obs.rows) {
      if (q >= 0 && q < obs.planeRows && ce >= cs) err += ce - cs + 1;
      continue;
    }
    // Coverage beyond the window's columns is taken as wrong: the window holds the region with a margin.
    if (ce >= cs) err += Math.max(0, Math.min(ce, obs.col0 - 1) - cs + 1) + Math.max(0, ce - Math.max(cs, obs.col0 + obs.cols) + 1);
    for (let t = obs.runStart[local]!; t < obs.runStart[local + 1]!; t++) {
      const a = obs.runA[t]!;
      const b = obs.runB[t]!;
      const overlap = e >= s ? Math.max(0, Math.min(b, e) - Math.max(a, s) + 1) : 0;
      err += obs.runC[t]! > 0 ? b - a + 1 - overlap : overlap;
    }
  }
  return err;
}

/** Pattern search from the covered box, then each number moved to the middle of the stretch where the score stays at its least. */
export function fitGeometry(shape: ShapeKind, obs: Observation, start?: ShapeGeom): ShapeGeom & { shape: ShapeKind; error: number; area: number } {
  const { r } = obs;
  let g = start ?? coveredBox(obs);
  let e = mismatch(shape, g, obs);
  const keys = ['cx', 'cy', 'w', 'h'] as const;
  for (let step = start ? r / 2 : 2 * r; step >= 1 / 16; ) {
    let moved = false;
    for (const key of keys) {
      for (const sign of [1, -1]) {
        const trial = { ...g, [key]: g[key] + sign * step };
        const et = mismatch(shape, trial, obs);
        if (et < e) [g, e, moved] = [trial, et, true];
      }
    }
    if (!moved) step /= 2;
  }
  for (let pass = 0; pass < 2; pass++) {
    for (const key of keys) {
      const reach = (sign: number) => {
        let d = 0;
        while (d < 2 * r && mismatch(shape, { ...g, [key]: g[key] + sign * (d + 1 / 16) }, obs) <= e) d += 1 / 16;
        return d;
      };
      const up = reach(1);
      const down = reach(-1);
      g = { ...g, [key]: g[key] + (up - down) / 2 };
    }
  }
  const area = shape === 'rect' ? g.w * g.h : (Math.PI / 4) * g.w * g.h;
  return { shape, ...g, error: mismatch(shape, g, obs), area };
}

function coveredBox(obs: Observation): ShapeGeom {
  let [a, b, q0, q1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let q = 0; q < obs.rows; q++) {
    for (let t = obs.runStart[q]!; t < obs.runStart[q + 1]!; t++) {
      if (obs.runC[t]! < 0) continue;
      [a, b, q0, q1] = [Math.min(a, obs.runA[t]!), Math.max(b, obs.runB[t]!), Math.min(q0, q), Math.max(q1, q)];
    }
  }
  const { r } = obs;
  const [x0, x1, y0, y1] = [r * a, r * (b + 1), r * (obs.row0 + q0), r * (obs.row0 + q1 + 1)];
  return { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, w: x1 - x0, h: y1 - y0 };
}

/** The median of each plane's samples well inside the shape (all covered ones when it is too small for an inside). */
function shapeColor(frame: Frame, g: ShapeGeom & { shape: ShapeKind }): Vec3 {
  const planes = [frame.y, frame.u, frame.v];
  return [0, 1, 2].map((k) => {
    const r = k === 0 ? 1 : 2;
    const pick = (shrink: number) => {
      const inner = { ...g, w: g.w - shrink, h: g.h - shrink };
      const values: number[] = [];
      const pw = frame.width / r;
      const ph = frame.height / r;
      const q0 = Math.max(0, Math.floor((g.cy - g.h / 2) / r));
      const q1 = Math.min(ph - 1, Math.ceil((g.cy + g.h / 2) / r));
      for (let q = q0; q <= q1; q++) {
        const [s, e] = spanOf(g.shape, inner, r, q);
        for (let i = Math.max(0, s); i <= Math.min(pw - 1, e); i++) values.push(planes[k]![q * pw + i]!);
      }
      return values;
    };
    const inner = pick(2 * r + 1);
    return median(inner.length >= 3 ? inner : pick(0));
  }) as Vec3;
}
