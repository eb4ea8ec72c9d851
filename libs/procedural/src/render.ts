import { glyphBit, GLYPH_ADVANCE, GLYPH_COLUMNS, GLYPH_ROWS } from './font.ts';
import { allocFrame, type Frame } from './frame.ts';
import { cos2pi, exp2, hash3, sin2pi, sqrt, toCode } from './math.ts';
import type { Layer, Scene } from './scene.schema.ts';
import { colorAt, trackAt } from './tracks.ts';

// The renderer: a scene's frame, bit-exact everywhere (math.ts). Each plane is an accumulator of
// doubles, drawn layer by layer in order (fill, gradients, fractal, shapes and text replace what
// they cover; sinusoids and noise add to it), then rounded to 8-bit codes. A sample is evaluated at
// its centre in scene pixels: luma sample i at x = (i + 0.5)·step, chroma sample i at the centre of
// its 2x2 luma block, which is the same formula with twice the step.

/** Where one plane's samples sit in the scene, and its accumulator. */
interface Plane {
  readonly index: 0 | 1 | 2;
  readonly acc: Float64Array;
  readonly w: number;
  readonly h: number;
  /** Scene pixels per sample, across and down. */
  readonly sx: number;
  readonly sy: number;
}

export interface RenderOptions {
  /** Render smaller (an analysis size): each sample is the scene at its centre, point-sampled. */
  readonly scale?: number;
  /** A frame of the render's size to write into. */
  readonly out?: Frame;
}

const even = (n: number) => Math.max(2, 2 * Math.round(n / 2));

/** The size a scene renders at with `scale`. */
export function renderSize(scene: Pick<Scene, 'width' | 'height'>, scale = 1): { width: number; height: number } {
  return scale === 1 ? { width: scene.width, height: scene.height } : { width: even(scene.width * scale), height: even(scene.height * scale) };
}

let buffers: { key: string; planes: Float64Array[] } | undefined;
function accumulators(width: number, height: number): Float64Array[] {
  const key = `${width}x${height}`;
  if (buffers?.key !== key) {
    const chroma = (width / 2) * (height / 2);
    buffers = { key, planes: [new Float64Array(width * height), new Float64Array(chroma), new Float64Array(chroma)] };
  }
  return buffers.planes;
}

export function renderFrame(scene: Scene, frame = 0, options: RenderOptions = {}): Frame {
  const { width, height } = renderSize(scene, options.scale);
  const out = options.out ?? allocFrame(width, height);
  if (out.width !== width || out.height !== height) throw new Error(`the output frame is ${out.width}x${out.height}, not ${width}x${height}`);
  const [ya, ua, va] = accumulators(width, height);
  const sx = scene.width / width;
  const sy = scene.height / height;
  const planes: Plane[] = [
    { index: 0, acc: ya!, w: width, h: height, sx, sy },
    { index: 1, acc: ua!, w: width / 2, h: height / 2, sx: 2 * sx, sy: 2 * sy },
    { index: 2, acc: va!, w: width / 2, h: height / 2, sx: 2 * sx, sy: 2 * sy },
  ];
  for (const plane of planes) plane.acc.fill(0);
  for (const layer of scene.layers) for (const plane of planes) drawLayer(layer, plane, frame, scene);
  const targets = [out.y, out.u, out.v];
  for (const plane of planes) {
    const target = targets[plane.index]!;
    for (let i = 0; i < plane.acc.length; i++) target[i] = toCode(plane.acc[i]!);
  }
  return out;
}

