import type { Grid, Samples } from './grid.ts';
import { goldenMin } from './linalg.ts';
import { PLANE_WEIGHT } from './model.ts';

// The few nonlinear numbers of a background, searched with the linear part solved exactly for each
// candidate: a linear gradient's axis angle and where along it the gradient starts and stops (it is
// clamped beyond its endpoints, which may lie inside the frame), and a radial gradient's centre and
// radius. Each candidate costs one pass over the samples (the axis angle alone: running sums).

/** Per plane, the weighted least-squares error of a + b·t over samples, from the sums a pass gathers. */
function explained(n: number, st: number, stt: number, sv: number, stv: number): number {
  const det = n * stt - st * st;
  const b = det > 1e-9 ? (n * stv - st * sv) / det : 0;
  const a = n > 0 ? (sv - b * st) / n : 0;
  // The error is Σv² minus this; Σv² is the same for every candidate, so only this part is compared.
  return a * sv + b * stv;
}

/** The axis angle minimising the planes' squared error of a + b·u (u the coordinate along the axis), near `start`. */
export function searchAxis(target: Samples, grid: Grid, mask: Uint8Array, start: number): number {
  const sums = target.map((t, k) => {
    const g = grid.planes[k]!;
    const s = new Float64Array(9);
    for (let j = 0; j < grid.ny; j++) {
      for (let i = 0; i < grid.nx; i++) {
        const idx = j * grid.nx + i;
        if (!mask[idx]) continue;
        const [x, y, v] = [g.xs[i]!, g.ys[j]!, t[idx]!];
        s[0]! += 1;
        s[1]! += x;
        s[2]! += y;
        s[3]! += x * x;
        s[4]! += x * y;
        s[5]! += y * y;
        s[6]! += v;
        s[7]! += x * v;
        s[8]! += y * v;
      }
    }
    return s;
  });
  const cost = (theta: number) => {
    const [c, s] = [Math.cos(theta), Math.sin(theta)];
    let total = 0;
    sums.forEach((m, k) => {
      const su = c * m[1]! + s * m[2]!;
      const suu = c * c * m[3]! + 2 * c * s * m[4]! + s * s * m[5]!;
      total -= PLANE_WEIGHT[k]! * explained(m[0]!, su, suu, m[6]!, c * m[7]! + s * m[8]!);
    });
    return total;
  };
  return goldenMin(cost, start - 0.3, start + 0.3, 40);
}

/** The axis coordinate range [umin, umax] the frame's corners span along angle theta. */
export function axisRange(theta: number, width: number, height: number): [number, number] {
  const [c, s] = [Math.cos(theta), Math.sin(theta)];
  const u = [0, width].flatMap((x) => [0, height].map((y) => c * x + s * y));
  return [Math.min(...u), Math.max(...u)];
}

/**
 * The axis angle and where along the axis the gradient runs, [u0, u1] with t = clamp((u - u0) /
 * (u1 - u0)): the renderer clamps beyond the endpoints, which may lie inside the frame. An end
 * beyond the frame's range changes nothing in it, so the result is kept within that range.
 */
export function searchLinear(target: Samples, grid: Grid, mask: Uint8Array, start: { theta: number; u0: number; u1: number }, fresh: boolean): { theta: number; u0: number; u1: number } {
  const diag = Math.hypot(grid.width, grid.height);
  const cost = (sub: number) => (p: readonly number[]) => {
    const [theta, u0, u1] = [p[0]!, p[1]!, p[2]!];
    if (u1 - u0 < 1) return Infinity;
    const [c, s] = [Math.cos(theta), Math.sin(theta)];
    let total = 0;
    for (let k = 0; k < 3; k++) {
      const g = grid.planes[k]!;
      const t = target[k]!;
      let [n, st, stt, sv, stv] = [0, 0, 0, 0, 0];
      for (let j = 0; j < grid.ny; j += sub) {
        const uy = s * g.ys[j]! - u0;
        for (let i = 0; i < grid.nx; i += sub) {
          const idx = j * grid.nx + i;
          if (!mask[idx]) continue;
          const x = Math.min(1, Math.max(0, (c * g.xs[i]! + uy) / (u1 - u0)));
          const v = t[idx]!;
          n++;
          st += x;
          stt += x * x;
          sv += v;
          stv += x * v;
        }
      }
      total -= PLANE_WEIGHT[k]! * explained(n, st, stt, sv, stv);
    }
    return total;
  };
  // The angle moves by the position step over the frame's diagonal: a comparable change at the far corner.
  const scales = [1 / diag, 1, 1];
  const span = start.u1 - start.u0;
  let p = [start.theta, start.u0, start.u1];
  if (fresh) p = patternSearch(cost(3), p, scales, span / 8, Math.max(0.5, grid.step / 2));
  p = patternSearch(cost(1), p, scales, fresh ? Math.max(0.5, grid.step / 2) : 1, 1 / 32);
  const [umin, umax] = axisRange(p[0]!, grid.width, grid.height);
  return { theta: p[0]!, u0: Math.max(umin, Math.min(p[1]!, umax - 1)), u1: Math.min(umax, Math.max(p[2]!, umin + 1)) };
}

