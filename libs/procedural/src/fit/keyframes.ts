import type { Keyframe, Track } from '../scene.schema.ts';

// A parameter measured frame by frame becomes a Track with as few keyframes as the tolerance
// allows. The renderer moves linearly between keyframes, so the track is a continuous piecewise
// linear function of the frame index: knots are chosen greedily (the longest stretch a straight
// line stays within tolerance of), their values fitted by least squares over all frames, and then
// each knot is moved a frame or two where that fits better, so a change of motion lands on the
// frame where it happens, and knots that have become unnecessary are dropped.

export interface SimplifyOptions {
  /** The largest deviation allowed from a frame's measured value (a number, or one per frame). */
  readonly tolerance: number | ArrayLike<number>;
  /** How much each frame counts (0: not observed); 1 for all when omitted. */
  readonly weights?: ArrayLike<number>;
}

export function simplifyTrack(values: ArrayLike<number>, options: SimplifyOptions): Track {
  const knots = fitKnots(values, options);
  if (knots.length === 1) return knots[0]![1];
  return knots;
}

/** The keyframes of a piecewise linear fit (a single one, at frame 0, when a constant does). */
export function fitKnots(values: ArrayLike<number>, options: SimplifyOptions): Keyframe[] {
  const n = values.length;
  const tol = (f: number) => (typeof options.tolerance === 'number' ? options.tolerance : options.tolerance[f]!);
  const w = (f: number) => (options.weights ? options.weights[f]! : 1);
  if (n === 0) return [[0, 0]];
  const constant = fitConstant(values, tol, w);
  if (constant !== null) return [[0, constant]];

  const within = (knots: number[], v: Float64Array) => worst(values, knots, v, tol, w).excess <= 0;
  let knots = greedyKnots(values, tol, w);
  let v = fitValues(values, knots, w);
  // Greedy knots from straight lines fitted piece by piece can still miss once the pieces are joined.
  for (let guard = 0; guard < n; guard++) {
    const bad = worst(values, knots, v, tol, w);
    if (bad.excess <= 0 || knots.includes(bad.frame)) break;
    knots = [...knots, bad.frame].sort((a, b) => a - b);
    v = fitValues(values, knots, w);
  }
  // Move each inner knot to where the fit is best, then drop knots the tolerance does not need.
  let sse = squaredError(values, knots, v, w);
  for (let i = 1; i < knots.length - 1; i++) {
    for (const step of [-2, -1, 1, 2]) {
      const f = knots[i]! + step;
      if (f <= knots[i - 1]! || f >= knots[i + 1]!) continue;
      const trial = knots.slice();
      trial[i] = f;
      const tv = fitValues(values, trial, w);
      const e = squaredError(values, trial, tv, w);
      if (e < sse - 1e-12 && within(trial, tv)) [knots, v, sse] = [trial, tv, e];
    }
  }
  for (let i = knots.length - 2; i >= 1; i--) {
    const trial = knots.filter((_, k) => k !== i);
    const tv = fitValues(values, trial, w);
    if (within(trial, tv)) [knots, v] = [trial, tv];
  }
  return knots.map((f, k) => [f, v[k]!] as Keyframe);
}

function fitConstant(values: ArrayLike<number>, tol: (f: number) => number, w: (f: number) => number): number | null {
  let sum = 0;
  let sw = 0;
  for (let f = 0; f < values.length; f++) {
    sum += w(f) * values[f]!;
    sw += w(f);
  }
  const mean = sw > 0 ? sum / sw : values[0]!;
  for (let f = 0; f < values.length; f++) if (w(f) > 0 && Math.abs(values[f]! - mean) > tol(f)) return null;
  return mean;
}

/** Knots where a least-squares line over the stretch since the last knot stops fitting within tolerance. */
function greedyKnots(values: ArrayLike<number>, tol: (f: number) => number, w: (f: number) => number): number[] {
  const n = values.length;
  const knots = [0];
  let a = 0;
  while (a < n - 1) {
    // Grow the stretch by doubling, then bisect to the longest that fits: lines are checked O(log n) times.
    let good = a + 1;
    let bad = -1;
    for (let step = 1; good < n - 1; step *= 2) {
      const c = Math.min(n - 1, good + step);
      if (!lineFits(values, a, c, tol, w)) {
        bad = c;
        break;
      }
      good = c;
    }
    while (bad - good > 1) {
      const mid = (good + bad) >> 1;
      if (lineFits(values, a, mid, tol, w)) good = mid;
      else bad = mid;
    }
    knots.push(good);
    a = good;
  }
  return knots;
}

