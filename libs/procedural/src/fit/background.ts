import type { Grid, PlaneGrid, Samples } from './grid.ts';
import { axisRange, searchAxis, searchCentre, searchLinear } from './geometry.ts';
import { NormalEquations, principalAngle } from './linalg.ts';
import { PLANE_WEIGHT, termTables, type LayerAt, type TermAt, type Vec3 } from './model.ts';

export { PLANE_WEIGHT };

// One frame's smooth model on the analysis grid: a background (fill, linear or radial gradient)
// plus sinusoid terms of given frequencies, fitted per plane by least squares over the samples the
// mask keeps. Everything but a gradient's axis or a radial centre is linear in its coefficients;
// those few nonlinear numbers are searched (variable projection: for each candidate the linear
// part is solved exactly).

/** A linear gradient's geometry: its axis angle, and the axis coordinates u0 (t = 0) and u1 (t = 1). */
export interface Axis {
  readonly theta: number;
  readonly u0: number;
  readonly u1: number;
}
export interface Ends {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** The background to fit: its kind and, where the kind has one, its geometry (fixed, or the search's start). */
export type BgSpec =
  | { kind: 'fill' }
  | { kind: 'linear'; axis: Axis | null; fixed?: Ends }
  | { kind: 'radial'; cx: number; cy: number; r: number; search: boolean };

export interface FrameModel {
  readonly bg: LayerAt;
  readonly terms: TermAt[];
  /** Model value per plane and sample, before rounding. */
  readonly model: Samples;
  /** Weighted (4:1:1) squared error per sample over the kept samples. */
  readonly mse: number;
}


/** Endpoints of an axis on the line through the frame's centre. */
export function endsOf(axis: Axis, width: number, height: number): Ends {
  const [c, s] = [Math.cos(axis.theta), Math.sin(axis.theta)];
  const [mx, my] = [width / 2, height / 2];
  const uc = c * mx + s * my;
  return { x0: mx + (axis.u0 - uc) * c, y0: my + (axis.u0 - uc) * s, x1: mx + (axis.u1 - uc) * c, y1: my + (axis.u1 - uc) * s };
}

/** The axis of a gradient's endpoints. */
export function axisOf(e: Ends): Axis {
  const theta = Math.atan2(e.y1 - e.y0, e.x1 - e.x0);
  const [c, s] = [Math.cos(theta), Math.sin(theta)];
  return { theta, u0: c * e.x0 + s * e.y0, u1: c * e.x1 + s * e.y1 };
}

/** Basis columns of the background over one plane's grid. */
function bgColumns(spec: BgSpec, g: PlaneGrid, grid: Grid): Float64Array[] {
  const { nx, ny } = grid;
  const n = nx * ny;
  const ones = new Float64Array(n).fill(1);
  if (spec.kind === 'fill') return [ones];
  const t = new Float64Array(n);
  if (spec.kind === 'radial') {
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) t[j * nx + i] = Math.min(1, Math.hypot(g.xs[i]! - spec.cx, g.ys[j]! - spec.cy) / spec.r);
    return [ones, t];
  }
  const ends = spec.fixed ?? (spec.axis ? endsOf(spec.axis, grid.width, grid.height) : null);
  if (!ends) {
    const x = new Float64Array(n);
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) [x[j * nx + i], t[j * nx + i]] = [g.xs[i]!, g.ys[j]!];
    return [ones, x, t];
  }
  const { x0, y0, x1, y1 } = ends;
  const [dx, dy] = [x1 - x0, y1 - y0];
  const len2 = dx * dx + dy * dy;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) t[j * nx + i] = len2 > 0 ? Math.min(1, Math.max(0, ((g.xs[i]! - x0) * dx + (g.ys[j]! - y0) * dy) / len2)) : 1;
  }
  return [ones, t];
}