/**
 * The radial centre and radius minimising the planes' squared error of a + b·min(d/r, 1): a grid
 * of starts when there is no previous frame's (cx is NaN), then a pattern search whose steps halve
 * down to a small fraction of a pixel, first on every third sample, then on all.
 */
export function searchCentre(target: Samples, grid: Grid, mask: Uint8Array, start: { cx: number; cy: number; r: number }): { cx: number; cy: number; r: number } {
  const diag = Math.hypot(grid.width, grid.height);
  const cost = (sub: number) => ([cx, cy, logR]: readonly number[]) => {
    const r = Math.exp(logR!);
    let total = 0;
    for (let k = 0; k < 3; k++) {
      const g = grid.planes[k]!;
      const t = target[k]!;
      let [n, st, stt, sv, stv] = [0, 0, 0, 0, 0];
      for (let j = 0; j < grid.ny; j += sub) {
        const ey = g.ys[j]! - cy!;
        for (let i = 0; i < grid.nx; i += sub) {
          const idx = j * grid.nx + i;
          if (!mask[idx]) continue;
          const ex = g.xs[i]! - cx!;
          const d = Math.min(1, Math.sqrt(ex * ex + ey * ey) / r);
          const v = t[idx]!;
          n++;
          st += d;
          stt += d * d;
          sv += v;
          stv += d * v;
        }
      }
      total -= PLANE_WEIGHT[k]! * explained(n, st, stt, sv, stv);
    }
    return total;
  };
  let best = [start.cx, start.cy, Math.log(start.r > 0 ? start.r : 1.5 * diag)];
  let step = Math.max(1, grid.width / 64);
  if (!Number.isFinite(start.cx)) {
    const f = cost(3);
    let bestE = Infinity;
    for (let a = 0; a <= 8; a++) {
      for (let b = 0; b <= 8; b++) {
        for (const rr of [0.3, 0.7, 1.5]) {
          const p = [grid.width * (-0.25 + (1.5 * a) / 8), grid.height * (-0.25 + (1.5 * b) / 8), Math.log(rr * diag)];
          const e = f(p);
          if (e < bestE) [bestE, best] = [e, p];
        }
      }
    }
    step = Math.max(1, grid.width / 16);
  }
  // The log radius moves by the position step over the frame's diagonal: a comparable change at the far corner.
  const scales = [1, 1, 1 / diag];
  best = patternSearch(cost(3), best, scales, step, Math.max(0.5, grid.step / 2));
  best = patternSearch(cost(1), best, scales, Math.max(0.5, grid.step / 2), 1 / 32);
  return { cx: best[0]!, cy: best[1]!, r: Math.exp(best[2]!) };
}

/** Coordinate pattern search: each coordinate tries ± step·scale; the step halves when nothing improves. */
export function patternSearch(f: (p: readonly number[]) => number, start: number[], scales: readonly number[], step: number, minStep: number): number[] {
  let p = start.slice();
  let e = f(p);
  for (let guard = 0; step >= minStep && guard < 600; guard++) {
    let moved = false;
    for (let c = 0; c < p.length; c++) {
      for (const sign of [1, -1]) {
        const q = p.slice();
        q[c]! += sign * step * scales[c]!;
        const eq = f(q);
        if (eq < e) {
          [p, e, moved] = [q, eq, true];
          break;
        }
      }
    }
    if (!moved) step /= 2;
  }
  return p;
}
