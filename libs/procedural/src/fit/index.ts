import { psnrOf, squaredErrors, type Frame, type Psnr } from '../frame.ts';
import { quantizeScene, type Quantization } from '../format.ts';
import { renderFrame } from '../render.ts';
import type { Layer, LayerKind, Scene } from '../scene.schema.ts';
import { FitContext } from './context.ts';
import { describeLayer } from './describe.ts';
import { findRegions } from './detect.ts';
import { makeGrid, sample, type Grid } from './grid.ts';
import { layersAt } from './model.ts';
import { pruneScene } from './prune.ts';
import { measureShape, type ShapeFit } from './shapes.ts';
import { coverage, linkShapes, refineShape, shapeLayer } from './shapetrack.ts';
import { fitSmooth, type BgKind } from './smooth.ts';
import { readText, type TextLayer, type TextReading } from './text.ts';
import { refineTextLayer, textLayer } from './texttrack.ts';
import { stepsOf, toTrack, type Steps } from './timeline.ts';

// The fitter: decoded frames in, a scene description out (analysis by synthesis).
//
// 1. Every frame is point-sampled on an analysis grid of a few thousand samples per plane.
// 2. The smooth part (a fill, linear or radial background and the sinusoids over it) is fitted on
//    the grid, robustly, so whatever sits on top is left out of it as outliers (smooth.ts).
// 3. Lines of text in the built-in font are read from what the smooth layers do not explain (text.ts).
// 3b. Connected outliers of one colour are candidate shapes; each is measured at full size against
//    the smooth model beneath, linked across frames, turned into tracks and refined against every
//    frame's classified samples (detect.ts, shapes.ts, shapetrack.ts).
// 4. Each shape and sinusoid term is taken out in turn and kept only if the frames need it (prune.ts).
// 5. The scene is quantised exactly as it will be stored, rendered at full size and measured
//    against the frames: the PSNR reported is the stored description's, not the fit's.

export interface FitOptions {
  readonly fps: readonly [number, number];
  /** The layer kinds the fit may use; at least one background (fill, linear or radial). */
  readonly vocabulary: readonly LayerKind[];
  /** 1 (fast) to 5 (thorough). */
  readonly effort: number;
  readonly quantization: Quantization;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: { stage: string; percent: number }) => void) | undefined;
}

export interface FitResult {
  /** The quantised scene: exactly what is stored. */
  readonly scene: Scene;
  /** The stored scene rendered, against the frames. */
  readonly psnr: Psnr;
  /** One line per layer, in words. */
  readonly summary: string[];
  /** What the frames hold that the description does not. */
  readonly notFitted: string[];
}

/** Per effort: analysis samples per plane, sinusoid terms at most, shapes at most, refinement rounds. */
const EFFORT = {
  1: { samples: 4_000, terms: 4, shapes: 4, rounds: 1, colorTol: 1 },
  2: { samples: 8_000, terms: 8, shapes: 8, rounds: 2, colorTol: 0.5 },
  3: { samples: 16_000, terms: 12, shapes: 12, rounds: 4, colorTol: 0.35 },
  4: { samples: 32_000, terms: 16, shapes: 16, rounds: 6, colorTol: 0.25 },
  5: { samples: 48_000, terms: 24, shapes: 24, rounds: 8, colorTol: 0.25 },
} as const;

type Effort = (typeof EFFORT)[keyof typeof EFFORT];

const STAGES = [
  { name: 'sample', weight: 4 },
  { name: 'text', weight: 20 },
  { name: 'smooth', weight: 31 },
  { name: 'shapes', weight: 20 },
  { name: 'prune', weight: 15 },
  { name: 'measure', weight: 10 },
] as const;

const BACKGROUNDS: readonly BgKind[] = ['fill', 'linear', 'radial'];

/** A region measured as a shape counts when its edges explain the samples around it: at most this share of its area misclassified. */
const CLEAN_SHAPE = 0.25;
/** A sample further than this from the stored description (code values of luma) is one it does not describe. */
const MISS_CODES = 8;

