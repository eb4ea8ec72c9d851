import type { Layer, Track } from '../scene.schema.ts';
import { trackValue, type Vec3 } from './model.ts';
import { fitGeometry, mismatch, type ShapeFit, type ShapeGeom, type ShapeKind } from './shapes.ts';
import { toColor, toTrack, type Steps } from './timeline.ts';

// Shapes across frames: each frame's measured shapes are matched to the shapes of the frames
// before by position (predicted from their last motion), size and colour; a match that keeps
// going becomes a shape layer. Its numbers become tracks, and then, since the edges are hard, the
// keyframe values are adjusted step by step (the quantisation step) against every frame's
// classified samples, so the stored shape covers what the frames show, sample for sample.

export interface ShapeTrack {
  readonly kind: ShapeKind;
  /** Per frame, the measurement (null where the shape was not seen). */
  readonly fits: (ShapeFit | null)[];
}

const size = (g: ShapeGeom) => Math.max(4, Math.min(g.w, g.h));

export function linkShapes(perFrame: readonly (readonly ShapeFit[])[]): ShapeTrack[] {
  const n = perFrame.length;
  const open: { fits: (ShapeFit | null)[]; last: number }[] = [];
  const all: typeof open = [];
  for (let f = 0; f < n; f++) {
    const pairs: { t: number; d: number; cost: number }[] = [];
    open.forEach((track, t) => {
      const last = track.fits[track.last]!;
      const before = track.last > 0 ? track.fits[track.last - 1] : null;
      const gap = f - track.last;
      const [vx, vy] = before ? [last.cx - before.cx, last.cy - before.cy] : [0, 0];
      const [px, py] = [last.cx + vx * gap, last.cy + vy * gap];
      perFrame[f]!.forEach((d, di) => {
        const move = Math.hypot(d.cx - px, d.cy - py) / size(last);
        const colour = Math.max(...d.color.map((c, k) => Math.abs(c - last.color[k]!))) / 48;
        const grow = Math.abs(Math.log(Math.max(1, d.w) / Math.max(1, last.w))) + Math.abs(Math.log(Math.max(1, d.h) / Math.max(1, last.h)));
        const cost = move + colour + grow;
        if (cost < 2) pairs.push({ t, d: di, cost });
      });
    });
    pairs.sort((a, b) => a.cost - b.cost);
    const usedT = new Set<number>();
    const usedD = new Set<number>();
    for (const p of pairs) {
      if (usedT.has(p.t) || usedD.has(p.d)) continue;
      usedT.add(p.t);
      usedD.add(p.d);
      open[p.t]!.fits[f] = perFrame[f]![p.d]!;
      open[p.t]!.last = f;
    }
    perFrame[f]!.forEach((d, di) => {
      if (usedD.has(di)) return;
      const track = { fits: new Array<ShapeFit | null>(n).fill(null), last: f };
      track.fits[f] = d;
      open.push(track);
      all.push(track);
    });
    // A shape unseen for a while has gone; a new one there later is another shape.
    for (let t = open.length - 1; t >= 0; t--) if (f - open[t]!.last > 5) open.splice(t, 1);
  }
  return all.map((t) => {
    const seen = t.fits.filter((x): x is ShapeFit => x !== null);
    const rects = seen.filter((x) => x.shape === 'rect').length;
    const kind: ShapeKind = rects * 2 >= seen.length ? 'rect' : 'ellipse';
    // Frames measured as the other kind are fitted again as this one, from their own numbers.
    const fits = t.fits.map((x) => (x && x.shape !== kind ? { ...x, ...fitGeometry(kind, x.obs, x) } : x));
    return { kind, fits };
  });
}

/** The frames a track covers and the share of them it was seen in. */
export function coverage(track: ShapeTrack): { first: number; last: number; seen: number } {
  const idx = track.fits.flatMap((x, f) => (x ? [f] : []));
  return { first: idx[0] ?? 0, last: idx.at(-1) ?? 0, seen: idx.length };
}

