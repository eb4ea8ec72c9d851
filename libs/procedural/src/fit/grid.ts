import type { Frame } from '../frame.ts';

// The analysis grid: the frames point-sampled every `step` luma pixels. Point samples (not box
// averages) keep every value exactly what the renderer drew at a known position, so a model fitted
// on the grid is the model of the full-size frame; only hard edges need the full size, and the
// shape fitter goes there for them. All three planes are sampled on one nx by ny lattice (chroma at
// the 2x2 block under each luma sample), each plane with its own sample coordinates in luma pixels.

export interface PlaneGrid {
  /** Sample centres in luma pixels (x + 0.5 for luma, 2i + 1 for chroma). */
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** The sampled column and row of the plane. */
  readonly ix: Int32Array;
  readonly iy: Int32Array;
  readonly width: number;
}

export interface Grid {
  readonly width: number;
  readonly height: number;
  readonly step: number;
  readonly nx: number;
  readonly ny: number;
  readonly planes: readonly [PlaneGrid, PlaneGrid, PlaneGrid];
}

/** Three planes of samples, nx by ny each, row-major. */
export type Samples = readonly [Float64Array, Float64Array, Float64Array];

/** A grid of about `target` samples per plane over a width x height frame. */
export function makeGrid(width: number, height: number, target: number): Grid {
  const step = Math.max(1, Math.ceil(Math.sqrt((width * height) / target)));
  const nx = Math.max(1, Math.floor(width / step));
  const ny = Math.max(1, Math.floor(height / step));
  const ox = Math.floor((width - (nx - 1) * step - 1) / 2);
  const oy = Math.floor((height - (ny - 1) * step - 1) / 2);
  const luma = (n: number, o: number) => Int32Array.from({ length: n }, (_, i) => o + i * step);
  const lx = luma(nx, ox);
  const ly = luma(ny, oy);
  const lumaPlane: PlaneGrid = { ix: lx, iy: ly, xs: Float64Array.from(lx, (i) => i + 0.5), ys: Float64Array.from(ly, (i) => i + 0.5), width };
  const cx = lx.map((i) => i >> 1);
  const cy = ly.map((i) => i >> 1);
  const chroma: PlaneGrid = { ix: cx, iy: cy, xs: Float64Array.from(cx, (i) => 2 * i + 1), ys: Float64Array.from(cy, (i) => 2 * i + 1), width: width >> 1 };
  return { width, height, step, nx, ny, planes: [lumaPlane, chroma, chroma] };
}

export function sample(frame: Frame, grid: Grid): Samples {
  const planes = [frame.y, frame.u, frame.v] as const;
  return grid.planes.map((g, k) => {
    const src = planes[k]!;
    const out = new Float64Array(grid.nx * grid.ny);
    for (let j = 0; j < grid.ny; j++) {
      const row = g.iy[j]! * g.width;
      for (let i = 0; i < grid.nx; i++) out[j * grid.nx + i] = src[row + g.ix[i]!]!;
    }
    return out;
  }) as unknown as Samples;
}

/** A coarser grid over the same frame, and the samples of a finer grid restricted to it (every `factor`-th). */
export function coarsen(grid: Grid, samples: readonly Samples[], factor: number): { grid: Grid; samples: Samples[] } {
  if (factor <= 1) return { grid, samples: [...samples] };
  const pick = <T extends Float64Array | Int32Array>(a: T): T => a.filter((_, i) => i % factor === 0) as T;
  const nx = Math.ceil(grid.nx / factor);
  const ny = Math.ceil(grid.ny / factor);
  const planes = grid.planes.map((p) => ({ ix: pick(p.ix), iy: pick(p.iy), xs: pick(p.xs), ys: pick(p.ys), width: p.width })) as unknown as Grid['planes'];
  const sub = samples.map(
    (s) =>
      s.map((plane) => {
        const out = new Float64Array(nx * ny);
        for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) out[j * nx + i] = plane[j * factor * grid.nx + i * factor]!;
        return out;
      }) as unknown as Samples,
  );
  return { grid: { ...grid, step: grid.step * factor, nx, ny, planes }, samples: sub };
}
