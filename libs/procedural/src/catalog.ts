import type { Scene } from './scene.schema.ts';

// Named procedural scenes for tests and benchmarks, at any size. Coefficients sit on the default
// quantisation grid (positions 1/16 px, colours 1/4, phases 1/4096), so a perfect fit stores them
// exactly. The fitter's tests and the parameter-storage benchmark render these; the benchmark says so.

export interface SceneSize {
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  readonly fps: readonly [number, number];
}

const pos = (v: number) => Math.round(v * 16) / 16;
const phase = (v: number) => Math.round(v * 4096) / 4096;

function base(size: SceneSize): Omit<Scene, 'layers'> {
  return { v: 1, width: size.width, height: size.height, fps: [size.fps[0], size.fps[1]], frames: size.frames };
}

export const PROCEDURAL_SCENES: Record<string, (size: SceneSize) => Scene> = {
  /** A two-colour gradient whose colours shift, with a box moving across it. */
  'gradient-box': (s) => {
    const last = s.frames - 1;
    const { width: W, height: H } = s;
    return {
      ...base(s),
      layers: [
        { kind: 'linear', x0: 0, y0: 0, x1: W, y1: pos(H / 2), from: [[[0, 60], [last, 92]], 110, [[0, 150], [last, 138]]], to: [[[0, 200], [last, 168]], [[0, 140], [last, 130]], 110] },
        { kind: 'shape', shape: 'rect', cx: [[0, pos(W * 0.2)], [last, pos(W * 0.8)]], cy: [[0, pos(H * 0.3)], [last, pos(H * 0.6)]], w: pos(W * 0.15), h: pos(H * 0.2), color: [235, 128, 128] },
      ],
    };
  },
  /** A radial gradient whose centre drifts, with an ellipse growing over it. */
  'radial-ellipse': (s) => {
    const last = s.frames - 1;
    const { width: W, height: H } = s;
    return {
      ...base(s),
      layers: [
        { kind: 'radial', cx: [[0, pos(W * 0.4)], [last, pos(W * 0.6)]], cy: [[0, pos(H * 0.5)], [last, pos(H * 0.45)]], r: pos(W * 0.7), from: [220, 100, 160], to: [30, 140, 120] },
        { kind: 'shape', shape: 'ellipse', cx: pos(W / 2), cy: pos(H / 2), w: [[0, pos(W * 0.05)], [last, pos(W * 0.3)]], h: [[0, pos(H * 0.05)], [last, pos(H * 0.3)]], color: [80, 200, 80] },
      ],
    };
  },
  /** A plasma: three 2-D sinusoids with moving phases over a grey fill. */
  plasma: (s) => {
    const last = s.frames - 1;
    return {
      ...base(s),
      layers: [
        { kind: 'fill', color: [128, 128, 128] },
        {
          kind: 'sinusoids',
          terms: [
            { fx: 2, fy: 1, phase: [[0, 0], [last, phase(last * 0.01)]], amplitude: [30, 8, -6] },
            { fx: -1, fy: 3, phase: [[0, 0.25], [last, phase(0.25 - last * 0.013)]], amplitude: [20, -5, 10] },
            { fx: 3, fy: -2, phase: [[0, 0.5], [last, phase(0.5 + last * 0.007)]], amplitude: [15, 6, 4] },
          ],
        },
      ],
    };
  },
  /** A title card: a vertical gradient, a line of text fading in while it slides. */
  'title-card': (s) => {
    const last = s.frames - 1;
    const { width: W, height: H } = s;
    const text = 'CODEC LAB';
    const size = Math.max(1, Math.floor(W / (6 * text.length + 12)));
    return {
      ...base(s),
      layers: [
        { kind: 'linear', x0: 0, y0: 0, x1: 0, y1: H, from: [20, 150, 118], to: [60, 160, 110] },
        { kind: 'text', text, x: [[0, pos(W * 0.02)], [last, pos(W * 0.08)]], y: pos((H - 7 * size) / 2), size, color: [[[0, 24], [Math.floor(last / 2), 235]], 128, 128] },
      ],
    };
  },
  /** A steady Mandelbrot zoom into Seahorse Valley. */
  'fractal-zoom': (s) => ({
    ...base(s),
    layers: [
      {
        kind: 'fractal',
        cx: -0.743643887,
        cy: 0.131825904,
        zoom: [[0, 0], [s.frames - 1, phase((s.frames - 1) * 0.05)]],
        iterations: 96,
        palette: [[40, 150, 110], [80, 140, 100], [120, 120, 140], [160, 100, 150], [200, 90, 130], [235, 110, 120], [180, 150, 90], [100, 170, 100]],
        inside: [16, 128, 128],
      },
    ],
  }),
  /** A gradient under drifting seeded value noise. */
  'noise-drift': (s) => {
    const last = s.frames - 1;
    const { width: W, height: H } = s;
    return {
      ...base(s),
      layers: [
        { kind: 'linear', x0: 0, y0: pos(H / 2), x1: W, y1: pos(H / 2), from: [70, 120, 140], to: [180, 135, 115] },
        { kind: 'noise', seed: 7, cell: pos(Math.max(2, W / 16)), dx: [[0, 0], [last, pos(last * 2)]], dy: 0, amplitude: [12, 3, 3] },
      ],
    };
  },
};