/** Two columns (sin, cos of 2π(fx x/W + fy y/H)) per term: the phase comes out of their coefficients. */
function termColumns(terms: readonly Pick<TermAt, 'fx' | 'fy'>[], g: PlaneGrid, grid: Grid): Float64Array[] {
  const cols: Float64Array[] = [];
  const { nx, ny } = grid;
  for (const t of terms) {
    const { sx, cx, sy, cy } = termTables({ ...t, phase: 0 }, g.xs, g.ys, grid.width, grid.height);
    const s = new Float64Array(nx * ny);
    const c = new Float64Array(nx * ny);
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        s[j * nx + i] = sx[i]! * cy[j]! + cx[i]! * sy[j]!;
        c[j * nx + i] = cx[i]! * cy[j]! - sx[i]! * sy[j]!;
      }
    }
    cols.push(s, c);
  }
  return cols;
}

function lsq(cols: readonly Float64Array[], y: Float64Array, mask: Uint8Array): Float64Array {
  const ne = new NormalEquations(cols.length);
  const row = new Float64Array(cols.length);
  for (let s = 0; s < y.length; s++) {
    if (!mask[s]) continue;
    for (let c = 0; c < cols.length; c++) row[c] = cols[c]![s]!;
    ne.add(row, y[s]!);
  }
  return ne.solve();
}

/**
 * Fits the background and terms (frequencies given, phases and amplitudes free) to one frame's
 * samples, keeping only samples the mask marks; nonlinear geometry is searched when not fixed.
 */
export function fitFrame(samples: Samples, grid: Grid, spec: BgSpec, freqs: readonly Pick<TermAt, 'fx' | 'fy'>[], mask: Uint8Array): FrameModel {
  let current = spec;
  if (current.kind === 'radial' && current.search && !Number.isFinite(current.cx)) current = { ...current, ...searchCentre(samples, grid, mask, current) };
  let result = solveLinear(samples, grid, current, freqs, mask);
  for (let round = 0; round < 2 && current.kind !== 'fill'; round++) {
    // The terms' share is fixed while the geometry moves; then everything is solved again.
    const target = samples.map((s, k) => s.map((v, i) => v - (result.model[k]![i]! - result.bgModel[k]![i]!))) as unknown as Samples;
    if (current.kind === 'linear' && !current.fixed) {
      let start = current.axis;
      if (!start) {
        const theta = searchAxis(target, grid, mask, result.theta);
        const [u0, u1] = axisRange(theta, grid.width, grid.height);
        start = { theta, u0, u1 };
      }
      current = { kind: 'linear', axis: searchLinear(target, grid, mask, start, !current.axis) };
    } else if (current.kind === 'radial' && current.search) current = { ...current, ...searchCentre(target, grid, mask, current) };
    else break;
    result = solveLinear(samples, grid, current, freqs, mask);
  }
  return { bg: result.bg, terms: result.terms, model: result.model, mse: weightedMse(samples, result.model, mask) };
}

function solveLinear(samples: Samples, grid: Grid, spec: BgSpec, freqs: readonly Pick<TermAt, 'fx' | 'fy'>[], mask: Uint8Array) {
  const n = grid.nx * grid.ny;
  const coefs: Float64Array[] = [];
  const model: Float64Array[] = [];
  const bgModel: Float64Array[] = [];
  let cols: Float64Array[] = [];
  let nb = 0;
  for (let k = 0; k < 3; k++) {
    // Both chroma planes share their sample positions, so their columns too.
    if (k < 2) {
      const bgCols = bgColumns(spec, grid.planes[k]!, grid);
      nb = bgCols.length;
      cols = [...bgCols, ...termColumns(freqs, grid.planes[k]!, grid)];
    }
    const c = lsq(cols, samples[k]!, mask);
    const m = new Float64Array(n);
    const b = new Float64Array(n);
    for (let j = 0; j < cols.length; j++) {
      const col = cols[j]!;
      const cj = c[j]!;
      if (cj === 0) continue;
      for (let s = 0; s < n; s++) m[s]! += cj * col[s]!;
      if (j < nb) for (let s = 0; s < n; s++) b[s]! += cj * col[s]!;
    }
    coefs.push(c);
    model.push(m);
    bgModel.push(b);
  }
  const theta = nb === 3 ? principalAngle(coefs.map((c) => [c[1]!, c[2]!] as [number, number]), [...PLANE_WEIGHT]) : 0;
  return { bg: toLayer(spec, coefs, nb, grid, theta), terms: toTerms(freqs, coefs, nb), model: model as unknown as Samples, bgModel: bgModel as unknown as Samples, theta };
}