/** A shape layer from a track: tracks within half a pixel, hidden (negative size) outside the frames it was seen in. */
export function shapeLayer(track: ShapeTrack, steps: Steps, colorTol: number): Extract<Layer, { kind: 'shape' }> {
  const { first, last } = coverage(track);
  const n = track.fits.length;
  const seen = track.fits.map((x) => (x ? 1 : 0));
  const value = (pick: (g: ShapeFit) => number, hidden: number | null) => {
    const values = new Float64Array(n);
    const weights = new Float64Array(n);
    let lastValue = pick(track.fits[first]!);
    for (let f = 0; f < n; f++) {
      const x = track.fits[f];
      if (x) lastValue = pick(x);
      const outside = f < first || f > last;
      values[f] = outside && hidden !== null ? hidden : lastValue;
      weights[f] = x || (outside && hidden !== null) ? 1 : 0;
    }
    return { values, weights };
  };
  const geom = (pick: (g: ShapeFit) => number, tol: number, hidden: number | null): Track => {
    const { values, weights } = value(pick, hidden);
    return toTrack(values, tol, steps.position, weights);
  };
  const colors = [0, 1, 2].map((k) => value((g) => g.color[k]!, null));
  return {
    kind: 'shape',
    shape: track.kind,
    cx: geom((g) => g.cx, 0.5, null),
    cy: geom((g) => g.cy, 0.5, null),
    w: geom((g) => g.w, 0.75, -1),
    h: geom((g) => g.h, 0.75, -1),
    color: toColor(
      colors.map((c) => c.values),
      Math.max(0.5, colorTol),
      steps.color,
      seen,
    ),
  };
}

/** Misclassified samples of a shape layer over every frame its track measured. */
function totalMismatch(layer: Extract<Layer, { kind: 'shape' }>, track: ShapeTrack): number {
  let e = 0;
  track.fits.forEach((x, f) => {
    if (!x) return;
    const g = { cx: trackValue(layer.cx, f), cy: trackValue(layer.cy, f), w: trackValue(layer.w, f), h: trackValue(layer.h, f) };
    e += mismatch(layer.shape, g, x.obs);
  });
  return e;
}

/**
 * Analysis by synthesis at full size: each keyframe value of the geometry moves by 1, 2, 4 or 8
 * quantisation steps while that lowers the misclassified samples over all frames; `rounds` passes.
 */
export function refineShape(layer: Extract<Layer, { kind: 'shape' }>, track: ShapeTrack, step: number, rounds: number, check: () => void): Extract<Layer, { kind: 'shape' }> {
  let best = layer;
  let e = totalMismatch(best, track);
  for (let round = 0; round < rounds && e > 0; round++) {
    let improved = false;
    for (const key of ['cx', 'cy', 'w', 'h'] as const) {
      const track0 = best[key];
      const count = typeof track0 === 'number' ? 1 : track0.length;
      for (let i = 0; i < count; i++) {
        check();
        for (const delta of [1, -1, 2, -2, 4, -4, 8, -8]) {
          const t = best[key];
          const moved: Track = typeof t === 'number' ? t + delta * step : t.map(([f, v], j) => [f, j === i ? v + delta * step : v] as [number, number]);
          const trial = { ...best, [key]: moved };
          const et = totalMismatch(trial, track);
          if (et < e) {
            [best, e, improved] = [trial, et, true];
            break;
          }
        }
      }
    }
    if (!improved) break;
  }
  return best;
}

/** A shape's typical size and colour, for the summary. */
export function describeShape(layer: Extract<Layer, { kind: 'shape' }>, frames: number): { w: number; h: number; color: Vec3 } {
  const mid = Math.floor((frames - 1) / 2);
  return { w: trackValue(layer.w, mid), h: trackValue(layer.h, mid), color: [trackValue(layer.color[0], mid), trackValue(layer.color[1], mid), trackValue(layer.color[2], mid)] };
}
