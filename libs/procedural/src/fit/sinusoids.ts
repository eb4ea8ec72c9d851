import { fitFrame, PLANE_WEIGHT, type BgSpec, type FrameModel } from './background.ts';
import type { Grid, Samples } from './grid.ts';
import { synthesize, type TermAt } from './model.ts';

// Sums of 2-D sinusoids: frequencies from the spectrum of what the background leaves, one term at
// a time (the strongest peak of a windowed, zero-padded FFT of the residual, in any plane), each
// then refined to the maximum of the exact periodogram (the least-squares fit of one sinusoid),
// and all terms refined in turn against what the others leave (so close frequencies separate).
// Amplitudes and phases are linear once frequencies are known: the background fit solves them.

export type Freq = Pick<TermAt, 'fx' | 'fy'>;

export interface TermSearch {
  readonly maxTerms: number;
  /** Least relative drop of the error a new term must bring to be kept. */
  readonly minGain: number;
  /** Least absolute drop (squared code values per sample). */
  readonly minDrop: number;
}

/** Adds terms to a frame's fit while each pays for itself; returns the fit and its frequencies. */
export function findTerms(samples: Samples, grid: Grid, spec: BgSpec, mask: Uint8Array, start: readonly Freq[], search: TermSearch, check: () => void): { fit: FrameModel; freqs: Freq[] } {
  let freqs = start.slice();
  let fit = fitFrame(samples, grid, spec, freqs, mask);
  while (freqs.length < search.maxTerms) {
    check();
    const residual = samples.map((s, k) => s.map((v, i) => (mask[i] ? v - fit.model[k]![i]! : 0))) as unknown as Samples;
    const peak = strongestPeak(residual, grid);
    if (!peak) break;
    let trial = [...freqs, refineFrequency(residual, grid, peak)];
    trial = relax(samples, grid, spec, mask, trial, check);
    const next = fitFrame(samples, grid, spec, trial, mask);
    if (fit.mse - next.mse < Math.max(search.minDrop, search.minGain * fit.mse)) break;
    [freqs, fit] = [trial, next];
  }
  return { fit, freqs };
}

/** Each term's frequency refined against the samples minus the background and the other terms. */
export function relax(samples: Samples, grid: Grid, spec: BgSpec, mask: Uint8Array, freqs: Freq[], check: () => void, passes = 2): Freq[] {
  let current = freqs.slice();
  for (let pass = 0; pass < passes; pass++) {
    for (let t = 0; t < current.length; t++) {
      check();
      const fit = fitFrame(samples, grid, spec, current, mask);
      const own = fit.terms[t]!;
      const target = samples.map((s, k) => {
        const g = grid.planes[k]!;
        const mine = synthesize([{ kind: 'sinusoids', terms: [own] }], k, g.xs, g.ys, grid.width, grid.height, new Float64Array(s.length));
        return s.map((v, i) => (mask[i] ? v - fit.model[k]![i]! + mine[i]! : 0));
      }) as unknown as Samples;
      current = current.map((f, i) => (i === t ? refineFrequency(target, grid, f, 0.25) : f));
    }
  }
  return current;
}

/**
 * The weighted periodogram Σ_k w_k |Σ r_k e^{-iθ}|² / n at one frequency: separable, so a row
 * sum per row and then one sum over rows (O(samples) per frequency).
 */
function periodogram(r: Samples, grid: Grid, f: Freq): number {
  const { nx, ny } = grid;
  let total = 0;
  for (let k = 0; k < 3; k++) {
    const g = grid.planes[k]!;
    const cx = new Float64Array(nx);
    const sx = new Float64Array(nx);
    for (let i = 0; i < nx; i++) {
      const a = (2 * Math.PI * f.fx * g.xs[i]!) / grid.width;
      cx[i] = Math.cos(a);
      sx[i] = Math.sin(a);
    }
    let re = 0;
    let im = 0;
    const plane = r[k]!;
    for (let j = 0; j < ny; j++) {
      let rr = 0;
      let ri = 0;
      for (let i = 0; i < nx; i++) {
        const v = plane[j * nx + i]!;
        rr += v * cx[i]!;
        ri -= v * sx[i]!;
      }
      const b = (2 * Math.PI * f.fy * g.ys[j]!) / grid.height;
      const [cb, sb] = [Math.cos(b), Math.sin(b)];
      re += rr * cb + ri * sb;
      im += ri * cb - rr * sb;
    }
    total += (PLANE_WEIGHT[k]! * (re * re + im * im)) / (nx * ny);
  }
  return total;
}

