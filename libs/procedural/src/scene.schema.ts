import { z } from 'zod';

// The procedural scene vocabulary: what a parameter-storage artifact stores instead of frames.
//
// A scene is a stack of layers drawn in order onto 8-bit Y'CbCr 4:2:0 frames. Colours are code
// values of the three planes ([Y, Cb, Cr], 0-255), so a scene renders to exactly the planes a
// decoder hands over, with no colour conversion in between. Positions and sizes are in luma pixels
// of the scene's own size, with (0, 0) the top-left corner of the top-left pixel; a pixel is
// sampled at its centre (x + 0.5, y + 0.5), a chroma sample at the centre of its 2x2 luma block.
//
// Every number of a layer is a Track: a constant, or keyframes (frame index, value) between which
// it moves linearly and beyond which it holds. Keyframe timings are part of what a fit finds.

/** One keyframe: [frame index, value]. */
export const KeyframeSchema = z.tuple([z.int().min(0).max(1_000_000), z.number()]);

/** A number over time: a constant, or keyframes in increasing frame order (linear between, held outside). */
export const TrackSchema = z.union([
  z.number(),
  z
    .array(KeyframeSchema)
    .min(1)
    .max(10_000)
    .refine((keys) => keys.every((k, i) => i === 0 || k[0] > keys[i - 1]![0]), { message: 'keyframes must be in increasing frame order' }),
]);

/** A colour over time: [Y, Cb, Cr] code values, each a Track. */
export const ColorSchema = z.tuple([TrackSchema, TrackSchema, TrackSchema]);

/** Paints every pixel one colour. */
export const FillLayerSchema = z.strictObject({ kind: z.literal('fill'), color: ColorSchema });

/** Two colours along the line from (x0, y0) to (x1, y1), linear between, clamped beyond. */
export const LinearGradientLayerSchema = z.strictObject({
  kind: z.literal('linear'),
  x0: TrackSchema,
  y0: TrackSchema,
  x1: TrackSchema,
  y1: TrackSchema,
  from: ColorSchema,
  to: ColorSchema,
});

/** `from` at the centre (cx, cy), `to` at distance r and beyond, linear in the distance between. */
export const RadialGradientLayerSchema = z.strictObject({
  kind: z.literal('radial'),
  cx: TrackSchema,
  cy: TrackSchema,
  r: TrackSchema,
  from: ColorSchema,
  to: ColorSchema,
});

/**
 * One 2-D sinusoid added to what is below: amplitude per plane × sin(2π (fx·x/W + fy·y/H + phase)),
 * fx and fy in cycles per frame width and height, phase in cycles (moving it over time scrolls the wave).
 */
export const SinusoidSchema = z.strictObject({
  fx: TrackSchema,
  fy: TrackSchema,
  phase: TrackSchema,
  amplitude: ColorSchema,
});

/** A sum of 2-D sinusoids (a plasma), added to what is below. */
export const SinusoidsLayerSchema = z.strictObject({
  kind: z.literal('sinusoids'),
  terms: z.array(SinusoidSchema).min(1).max(64),
});

/** Seeded value noise added to what is below: cells of `cell` pixels, ±amplitude per plane, the field shifted by (dx, dy) pixels (a linear track drifts it steadily). */
export const NoiseLayerSchema = z.strictObject({
  kind: z.literal('noise'),
  seed: z.int().min(0).max(0xffff_ffff),
  cell: z.number().min(1).max(4096),
  dx: TrackSchema,
  dy: TrackSchema,
  amplitude: ColorSchema,
});

/** A rectangle or ellipse of one colour, centred at (cx, cy), w by h pixels; hard-edged (a pixel is in when its centre is). */
export const ShapeLayerSchema = z.strictObject({
  kind: z.literal('shape'),
  shape: z.enum(['rect', 'ellipse']),
  cx: TrackSchema,
  cy: TrackSchema,
  w: TrackSchema,
  h: TrackSchema,
  color: ColorSchema,
});

/** The characters the built-in bitmap font draws. */
export const TEXT_CHARSET = ' ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,:;!?-+/()\'"&%#=';

/** A line of text in the built-in 5x7 bitmap font, each font pixel `size` pixels square, top-left at (x, y). */
export const TextLayerSchema = z.strictObject({
  kind: z.literal('text'),
  text: z
    .string()
    .min(1)
    .max(256)
    .refine((s) => [...s].every((c) => TEXT_CHARSET.includes(c)), { message: `text may use only ${TEXT_CHARSET}` }),
  x: TrackSchema,
  y: TrackSchema,
  size: TrackSchema,
  color: ColorSchema,
});

/**
 * A Mandelbrot zoom: the view is centred at (cx, cy) in the complex plane, `zoom` is log2 of the
 * magnification (0: the plane from -2 to 2 across the width), so a zoom that moves linearly is a
 * steady exponential zoom. A point escaping after n of `iterations` steps takes the palette's
 * colour at n (cycled); one that never escapes takes `inside`.
 */
export const FractalLayerSchema = z.strictObject({
  kind: z.literal('fractal'),
  cx: z.number().min(-2).max(2),
  cy: z.number().min(-2).max(2),
  zoom: TrackSchema,
  iterations: z.int().min(1).max(2000),
  palette: z.array(z.tuple([z.number(), z.number(), z.number()])).min(2).max(64),
  inside: z.tuple([z.number(), z.number(), z.number()]),
});

export const LayerSchema = z.discriminatedUnion('kind', [
  FillLayerSchema,
  LinearGradientLayerSchema,
  RadialGradientLayerSchema,
  SinusoidsLayerSchema,
  NoiseLayerSchema,
  ShapeLayerSchema,
  TextLayerSchema,
  FractalLayerSchema,
]);

/** The layer kinds, the vocabulary a parameter-storage config allows. */
export const LAYER_KINDS = ['fill', 'linear', 'radial', 'sinusoids', 'noise', 'shape', 'text', 'fractal'] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

const evenSize = (max: number) =>
  z
    .int()
    .min(2)
    .max(max)
    .refine((n) => n % 2 === 0, { message: 'must be even (4:2:0 chroma)' });

/** A whole scene: its frame size, rate and count, and its layers, bottom first (the first paints the background). */
export const SceneSchema = z.strictObject({
  /** The format's version; a reader refuses others. */
  v: z.literal(1),
  width: evenSize(7680),
  height: evenSize(4320),
  /** Frame rate as a fraction. */
  fps: z.tuple([z.int().min(1).max(1_000_000), z.int().min(1).max(1_000_000)]),
  frames: z.int().min(1).max(1_000_000),
  layers: z.array(LayerSchema).min(1).max(256),
});

export type Keyframe = z.infer<typeof KeyframeSchema>;
export type Track = z.infer<typeof TrackSchema>;
export type Color = z.infer<typeof ColorSchema>;
export type Layer = z.infer<typeof LayerSchema>;
export type Scene = z.infer<typeof SceneSchema>;