function toLayer(spec: BgSpec, coefs: Float64Array[], nb: number, grid: Grid, theta: number): LayerAt {
  const per = (f: (c: Float64Array) => number): Vec3 => [f(coefs[0]!), f(coefs[1]!), f(coefs[2]!)];
  if (spec.kind === 'fill') return { kind: 'fill', color: per((c) => c[0]!) };
  const from = per((c) => c[0]!);
  if (spec.kind === 'radial') return { kind: 'radial', cx: spec.cx, cy: spec.cy, r: spec.r, from, to: per((c) => c[0]! + c[1]!) };
  if (nb === 2) return { kind: 'linear', ...(spec.fixed ?? endsOf(spec.axis!, grid.width, grid.height)), from, to: per((c) => c[0]! + c[1]!) };
  // An affine fit: the gradient along the planes' shared direction, spanning the frame.
  const [umin, umax] = axisRange(theta, grid.width, grid.height);
  const ends = endsOf({ theta, u0: umin, u1: umax }, grid.width, grid.height);
  const value = (c: Float64Array, x: number, y: number) => c[0]! + c[1]! * x + c[2]! * y;
  return { kind: 'linear', ...ends, from: per((c) => value(c, ends.x0, ends.y0)), to: per((c) => value(c, ends.x1, ends.y1)) };
}

/** Terms with one phase shared by the planes: the principal direction of the planes' (sin, cos) coefficients. */
function toTerms(freqs: readonly Pick<TermAt, 'fx' | 'fy'>[], coefs: Float64Array[], nb: number): TermAt[] {
  return freqs.map((f, t) => {
    const ab = coefs.map((c) => [c[nb + 2 * t]!, c[nb + 2 * t + 1]!] as [number, number]);
    let phi = principalAngle(ab, [...PLANE_WEIGHT]);
    let amp = ab.map(([a, b]) => a * Math.cos(phi) + b * Math.sin(phi)) as Vec3;
    // Luma's amplitude is kept positive (the sign flips with half a cycle of phase), so frames agree.
    if (amp[0] < 0 || (amp[0] === 0 && amp[1] + amp[2] < 0)) [phi, amp] = [phi + Math.PI, amp.map((a) => -a) as Vec3];
    return { fx: f.fx, fy: f.fy, phase: phi / (2 * Math.PI), amp };
  });
}

/** Weighted (4:1:1) mean squared error over the samples the mask keeps. */
export function weightedMse(samples: Samples, model: Samples, mask: Uint8Array): number {
  let total = 0;
  let n = 0;
  for (let s = 0; s < mask.length; s++) {
    if (!mask[s]) continue;
    n++;
    for (let k = 0; k < 3; k++) total += PLANE_WEIGHT[k]! * (samples[k]![s]! - model[k]![s]!) ** 2;
  }
  return n > 0 ? total / n : 0;
}

/**
 * Samples the smooth model explains: a sample is an outlier (a shape, text, anything on top) when
 * a plane departs by more than a few robust deviations of that plane's residual, and never less than `floor`.
 */
export function inlierMask(samples: Samples, model: Samples, floor: number): Uint8Array {
  const n = samples[0].length;
  const thr = samples.map((s, k) => {
    // The median absolute residual from a histogram of 1/16 code-value bins: linear time, precise enough for a threshold.
    const bins = new Uint32Array(4096);
    for (let i = 0; i < n; i++) bins[Math.min(4095, Math.floor(Math.abs(s[i]! - model[k]![i]!) * 16))]!++;
    let acc = 0;
    let b = 0;
    while (b < 4095 && acc + bins[b]! < n / 2) acc += bins[b++]!;
    return Math.max(floor, 3.5 * 1.4826 * ((b + 0.5) / 16));
  });
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let ok = 1;
    for (let k = 0; k < 3; k++) if (Math.abs(samples[k]![i]! - model[k]![i]!) > thr[k]!) ok = 0;
    mask[i] = ok;
  }
  return mask;
}
