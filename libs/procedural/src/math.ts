// Deterministic arithmetic for the renderer. A scene must render to the same bytes on every run,
// machine and Node version, so rendering uses only + - * / on doubles (exactly rounded by IEEE 754)
// and Math.floor/round/trunc/abs/min/max/imul (exact); never Math.sin, exp, pow or sqrt, whose
// results the language leaves to each engine.

// 1/n! for the odd and even terms of the Taylor series, as literals.
const SIN = [1, -1 / 6, 1 / 120, -1 / 5040, 1 / 362880, -1 / 39916800, 1 / 6227020800, -1 / 1307674368000];
const TWO_PI = 6.283185307179586;

/** sin(2π·cycles), accurate to about 1e-11. */
export function sin2pi(cycles: number): number {
  let t = cycles - Math.floor(cycles); // [0, 1)
  let sign = 1;
  if (t >= 0.5) {
    sign = -1;
    t -= 0.5;
  }
  if (t > 0.25) t = 0.5 - t; // [0, 0.25]: θ in [0, π/2]
  const x = TWO_PI * t;
  const x2 = x * x;
  let sum = SIN[7]!;
  for (let k = 6; k >= 0; k--) sum = sum * x2 + SIN[k]!;
  return sign * sum * x;
}

export const cos2pi = (cycles: number) => sin2pi(cycles + 0.25);

const LN2 = 0.6931471805599453;

/** 2^x for |x| up to 1000. */
export function exp2(x: number): number {
  const n = Math.floor(x);
  const y = (x - n) * LN2; // [0, ln 2)
  let term = 1;
  let sum = 1;
  for (let k = 1; k <= 16; k++) {
    term = (term * y) / k;
    sum += term;
  }
  let scale = 1;
  if (n >= 0) for (let i = 0; i < Math.min(n, 1100); i++) scale *= 2;
  else for (let i = 0; i < Math.min(-n, 1100); i++) scale /= 2;
  return sum * scale;
}

/**
 * √v by Newton's method with a fixed number of steps from `guess` (a nearby root, such as the
 * previous pixel's, converges in a few; without one, from v itself). Deterministic, not exactly rounded.
 */
export function sqrt(v: number, guess = 0, steps = guess > 0 ? 4 : 40): number {
  if (!(v > 0)) return 0;
  let g = guess > 0 ? guess : v >= 1 ? v : 1;
  for (let i = 0; i < steps; i++) g = 0.5 * (g + v / g);
  return g;
}

/** A sample value as an 8-bit code: rounded, clamped to 0-255. */
export const toCode = (v: number) => (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v));

/** An integer hash of three integers (seed and a lattice point), as a value in [-1, 1]. */
export function hash3(seed: number, x: number, y: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(x | 0, 0xc2b2ae35) ^ Math.imul(y | 0, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  h ^= h >>> 15;
  return ((h >>> 0) / 4294967295) * 2 - 1;
}