function lineFits(values: ArrayLike<number>, a: number, b: number, tol: (f: number) => number, w: (f: number) => number): boolean {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let sy = 0;
  let sxy = 0;
  for (let f = a; f <= b; f++) {
    const wf = w(f);
    const x = f - a;
    s0 += wf;
    s1 += wf * x;
    s2 += wf * x * x;
    sy += wf * values[f]!;
    sxy += wf * x * values[f]!;
  }
  const det = s0 * s2 - s1 * s1;
  if (s0 === 0) return true;
  const slope = Math.abs(det) < 1e-12 ? 0 : (s0 * sxy - s1 * sy) / det;
  const icept = (sy - slope * s1) / s0;
  for (let f = a; f <= b; f++) if (w(f) > 0 && Math.abs(icept + slope * (f - a) - values[f]!) > tol(f)) return false;
  return true;
}

/** Knot values of the continuous piecewise linear least-squares fit (a tridiagonal system). */
function fitValues(values: ArrayLike<number>, knots: readonly number[], w: (f: number) => number): Float64Array {
  const k = knots.length;
  const diag = new Float64Array(k);
  const off = new Float64Array(k);
  const rhs = new Float64Array(k);
  for (let i = 0; i + 1 < k; i++) {
    const a = knots[i]!;
    const b = knots[i + 1]!;
    for (let f = a; f <= b; f++) {
      if (f === b && i + 2 < k) continue; // a shared knot's frame counts once, in the next piece
      const t = (f - a) / (b - a);
      const wf = w(f);
      diag[i]! += wf * (1 - t) * (1 - t);
      diag[i + 1]! += wf * t * t;
      off[i]! += wf * t * (1 - t);
      rhs[i]! += wf * (1 - t) * values[f]!;
      rhs[i + 1]! += wf * t * values[f]!;
    }
  }
  // A knot no observed frame touches takes its neighbours' level; the ridge only keeps it finite.
  for (let i = 0; i < k; i++) diag[i]! += 1e-9;
  const c = new Float64Array(k);
  const d = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const m = diag[i]! - (i > 0 ? off[i - 1]! * c[i - 1]! : 0);
    c[i] = off[i]! / m;
    d[i] = (rhs[i]! - (i > 0 ? off[i - 1]! * d[i - 1]! : 0)) / m;
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) x[i] = d[i]! - (i + 1 < k ? c[i]! * x[i + 1]! : 0);
  return x;
}

function* pieces(knots: readonly number[], v: Float64Array) {
  for (let i = 0; i + 1 < knots.length; i++) {
    const a = knots[i]!;
    const b = knots[i + 1]!;
    for (let f = i === 0 ? a : a + 1; f <= b; f++) yield [f, v[i]! + ((v[i + 1]! - v[i]!) * (f - a)) / (b - a)] as const;
  }
}

function worst(values: ArrayLike<number>, knots: readonly number[], v: Float64Array, tol: (f: number) => number, w: (f: number) => number) {
  let excess = -Infinity;
  let frame = 0;
  for (const [f, y] of pieces(knots, v)) {
    if (w(f) <= 0) continue;
    const e = Math.abs(y - values[f]!) - tol(f);
    if (e > excess) [excess, frame] = [e, f];
  }
  return { excess, frame };
}

function squaredError(values: ArrayLike<number>, knots: readonly number[], v: Float64Array, w: (f: number) => number): number {
  let s = 0;
  for (const [f, y] of pieces(knots, v)) s += w(f) * (y - values[f]!) ** 2;
  return s;
}

/** The value of a list of keyframes at a frame, as the renderer moves between them. */
export function knotsAt(knots: readonly Keyframe[], frame: number): number {
  if (frame <= knots[0]![0]) return knots[0]![1];
  for (let i = 1; i < knots.length; i++) {
    const [b, vb] = knots[i]!;
    if (frame <= b) {
      const [a, va] = knots[i - 1]!;
      return va + ((vb - va) * (frame - a)) / (b - a);
    }
  }
  return knots.at(-1)![1];
}
