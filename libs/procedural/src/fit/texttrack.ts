import type { Track } from '../scene.schema.ts';
import { trackAt } from '../tracks.ts';
import { misplaced, type TextLayer, type TextReading } from './text.ts';

// Text across frames: the readings of one string become a text layer whose position, size and
// colour are tracks, and then, since glyph edges are hard, its keyframe values are adjusted step by
// step against every frame's placing samples (as shapetrack.ts does for shapes).

/** Readings of one string across frames (null where it was not read): a text layer, hidden (size -1) before its first and after its last reading. */
export function textLayer(readings: readonly (TextReading | null)[], toTrack: (values: ArrayLike<number>, tolerance: number, weights: ArrayLike<number>) => Track, colorTol: number): TextLayer {
  const n = readings.length;
  const seen = readings.flatMap((r, f) => (r ? [f] : []));
  const [first, last] = [seen[0]!, seen.at(-1)!];
  const track = (pick: (r: TextReading) => number, tolerance: number, hidden: number | null = null) => {
    const values = new Float64Array(n);
    const weights = new Float64Array(n);
    let held = pick(readings[first]!);
    for (let f = 0; f < n; f++) {
      const r = readings[f];
      if (r) held = pick(r);
      const outside = f < first || f > last;
      values[f] = outside && hidden !== null ? hidden : held;
      weights[f] = r || (outside && hidden !== null) ? 1 : 0;
    }
    return toTrack(values, tolerance, weights);
  };
  return {
    kind: 'text',
    text: readings[first]!.text,
    x: track((r) => r.x, 0.25),
    y: track((r) => r.y, 0.25),
    size: track((r) => r.size, 0.25, -1),
    color: [track((r) => r.color[0], colorTol), track((r) => r.color[1], colorTol), track((r) => r.color[2], colorTol)],
  };
}

/**
 * Analysis by synthesis on the layer's tracks: each keyframe value of x and y moves by 1, 2, 4 or 8
 * steps (the quantisation step) while that lowers the misplaced samples over every frame read.
 */
export function refineTextLayer(layer: TextLayer, readings: readonly (TextReading | null)[], step: number, rounds: number, check: () => void): TextLayer {
  const total = (l: TextLayer) => {
    let wrong = 0;
    readings.forEach((r, f) => {
      if (r?.evidence) wrong += misplaced({ text: l.text, x: trackAt(l.x, f), y: trackAt(l.y, f), size: trackAt(l.size, f) }, r.evidence);
    });
    return wrong;
  };
  let best = layer;
  let e = total(best);
  for (let round = 0; round < rounds && e > 0; round++) {
    let improved = false;
    for (const key of ['x', 'y'] as const) {
      const t0 = best[key];
      for (let i = 0; i < (typeof t0 === 'number' ? 1 : t0.length); i++) {
        check();
        for (const delta of [1, -1, 2, -2, 4, -4, 8, -8]) {
          const t = best[key];
          const moved: Track = typeof t === 'number' ? t + delta * step : t.map(([f, v], j) => [f, j === i ? v + delta * step : v] as [number, number]);
          const trial = { ...best, [key]: moved };
          const et = total(trial);
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
