/** The standard normal density. */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** The standard normal distribution function, from erfc (Numerical Recipes' erfcc, |error| < 1.2e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const poly = -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(poly);
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/**
 * E[max(0, X - best)] for X ~ N(mean, sigma^2): how much an outcome is expected to beat `best`.
 * With sigma 0 it is the plain difference (or 0).
 */
export function expectedImprovement(mean: number, sigma: number, best: number): number {
  if (!(sigma > 1e-12)) return Math.max(0, mean - best);
  const z = (mean - best) / sigma;
  return (mean - best) * normalCdf(z) + sigma * normalPdf(z);
}

/** Combines independent estimates of one value by inverse-variance weighting. */
export function combineEstimates(estimates: readonly { mean: number; sigma: number }[]): { mean: number; sigma: number } | undefined {
  const usable = estimates.filter((e) => Number.isFinite(e.mean) && e.sigma > 0);
  if (usable.length === 0) return undefined;
  const weights = usable.map((e) => 1 / (e.sigma * e.sigma));
  const total = weights.reduce((a, b) => a + b, 0);
  return { mean: usable.reduce((a, e, i) => a + e.mean * weights[i]!, 0) / total, sigma: Math.sqrt(1 / total) };
}

/** Least squares y = intercept + slope x; undefined without two distinct x. Residual sd is 0 for two points. */
export function lineFit(xs: readonly number[], ys: readonly number[]): { intercept: number; slope: number; residualSd: number } | undefined {
  const n = xs.length;
  if (n < 2) return undefined;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  if (sxx < 1e-12) return undefined;
  const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0) / sxx;
  const intercept = my - slope * mx;
  const sse = xs.reduce((a, x, i) => a + (ys[i]! - intercept - slope * x) ** 2, 0);
  return { intercept, slope, residualSd: n > 2 ? Math.sqrt(sse / (n - 2)) : 0 };
}

/** Solves A x = b for a symmetric positive-definite A (Cholesky); undefined when A is not. */
export function solveSpd(a: readonly (readonly number[])[], b: readonly number[]): number[] | undefined {
  const n = b.length;
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i]![j]!;
      for (let k = 0; k < j; k++) sum -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (!(sum > 0)) return undefined;
        l[i]![i] = Math.sqrt(sum);
      } else {
        l[i]![j] = sum / l[j]![j]!;
      }
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i]![k]! * y[k]!;
    y[i] = sum / l[i]![i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k]![i]! * x[k]!;
    x[i] = sum / l[i]![i]!;
  }
  return x;
}