export async function fitScene(frames: readonly Frame[], options: FitOptions): Promise<FitResult> {
  const first = frames[0];
  if (!first) throw new Error('fitScene needs at least one frame');
  if (frames.some((f) => f.width !== first.width || f.height !== first.height)) throw new Error('fitScene needs frames of one size');
  const kinds = BACKGROUNDS.filter((k) => options.vocabulary.includes(k));
  if (!kinds.length) throw new Error('the vocabulary needs a background kind: fill, linear or radial');
  const effort = EFFORT[Math.min(5, Math.max(1, Math.round(options.effort))) as keyof typeof EFFORT];
  const ctx = new FitContext(STAGES, options.signal, options.onProgress);
  const steps = stepsOf(options.quantization);
  const { width, height } = first;

  ctx.begin('sample');
  const grid = makeGrid(width, height, effort.samples);
  const samples = [];
  for (let f = 0; f < frames.length; f++) {
    await ctx.tick(f / frames.length);
    samples.push(sample(frames[f]!, grid));
  }

  const head = { v: 1 as const, width, height, fps: [options.fps[0], options.fps[1]] as [number, number], frames: frames.length };
  const smoothOptions = { kinds, maxTerms: options.vocabulary.includes('sinusoids') ? effort.terms : 0, steps, colorTol: effort.colorTol };
  // Text is read against the background alone (sinusoids would bend to explain it), then kept out of the smooth fit.
  ctx.begin('text');
  let texts: Layer[] = [];
  let covered: Uint8Array[] | undefined;
  if (options.vocabulary.includes('text')) {
    const plain = await fitSmooth(samples, grid, { ...smoothOptions, maxTerms: 0 }, ctx);
    texts = await fitTexts(frames, { ...head, layers: plain.layers }, effort, steps, options.quantization, ctx);
    if (texts.length) covered = await coveredBy(texts, head, grid, ctx);
  }

  ctx.begin('smooth');
  const smooth = await fitSmooth(samples, grid, { ...smoothOptions, exclude: covered }, ctx);
  // For shapes, what text covers is explained.
  const masks = covered ? smooth.masks.map((m, f) => m.map((v, i) => (covered[f]![i] ? 1 : v))) : smooth.masks;

  ctx.begin('shapes');
  const rejected = { regions: 0 };
  const shapes = options.vocabulary.includes('shape') ? await fitShapes(frames, smooth.layers, masks, grid, effort, steps, ctx, rejected) : [];

  ctx.begin('prune');
  const fitted: Scene = { ...head, layers: [...smooth.layers, ...shapes, ...texts] };
  const scene = quantizeScene(await pruneScene(fitted, frames, options.quantization, ctx), options.quantization);

  ctx.begin('measure');
  const sse = { y: 0, u: 0, v: 0 };
  let missed = 0;
  let out: Frame | undefined;
  for (let f = 0; f < frames.length; f++) {
    await ctx.tick(f / frames.length);
    out = renderFrame(scene, f, out ? { out } : {});
    const e = squaredErrors(frames[f]!, out);
    sse.y += e.y;
    sse.u += e.u;
    sse.v += e.v;
    missed += countMissed(frames[f]!.y, out.y);
  }
  const psnr = psnrOf(sse, width, height, frames.length);
  ctx.finish();
  return { scene, psnr, summary: scene.layers.map((l) => describeLayer(l, scene)), notFitted: notFitted(missed / (width * height * frames.length), psnr, rejected.regions) };
}

/** Lines of text over the smooth layers: read per frame against their rendering, one layer per string read often enough. */
async function fitTexts(frames: readonly Frame[], smooth: Scene, effort: Effort, steps: Steps, quantization: Quantization, ctx: FitContext): Promise<Layer[]> {
  const n = frames.length;
  const beneath = quantizeScene(smooth, quantization);
  const byText = new Map<string, (TextReading | null)[]>();
  let out: Frame | undefined;
  for (let f = 0; f < n; f++) {
    await ctx.tick(f / n);
    out = renderFrame(beneath, f, out ? { out } : {});
    for (const reading of readText(frames[f]!, out)) {
      const series = byText.get(reading.text) ?? new Array<TextReading | null>(n).fill(null);
      series[f] ??= reading;
      byText.set(reading.text, series);
    }
  }
  return [...byText.values()]
    .map((series) => ({ series, seen: series.filter(Boolean).length }))
    .filter((t) => t.seen >= minSeen(n))
    .sort((a, b) => b.seen - a.seen)
    .slice(0, effort.shapes)
    .map((t) => {
      const layer = textLayer(t.series, (values, tolerance, weights) => toTrack(values, tolerance, steps.position, weights), Math.max(0.5, effort.colorTol));
      // Tracks snap to the stored grid first, so the refinement moves what will be stored.
      return refineTextLayer(quantizeScene({ ...smooth, layers: [layer] }, quantization).layers[0] as TextLayer, t.series, steps.position, effort.rounds, () => ctx.check());
    });
}

