import type { Layer, Track } from '../scene.schema.ts';
import { axisOf, fitFrame, inlierMask, weightedMse, type BgSpec, type FrameModel } from './background.ts';
import type { FitContext } from './context.ts';
import type { Grid, Samples } from './grid.ts';
import { trackValue, type LayerAt, type Vec3 } from './model.ts';
import { findTerms, relax, type Freq } from './sinusoids.ts';
import { toColor, toTrack, unwrap, type Steps } from './timeline.ts';

// The smooth part of a clip (a background and the sinusoids over it), fitted on the analysis grid.
// First the model: on a middle frame each allowed background kind is fitted robustly, sinusoid
// terms are added while they pay, and the simplest candidate within reach of the best error wins.
// Then every frame is fitted with that model, warm-started from the frame before. Then, one
// nonlinear quantity after another (the gradient's axis or centre, the frequencies), each is
// turned into a track and held to it while what is left is fitted again, so what is linear (colours,
// amplitudes, phases) is finally fitted against exactly the geometry the scene will store.

export type BgKind = 'fill' | 'linear' | 'radial';
export interface SmoothOptions {
  readonly kinds: readonly BgKind[];
  readonly maxTerms: number;
  readonly steps: Steps;
  readonly colorTol: number;
  /** Per frame, samples known to be something else (text read already): never part of the smooth model. */
  readonly exclude?: readonly Uint8Array[] | undefined;
}
export interface SmoothFit {
  readonly layers: Layer[];
  /** Per frame, the samples the smooth model explains (the rest is where shapes may be). */
  readonly masks: Uint8Array[];
  /** The per-frame fits of the final model, before keyframes: what shapes are measured against. */
  readonly frames: FrameModel[];
}

const COMPLEXITY: Record<BgKind, number> = { fill: 0, linear: 1, radial: 2 };
const TERMS = { minGain: 0.03, minDrop: 0.02 };

/** A frame fitted robustly: fit, drop the samples far off, fit again, twice. */
function robust(samples: Samples, grid: Grid, spec: BgSpec, freqs: readonly Freq[], mask?: Uint8Array, exclude?: Uint8Array): { fit: FrameModel; mask: Uint8Array; spec: BgSpec } {
  const keep = (m: Uint8Array) => (exclude ? m.map((v, i) => (exclude[i] ? 0 : v)) : m);
  let m = keep(mask ?? new Uint8Array(samples[0].length).fill(1));
  let s = spec;
  let fit = fitFrame(samples, grid, s, freqs, m);
  for (let i = 0; i < 2; i++) {
    s = specOf(fit.bg, s);
    m = keep(inlierMask(samples, fit.model, 4));
    fit = fitFrame(samples, grid, s, freqs, m);
  }
  return { fit, mask: m, spec: specOf(fit.bg, s) };
}

/** The search start (or fixed geometry) that continues from a fitted background. */
function specOf(bg: LayerAt, previous: BgSpec): BgSpec {
  if (bg.kind === 'linear' && previous.kind === 'linear' && !previous.fixed) return { kind: 'linear', axis: axisOf(bg) };
  if (bg.kind === 'radial' && previous.kind === 'radial') return { kind: 'radial', cx: bg.cx, cy: bg.cy, r: bg.r, search: previous.search };
  return previous;
}

const fixedOf = (spec: BgSpec): BgSpec => (spec.kind === 'radial' ? { ...spec, search: false } : spec);
const startOf = (kind: BgKind): BgSpec => (kind === 'fill' ? { kind } : kind === 'linear' ? { kind, axis: null } : { kind, cx: NaN, cy: NaN, r: 0, search: true });