function drawLayer(layer: Layer, plane: Plane, f: number, scene: Scene): void {
  const { acc, w, h, sx, sy, index } = plane;
  switch (layer.kind) {
    case 'fill':
      acc.fill(colorAt(layer.color, f)[index]);
      return;
    case 'linear': {
      const x0 = trackAt(layer.x0, f);
      const y0 = trackAt(layer.y0, f);
      const dx = trackAt(layer.x1, f) - x0;
      const dy = trackAt(layer.y1, f) - y0;
      const from = colorAt(layer.from, f)[index];
      const span = colorAt(layer.to, f)[index] - from;
      const l2 = dx * dx + dy * dy;
      for (let j = 0; j < h; j++) {
        const y = (j + 0.5) * sy;
        for (let i = 0; i < w; i++) {
          const x = (i + 0.5) * sx;
          let t = l2 > 0 ? ((x - x0) * dx + (y - y0) * dy) / l2 : 1;
          t = t < 0 ? 0 : t > 1 ? 1 : t;
          acc[j * w + i] = from + span * t;
        }
      }
      return;
    }
    case 'radial': {
      const cx = trackAt(layer.cx, f);
      const cy = trackAt(layer.cy, f);
      const r = trackAt(layer.r, f);
      const from = colorAt(layer.from, f)[index];
      const span = colorAt(layer.to, f)[index] - from;
      for (let j = 0; j < h; j++) {
        const ddy = (j + 0.5) * sy - cy;
        let previous = 0;
        for (let i = 0; i < w; i++) {
          const ddx = (i + 0.5) * sx - cx;
          const d = sqrt(ddx * ddx + ddy * ddy, previous);
          previous = d;
          const t = r > 0 ? Math.min(1, d / r) : 1;
          acc[j * w + i] = from + span * t;
        }
      }
      return;
    }
    case 'sinusoids': {
      const sA = new Float64Array(w);
      const cA = new Float64Array(w);
      const sB = new Float64Array(h);
      const cB = new Float64Array(h);
      for (const term of layer.terms) {
        const amp = colorAt(term.amplitude, f)[index];
        if (amp === 0) continue;
        const fx = trackAt(term.fx, f) / scene.width;
        const fy = trackAt(term.fy, f) / scene.height;
        const phase = trackAt(term.phase, f);
        // sin(A + B) = sin A cos B + cos A sin B: A per column, B per row.
        for (let i = 0; i < w; i++) {
          const a = fx * (i + 0.5) * sx;
          sA[i] = sin2pi(a);
          cA[i] = cos2pi(a);
        }
        for (let j = 0; j < h; j++) {
          const b = fy * (j + 0.5) * sy + phase;
          sB[j] = amp * sin2pi(b);
          cB[j] = amp * cos2pi(b);
        }
        for (let j = 0; j < h; j++) {
          const s = sB[j]!;
          const c = cB[j]!;
          const row = j * w;
          for (let i = 0; i < w; i++) acc[row + i] = acc[row + i]! + sA[i]! * c + cA[i]! * s;
        }
      }
      return;
    }
    case 'noise': {
      const amp = colorAt(layer.amplitude, f)[index];
      if (amp === 0) return;
      const ox = trackAt(layer.dx, f);
      const oy = trackAt(layer.dy, f);
      const cell = layer.cell;
      for (let j = 0; j < h; j++) {
        const v = ((j + 0.5) * sy - oy) / cell;
        const gy = Math.floor(v);
        const ty = v - gy;
        for (let i = 0; i < w; i++) {
          const u = ((i + 0.5) * sx - ox) / cell;
          const gx = Math.floor(u);
          const tx = u - gx;
          const top = hash3(layer.seed, gx, gy) * (1 - tx) + hash3(layer.seed, gx + 1, gy) * tx;
          const bottom = hash3(layer.seed, gx, gy + 1) * (1 - tx) + hash3(layer.seed, gx + 1, gy + 1) * tx;
          acc[j * w + i] = acc[j * w + i]! + amp * (top * (1 - ty) + bottom * ty);
        }
      }
      return;
    }
    case 'shape': {
      const cx = trackAt(layer.cx, f);
      const cy = trackAt(layer.cy, f);
      const hw = trackAt(layer.w, f) / 2;
      const hh = trackAt(layer.h, f) / 2;
      if (!(hw > 0 && hh > 0)) return;
      const value = colorAt(layer.color, f)[index];
      const [i0, i1] = sampleRange(cx - hw, cx + hw, sx, w);
      const [j0, j1] = sampleRange(cy - hh, cy + hh, sy, h);
      for (let j = j0; j <= j1; j++) {
        const ny = ((j + 0.5) * sy - cy) / hh;
        for (let i = i0; i <= i1; i++) {
          const x = (i + 0.5) * sx - cx;
          const inside = layer.shape === 'rect' ? Math.abs(x) <= hw && Math.abs(ny) <= 1 : (x / hw) * (x / hw) + ny * ny <= 1;
          if (inside) acc[j * w + i] = value;
        }
      }
      return;
    }
    case 'text': {
      const x0 = trackAt(layer.x, f);
      const y0 = trackAt(layer.y, f);
      const size = trackAt(layer.size, f);
      if (!(size > 0)) return;
      const value = colorAt(layer.color, f)[index];
      const [i0, i1] = sampleRange(x0, x0 + layer.text.length * GLYPH_ADVANCE * size, sx, w);
      const [j0, j1] = sampleRange(y0, y0 + GLYPH_ROWS * size, sy, h);
      for (let j = j0; j <= j1; j++) {
        const row = Math.floor(((j + 0.5) * sy - y0) / size);
        for (let i = i0; i <= i1; i++) {
          const column = Math.floor(((i + 0.5) * sx - x0) / size);
          if (column < 0) continue;
          const char = layer.text[Math.floor(column / GLYPH_ADVANCE)];
          const col = column % GLYPH_ADVANCE;
          if (char !== undefined && col < GLYPH_COLUMNS && glyphBit(char, col, row)) acc[j * w + i] = value;
        }
      }
      return;
    }
    case 'fractal': {
      const scale = 4 / exp2(trackAt(layer.zoom, f)) / scene.width;
      const palette = layer.palette;
      for (let j = 0; j < h; j++) {
        const ci = layer.cy + ((j + 0.5) * sy - scene.height / 2) * scale;
        for (let i = 0; i < w; i++) {
          const cr = layer.cx + ((i + 0.5) * sx - scene.width / 2) * scale;
          let zr = 0;
          let zi = 0;
          let n = 0;
          for (; n < layer.iterations; n++) {
            const zr2 = zr * zr;
            const zi2 = zi * zi;
            if (zr2 + zi2 > 4) break;
            zi = 2 * zr * zi + ci;
            zr = zr2 - zi2 + cr;
          }
          acc[j * w + i] = n >= layer.iterations ? layer.inside[index] : palette[n % palette.length]![index];
        }
      }
      return;
    }
  }
}

/** The samples whose centres may fall in [lo, hi] (scene pixels), clamped to the plane; the exact test is the caller's. */
function sampleRange(lo: number, hi: number, step: number, count: number): [number, number] {
  return [Math.max(0, Math.floor(lo / step - 0.5)), Math.min(count - 1, Math.ceil(hi / step - 0.5))];
}
