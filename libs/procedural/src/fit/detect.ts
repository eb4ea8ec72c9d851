import type { Grid, Samples } from './grid.ts';
import { median } from './linalg.ts';
import type { Vec3 } from './model.ts';

// Where a frame departs from its smooth model: connected regions of outlier samples of one colour
// (a region grows into a neighbour only when its colour is close to the region's first sample, so
// two touching shapes of different colours stay apart). Each region is a candidate shape: its
// bounding box in luma pixels, its colour (median per plane), and how much of its box it fills
// (a rect fills it, an ellipse π/4 of it).

export interface Region {
  /** Bounding box in luma pixels (inclusive of the sample spacing around the outermost samples). */
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly color: Vec3;
  readonly samples: number;
  readonly fill: number;
}

export function findRegions(samples: Samples, grid: Grid, outlier: Uint8Array, colorTolerance: number, minSamples: number): Region[] {
  const { nx, ny } = grid;
  const label = new Int32Array(nx * ny).fill(-1);
  const regions: Region[] = [];
  const stack: number[] = [];
  const luma = grid.planes[0];
  for (let seed = 0; seed < nx * ny; seed++) {
    if (!outlier[seed] || label[seed] !== -1) continue;
    const id = regions.length;
    const ref = [samples[0][seed]!, samples[1][seed]!, samples[2][seed]!];
    const members: number[] = [];
    label[seed] = id;
    stack.push(seed);
    while (stack.length) {
      const s = stack.pop()!;
      members.push(s);
      const i = s % nx;
      const j = (s - i) / nx;
      for (const [di, dj] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
        const a = i + di;
        const b = j + dj;
        if (a < 0 || b < 0 || a >= nx || b >= ny) continue;
        const t = b * nx + a;
        if (!outlier[t] || label[t] !== -1) continue;
        if (Math.abs(samples[0][t]! - ref[0]!) > colorTolerance || Math.abs(samples[1][t]! - ref[1]!) > colorTolerance || Math.abs(samples[2][t]! - ref[2]!) > colorTolerance) continue;
        label[t] = id;
        stack.push(t);
      }
    }
    let [i0, j0, i1, j1] = [nx, ny, -1, -1];
    for (const s of members) {
      const i = s % nx;
      const j = (s - i) / nx;
      [i0, j0, i1, j1] = [Math.min(i0, i), Math.min(j0, j), Math.max(i1, i), Math.max(j1, j)];
    }
    const color = [0, 1, 2].map((k) => median(members.map((s) => samples[k]![s]!))) as Vec3;
    const half = grid.step / 2;
    regions.push({
      x0: Math.max(0, luma.xs[i0]! - half - 0.5),
      y0: Math.max(0, luma.ys[j0]! - half - 0.5),
      x1: Math.min(grid.width, luma.xs[i1]! + half + 0.5),
      y1: Math.min(grid.height, luma.ys[j1]! + half + 0.5),
      color,
      samples: members.length,
      fill: members.length / ((i1 - i0 + 1) * (j1 - j0 + 1)),
    });
  }
  return regions.filter((r) => r.samples >= minSamples);
}