export async function fitSmooth(all: readonly Samples[], grid: Grid, options: SmoothOptions, ctx: FitContext): Promise<SmoothFit> {
  const n = all.length;
  const mid = Math.floor((n - 1) / 2);
  const search = { maxTerms: options.maxTerms, ...TERMS };
  const check = () => ctx.check();
  const ex = (f: number) => options.exclude?.[f];

  // The model, chosen on the middle frame.
  const candidates: { kind: BgKind; freqs: Freq[]; fit: FrameModel; mask: Uint8Array; spec: BgSpec }[] = [];
  for (const kind of options.kinds) {
    await ctx.tick();
    let r = robust(all[mid]!, grid, startOf(kind), [], undefined, ex(mid));
    let freqs: Freq[] = [];
    if (options.maxTerms > 0) {
      freqs = findTerms(all[mid]!, grid, fixedOf(r.spec), r.mask, [], search, check).freqs;
      if (freqs.length) r = robust(all[mid]!, grid, r.spec, freqs, undefined, ex(mid));
    }
    candidates.push({ kind, freqs, ...r });
  }
  const common = candidates[0]!.mask.map((_, i) => (candidates.every((c) => c.mask[i]) ? 1 : 0));
  const useCommon = common.reduce((a, b) => a + b, 0) > 0.2 * common.length;
  const scored = candidates.map((c) => ({ ...c, score: weightedMse(all[mid]!, c.fit.model, useCommon ? common : c.mask) + 0.01 * c.freqs.length }));
  const best = Math.min(...scored.map((c) => c.score));
  const chosen = scored.filter((c) => c.score <= best * 1.1 + 0.02).sort((a, b) => COMPLEXITY[a.kind] - COMPLEXITY[b.kind] || a.score - b.score)[0]!;

  // Frequencies: constant when the first, middle and last frames agree on them.
  let freqs = chosen.freqs;
  let varying = false;
  if (freqs.length) {
    const ends = [0, n - 1].filter((f) => f !== mid);
    const seen = ends.map((f) => relax(all[f]!, grid, fixedOf(chosen.spec), robust(all[f]!, grid, chosen.spec, freqs, undefined, ex(f)).mask, freqs, check, 1));
    varying = seen.some((fs) => fs.some((f, t) => Math.hypot(f.fx - freqs[t]!.fx, f.fy - freqs[t]!.fy) > 2e-3));
    if (!varying) freqs = freqs.map((f, t) => ({ fx: mean([f.fx, ...seen.map((s) => s[t]!.fx)]), fy: mean([f.fy, ...seen.map((s) => s[t]!.fy)]) }));
  }

  // Every frame, warm-started from the one before (the middle frame's geometry for the first).
  const fits: FrameModel[] = [];
  const masks: Uint8Array[] = [];
  const perFreqs: Freq[][] = [];
  let spec = chosen.spec;
  let fq = freqs;
  for (let f = 0; f < n; f++) {
    await ctx.tick((0.8 * f) / n);
    if (varying && f > 0) fq = relax(all[f]!, grid, fixedOf(spec), masks[f - 1]!, fq, check, 1);
    const r = robust(all[f]!, grid, spec, fq, masks[f - 1], ex(f));
    [spec] = [r.spec];
    fits.push(r.fit);
    masks.push(r.mask);
    perFreqs.push(fq);
  }
  const geometry = bgGeometry(fits, grid, options);
  const freqTracks = freqs.map((_, t) => {
    const amp = Math.max(1e-6, ...fits.map((m) => Math.max(...m.terms[t]!.amp.map(Math.abs))));
    const tol = options.colorTol / (2 * Math.PI * amp);
    return { fx: toTrack(perFreqs.map((p) => p[t]!.fx), tol, options.steps.phase), fy: toTrack(perFreqs.map((p) => p[t]!.fy), tol, options.steps.phase) };
  });

  // The linear part, against the stored geometry and frequencies.
  const final: FrameModel[] = [];
  for (let f = 0; f < n; f++) {
    await ctx.tick(0.8 + (0.2 * f) / n);
    const fr = freqTracks.map((t) => ({ fx: trackValue(t.fx, f), fy: trackValue(t.fy, f) }));
    final.push(fitFrame(all[f]!, grid, geometry.specAt(f), fr, masks[f]!));
  }
  const layers: Layer[] = [geometry.layer(final)];
  if (freqs.length) layers.push(termsLayer(final, freqTracks, options));
  return { layers, masks, frames: final };
}

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const channels = (fits: readonly FrameModel[], pick: (m: FrameModel) => readonly number[]) => [0, 1, 2].map((k) => fits.map((m) => pick(m)[k]!));
const NONE = [0, 0, 0] as const;

function fromTo(final: readonly FrameModel[], tol: number, step: number) {
  const from = channels(final, (m) => ('from' in m.bg ? m.bg.from : NONE));
  const to = channels(final, (m) => ('to' in m.bg ? m.bg.to : NONE));
  return { from: toColor(from, tol, step), to: toColor(to, tol, step) };
}