/** Per frame, the analysis samples the text layers cover. */
async function coveredBy(texts: readonly Layer[], head: Omit<Scene, 'layers'>, grid: Grid, ctx: FitContext): Promise<Uint8Array[]> {
  const cover: Scene = { ...head, layers: [{ kind: 'fill', color: [0, 0, 0] }, ...texts.map((t) => ({ ...t, color: [255, 0, 0] }) as Layer)] };
  const { ix, iy } = grid.planes[0];
  const out: Uint8Array[] = [];
  let frame: Frame | undefined;
  for (let f = 0; f < head.frames; f++) {
    await ctx.tick();
    frame = renderFrame(cover, f, frame ? { out: frame } : {});
    const mask = new Uint8Array(grid.nx * grid.ny);
    for (let j = 0; j < grid.ny; j++) for (let i = 0; i < grid.nx; i++) mask[j * grid.nx + i] = frame.y[iy[j]! * head.width + ix[i]!] === 255 ? 1 : 0;
    out.push(mask);
  }
  return out;
}

/** A part seen in too few frames of a longer clip is a passing blemish, not an object. */
const minSeen = (n: number) => (n < 10 ? 1 : Math.max(2, Math.ceil(n * 0.05)));

/** Shapes over the smooth layers: measured per frame where the smooth fit left outliers, linked, tracked and refined. */
async function fitShapes(
  frames: readonly Frame[],
  smooth: readonly Layer[],
  masks: readonly Uint8Array[],
  grid: Grid,
  effort: Effort,
  steps: Steps,
  ctx: FitContext,
  rejected: { regions: number },
): Promise<Layer[]> {
  const n = frames.length;
  const perFrame: ShapeFit[][] = [];
  const margin = 2 * grid.step + 2;
  for (let f = 0; f < n; f++) {
    await ctx.tick((0.7 * f) / n);
    const outlier = masks[f]!.map((m) => (m ? 0 : 1));
    const regions = findRegions(sample(frames[f]!, grid), grid, outlier, 12, 3)
      .sort((a, b) => b.samples - a.samples)
      .slice(0, 4 * effort.shapes);
    const below = layersAt(smooth, f);
    const fits: ShapeFit[] = [];
    for (const region of regions) {
      ctx.check();
      const fit = measureShape(frames[f]!, region, below, margin);
      if (fit && fit.error <= CLEAN_SHAPE * Math.max(1, fit.area / fit.obs.r ** 2)) fits.push(fit);
      else rejected.regions++;
    }
    perFrame.push(fits);
  }
  const tracks = linkShapes(perFrame)
    .filter((t) => coverage(t).seen >= minSeen(n))
    .sort((a, b) => meanArea(b) - meanArea(a))
    .slice(0, effort.shapes);
  const layers: Layer[] = [];
  for (let t = 0; t < tracks.length; t++) {
    await ctx.tick(0.7 + (0.3 * t) / tracks.length);
    const track = tracks[t]!;
    layers.push(refineShape(shapeLayer(track, steps, effort.colorTol), track, steps.position, effort.rounds, () => ctx.check()));
  }
  return layers;
}

function meanArea(track: { fits: readonly (ShapeFit | null)[] }): number {
  const seen = track.fits.filter((x): x is ShapeFit => x !== null);
  return seen.reduce((a, x) => a + x.area, 0) / Math.max(1, seen.length);
}

function countMissed(source: Uint8Array, rendered: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < source.length; i++) if (Math.abs(source[i]! - rendered[i]!) > MISS_CODES) n++;
  return n;
}

function notFitted(missedShare: number, psnr: Psnr, rejectedRegions: number): string[] {
  const out: string[] = [];
  if (missedShare > 0.001) {
    out.push(`${(missedShare * 100).toFixed(1)}% of luma samples are more than ${MISS_CODES} code values from the description (luma PSNR ${psnr.y.toFixed(1)} dB): texture, noise, text or motion the vocabulary does not describe`);
  }
  if (rejectedRegions > 0) out.push(`${rejectedRegions} region${rejectedRegions === 1 ? '' : 's'} (over all frames) stood out from the background but was not a clean rect or ellipse`);
  return out;
}