/** Climbs the periodogram from a start by halving steps, down to a small fraction of a cycle per frame. */
export function refineFrequency(r: Samples, grid: Grid, start: Freq, step = 0.5): Freq {
  let p = { ...start };
  let e = periodogram(r, grid, p);
  for (let guard = 0; step > 1e-5 && guard < 300; guard++) {
    let moved = false;
    for (const [dx, dy] of [[step, 0], [-step, 0], [0, step], [0, -step]] as const) {
      const q = { fx: p.fx + dx, fy: p.fy + dy };
      const eq = periodogram(r, grid, q);
      if (eq > e) {
        [p, e, moved] = [q, eq, true];
        break;
      }
    }
    if (!moved) step /= 2;
  }
  return canonical(p);
}

/** A sinusoid and its mirror (-fx, -fy) are one term: fx is kept positive (fy when fx is zero). */
export const canonical = (f: Freq): Freq => (f.fx < 0 || (f.fx === 0 && f.fy < 0) ? { fx: -f.fx, fy: -f.fy } : f);

/** The strongest spectral peak of any plane (windowed, zero-padded twice), interpolated between bins; null on a flat residual. */
function strongestPeak(r: Samples, grid: Grid): Freq | null {
  const { nx, ny } = grid;
  const px = pow2(2 * nx);
  const py = pow2(2 * ny);
  let best: { f: Freq; q: number } | null = null;
  for (let k = 0; k < 3; k++) {
    const re = new Float64Array(px * py);
    const im = new Float64Array(px * py);
    for (let j = 0; j < ny; j++) {
      const wy = ny > 1 ? 0.5 - 0.5 * Math.cos((2 * Math.PI * (j + 0.5)) / ny) : 1;
      for (let i = 0; i < nx; i++) {
        const wx = nx > 1 ? 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / nx) : 1;
        re[j * px + i] = r[k]![j * nx + i]! * wx * wy;
      }
    }
    fft2(re, im, px, py);
    const power = (x: number, y: number) => {
      const idx = (((y % py) + py) % py) * px + (((x % px) + px) % px);
      return re[idx]! ** 2 + im[idx]! ** 2;
    };
    let [bx, by, bp] = [0, 0, 0];
    for (let y = -py / 2 + 1; y < py / 2; y++) {
      for (let x = 0; x < px / 2; x++) {
        if ((x === 0 && y <= 0) || (x < 2 && Math.abs(y) < 2)) continue;
        const p = power(x, y);
        if (p > bp) [bx, by, bp] = [x, y, p];
      }
    }
    if (bp <= 0) continue;
    const interp = (m: number, c: number, p: number) => {
      const [a, b, d] = [Math.log(m + 1e-30), Math.log(c + 1e-30), Math.log(p + 1e-30)];
      const den = a - 2 * b + d;
      return den < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - d)) / den)) : 0;
    };
    const ox = interp(power(bx - 1, by), bp, power(bx + 1, by));
    const oy = interp(power(bx, by - 1), bp, power(bx, by + 1));
    // Bin b of a P-point transform of samples `step` pixels apart: b / (P·step) cycles per pixel.
    const spacingX = (grid.planes[k]!.xs[nx - 1]! - grid.planes[k]!.xs[0]!) / Math.max(1, nx - 1);
    const spacingY = (grid.planes[k]!.ys[ny - 1]! - grid.planes[k]!.ys[0]!) / Math.max(1, ny - 1);
    const f = canonical({ fx: ((bx + ox) * grid.width) / (px * (spacingX || 1)), fy: ((by + oy) * grid.height) / (py * (spacingY || 1)) });
    const q = periodogram(r, grid, f);
    if (!best || q > best.q) best = { f, q };
  }
  return best && best.q > 0 ? best.f : null;
}

const pow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(2, n)));

/** In-place 2-D FFT (rows, then columns) of a px by py complex array, both powers of two. */
function fft2(re: Float64Array, im: Float64Array, px: number, py: number): void {
  const rowRe = new Float64Array(px);
  const rowIm = new Float64Array(px);
  for (let y = 0; y < py; y++) {
    rowRe.set(re.subarray(y * px, (y + 1) * px));
    rowIm.set(im.subarray(y * px, (y + 1) * px));
    fft(rowRe, rowIm);
    re.set(rowRe, y * px);
    im.set(rowIm, y * px);
  }
  const colRe = new Float64Array(py);
  const colIm = new Float64Array(py);
  for (let x = 0; x < px; x++) {
    for (let y = 0; y < py; y++) [colRe[y], colIm[y]] = [re[y * px + x]!, im[y * px + x]!];
    fft(colRe, colIm);
    for (let y = 0; y < py; y++) [re[y * px + x], im[y * px + x]] = [colRe[y]!, colIm[y]!];
  }
}

function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const [wr, wi] = [Math.cos(ang), Math.sin(ang)];
    for (let i = 0; i < n; i += len) {
      let [cr, ci] = [1, 0];
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const tr = re[b]! * cr - im[b]! * ci;
        const ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a]! += tr;
        im[a]! += ti;
        [cr, ci] = [cr * wr - ci * wi, cr * wi + ci * wr];
      }
    }
  }
}
