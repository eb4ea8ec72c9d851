// Small dense least squares: the fits here solve systems of at most a few dozen unknowns (a few
// basis functions per plane, two per sinusoid term), so normal equations with partial pivoting are
// precise enough, and a tiny ridge keeps a degenerate basis (a term the data does not excite) finite.

/** Normal equations of a weighted least-squares problem with `n` unknowns, accumulated row by row. */
export class NormalEquations {
  readonly ata: Float64Array;
  readonly atb: Float64Array;
  btb = 0;
  weight = 0;

  readonly n: number;

  constructor(n: number) {
    this.n = n;
    this.ata = new Float64Array(n * n);
    this.atb = new Float64Array(n);
  }

  /** Adds one observation `value` of basis values `row` (length n) with weight `w`. */
  add(row: ArrayLike<number>, value: number, w = 1): void {
    const { n, ata, atb } = this;
    for (let i = 0; i < n; i++) {
      const ri = row[i]! * w;
      if (ri === 0) continue;
      atb[i]! += ri * value;
      for (let j = i; j < n; j++) ata[i * n + j]! += ri * row[j]!;
    }
    this.btb += w * value * value;
    this.weight += w;
  }

  /** The coefficients; `ridge` is relative to the diagonal's scale. */
  solve(ridge = 1e-10): Float64Array {
    const { n } = this;
    const a = new Float64Array(n * n);
    let scale = 0;
    for (let i = 0; i < n; i++) scale = Math.max(scale, this.ata[i * n + i]!);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const v = this.ata[i * n + j]!;
        a[i * n + j] = v;
        a[j * n + i] = v;
      }
      a[i * n + i]! += ridge * (scale || 1);
    }
    return solve(a, Float64Array.from(this.atb), n);
  }

  /** The weighted sum of squared residuals of coefficients `x` (from the accumulated sums). */
  residual(x: ArrayLike<number>): number {
    const { n } = this;
    let s = this.btb;
    for (let i = 0; i < n; i++) {
      s -= 2 * x[i]! * this.atb[i]!;
      let q = this.ata[i * n + i]! * x[i]!;
      for (let j = i + 1; j < n; j++) q += 2 * this.ata[i * n + j]! * x[j]!;
      s += x[i]! * q;
    }
    return Math.max(0, s);
  }
}

/** Solves a x = b (a is n by n, row-major, overwritten) by Gaussian elimination with partial pivoting. */
export function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]!) > Math.abs(a[p * n + c]!)) p = r;
    if (p !== c) {
      for (let k = 0; k < n; k++) {
        const t = a[c * n + k]!;
        a[c * n + k] = a[p * n + k]!;
        a[p * n + k] = t;
      }
      const t = b[c]!;
      b[c] = b[p]!;
      b[p] = t;
    }
    const d = a[c * n + c]!;
    if (Math.abs(d) < 1e-300) continue;
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c]! / d;
      if (f === 0) continue;
      for (let k = c; k < n; k++) a[r * n + k]! -= f * a[c * n + k]!;
      b[r]! -= f * b[c]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let k = r + 1; k < n; k++) s -= a[r * n + k]! * x[k]!;
    const d = a[r * n + r]!;
    x[r] = Math.abs(d) < 1e-300 ? 0 : s / d;
  }
  return x;
}

/**
 * The best rank-one fit of 2-vectors g_k ≈ c_k·(cos θ, sin θ) with weights w_k: θ is the principal
 * direction of Σ w g gᵀ. Used where three planes share one direction (a gradient's axis, a
 * sinusoid's phase) and differ only in a signed magnitude.
 */
export function principalAngle(vectors: readonly (readonly [number, number])[], weights: readonly number[]): number {
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  vectors.forEach(([x, y], k) => {
    const w = weights[k] ?? 1;
    sxx += w * x * x;
    sxy += w * x * y;
    syy += w * y * y;
  });
  return 0.5 * Math.atan2(2 * sxy, sxx - syy);
}

/** Median of a numeric array (copied; NaN for an empty one). */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const s = Float64Array.from(values).sort();
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** Minimises a function of one variable on [lo, hi] by golden-section search (it is unimodal near a good start). */
export function goldenMin(f: (x: number) => number, lo: number, hi: number, iterations: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < iterations; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return fc < fd ? c : d;
}