/** The background's geometry as tracks: the spec each frame is refitted with, and the layer its colours complete. */
function bgGeometry(fits: readonly FrameModel[], grid: Grid, options: SmoothOptions) {
  const { steps, colorTol } = options;
  // A frame whose gradient is all but flat says nothing about its direction or centre.
  const strength = fits.map((m) => ('to' in m.bg ? Math.max(...m.bg.to.map((t, k) => Math.abs(t - (m.bg as { from: Vec3 }).from[k]!))) : 0));
  const weights = strength.some((s) => s > 1) ? strength.map((s) => (s > 1 ? 1 : 0)) : undefined;
  const kind = fits[0]!.bg.kind;
  if (kind === 'linear') {
    // Endpoints kept in one order from frame to frame (a gradient and its reverse are the same picture).
    const ends: number[][] = [];
    for (const m of fits) {
      if (m.bg.kind !== 'linear') continue;
      let e = [m.bg.x0, m.bg.y0, m.bg.x1, m.bg.y1];
      const p = ends.at(-1);
      if (p && (e[2]! - e[0]!) * (p[2]! - p[0]!) + (e[3]! - e[1]!) * (p[3]! - p[1]!) < 0) e = [e[2]!, e[3]!, e[0]!, e[1]!];
      ends.push(e);
    }
    const len = Math.max(1, ...ends.map((e) => Math.hypot(e[2]! - e[0]!, e[3]! - e[1]!)));
    const tol = Math.min(len / 16, (colorTol * len) / Math.max(1, ...strength));
    const [x0, y0, x1, y1] = [0, 1, 2, 3].map((c) => toTrack(ends.map((e) => e[c]!), tol, steps.position, weights)) as [Track, Track, Track, Track];
    return {
      specAt: (f: number): BgSpec => ({ kind: 'linear', axis: null, fixed: { x0: trackValue(x0, f), y0: trackValue(y0, f), x1: trackValue(x1, f), y1: trackValue(y1, f) } }),
      layer: (final: readonly FrameModel[]): Layer => ({ kind: 'linear', x0, y0, x1, y1, ...fromTo(final, colorTol, steps.color) }),
    };
  }
  if (kind === 'radial') {
    const g = fits.map((m) => (m.bg.kind === 'radial' ? m.bg : { cx: grid.width / 2, cy: grid.height / 2, r: 1 }));
    const far = g.map((c) => Math.max(...[0, grid.width].flatMap((x) => [0, grid.height].map((y) => Math.hypot(x - c.cx, y - c.cy)))));
    // Beyond the farthest corner the radius changes nothing in the frame: one radius then serves every frame.
    const unclamped = g.every((c, f) => c.r >= far[f]! - 0.5 || (weights && !weights[f]));
    const tol = Math.min(8, (colorTol * Math.min(...g.map((c) => c.r))) / Math.max(1, ...strength));
    const cx = toTrack(g.map((c) => c.cx), tol, steps.position, weights);
    const cy = toTrack(g.map((c) => c.cy), tol, steps.position, weights);
    const r = unclamped ? Math.ceil(Math.max(...far) + 1) : toTrack(g.map((c) => c.r), tol, steps.position, weights);
    return {
      specAt: (f: number): BgSpec => ({ kind: 'radial', cx: trackValue(cx, f), cy: trackValue(cy, f), r: trackValue(r, f), search: false }),
      layer: (final: readonly FrameModel[]): Layer => ({ kind: 'radial', cx, cy, r, ...fromTo(final, colorTol, steps.color) }),
    };
  }
  return {
    specAt: (): BgSpec => ({ kind: 'fill' }),
    layer: (final: readonly FrameModel[]): Layer => ({ kind: 'fill', color: toColor(channels(final, (m) => (m.bg.kind === 'fill' ? m.bg.color : NONE)), colorTol, steps.color) }),
  };
}

function termsLayer(final: readonly FrameModel[], freqTracks: readonly { fx: Track; fy: Track }[], options: SmoothOptions): Layer {
  const { colorTol, steps } = options;
  return {
    kind: 'sinusoids',
    terms: freqTracks.map((ft, t) => {
      const amps = [0, 1, 2].map((k) => final.map((m) => m.terms[t]!.amp[k]!));
      const peak = Math.max(1e-6, ...amps.flat().map(Math.abs));
      const phase = unwrap(final.map((m) => m.terms[t]!.phase), 1);
      return { fx: ft.fx, fy: ft.fy, phase: toTrack(phase, colorTol / (2 * Math.PI * peak), steps.phase), amplitude: toColor(amps, colorTol, steps.color) };
    }),
  };
}
