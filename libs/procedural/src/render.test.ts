import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PROCEDURAL_SCENES } from './catalog.ts';
import { exp2, sin2pi, sqrt } from './math.ts';
import { renderFrame } from './render.ts';
import type { Layer, Scene } from './scene.schema.ts';
import { trackAt } from './tracks.ts';

const scene = (layers: Layer[], width = 16, height = 8): Scene => ({ v: 1, width, height, fps: [30, 1], frames: 10, layers });
const digest = (s: Scene, frame: number) => {
  const f = renderFrame(s, frame);
  return createHash('sha256').update(f.y).update(f.u).update(f.v).digest('hex');
};

describe('tracks', () => {
  it('are constant, or linear between keyframes and held beyond them', () => {
    expect(trackAt(7, 3)).toBe(7);
    const track: [number, number][] = [[2, 10], [6, 30]];
    expect([0, 2, 3, 6, 9].map((f) => trackAt(track, f))).toEqual([10, 10, 15, 30, 30]);
  });
});

describe('deterministic math', () => {
  it('is close to the engine functions it replaces', () => {
    for (let c = -3; c <= 3; c += 0.037) expect(Math.abs(sin2pi(c) - Math.sin(2 * Math.PI * c))).toBeLessThan(1e-10);
    for (let x = -20; x <= 20; x += 0.31) expect(Math.abs(exp2(x) / 2 ** x - 1)).toBeLessThan(1e-12);
    for (const v of [0, 1e-6, 0.5, 2, 1e3, 4.8e6]) expect(Math.abs(sqrt(v) - Math.sqrt(v))).toBeLessThanOrEqual(Math.sqrt(v) * 1e-14);
  });
});

describe('renderFrame', () => {
  it('draws each layer as its definition says', () => {
    const fill = renderFrame(scene([{ kind: 'fill', color: [100, 50, 200] }]));
    expect([fill.y[0], fill.u[0], fill.v[0]]).toEqual([100, 50, 200]);
    // From 0 at x=0 to 160 at x=16: luma pixel i is at i + 0.5, so 10·(i + 0.5), rounded half up.
    const linear = renderFrame(scene([{ kind: 'linear', x0: 0, y0: 0, x1: 16, y1: 0, from: [0, 0, 0], to: [160, 160, 160] }]));
    expect([...linear.y.subarray(0, 16)]).toEqual(Array.from({ length: 16 }, (_, i) => Math.round(10 * (i + 0.5))));
    // Chroma sample i sits at the centre of its 2x2 block, x = 2i + 1.
    expect([...linear.u.subarray(0, 8)]).toEqual(Array.from({ length: 8 }, (_, i) => 10 * (2 * i + 1)));
    const rect = renderFrame(scene([{ kind: 'fill', color: [0, 0, 0] }, { kind: 'shape', shape: 'rect', cx: 8, cy: 4, w: 4, h: 2, color: [255, 1, 2] }]));
    const covered = [...rect.y].flatMap((v, i) => (v === 255 ? [[i % 16, Math.floor(i / 16)]] : []));
    expect(covered).toEqual([6, 7, 8, 9].flatMap((x) => [3, 4].map((y) => [x, y])).sort((a, b) => a[1]! - b[1]! || a[0]! - b[0]!));
    const wave = renderFrame(scene([{ kind: 'fill', color: [128, 128, 128] }, { kind: 'sinusoids', terms: [{ fx: 1, fy: 0, phase: 0, amplitude: [100, 0, 0] }] }]));
    expect(wave.y[4]).toBe(Math.round(128 + 100 * Math.sin(2 * Math.PI * (4.5 / 16))));
    const text = renderFrame(scene([{ kind: 'fill', color: [0, 0, 0] }, { kind: 'text', text: 'I', x: 0, y: 0, size: 1, color: [200, 0, 0] }]));
    // 'I' is 0x0e on its first row: columns 1-3.
    expect([...text.y.subarray(0, 6)]).toEqual([0, 200, 200, 200, 0, 0]);
  });

  it('point-samples a scaled render at the scene positions of its samples', () => {
    const s = scene([{ kind: 'linear', x0: 0, y0: 0, x1: 16, y1: 8, from: [0, 0, 0], to: [255, 255, 255] }]);
    const half = renderFrame(s, 0, { scale: 0.5 });
    expect([half.width, half.height]).toEqual([8, 4]);
    // Sample (i, j) of the half-size render is at scene (2i + 1, 2j + 1): the full render's chroma positions.
    expect([...half.y]).toEqual([...renderFrame(s, 0).u]);
  });

  it('renders every catalog scene to the same bytes on every machine', () => {
    // Computed once with this renderer; a change to any of them means frames differ from those of
    // artifacts already stored, which a reader would then decode differently.
    const size = { width: 160, height: 90, frames: 30, fps: [30, 1] as const };
    const hashes = Object.fromEntries(Object.entries(PROCEDURAL_SCENES).map(([name, make]) => [name, digest(make(size), 17).slice(0, 16)]));
    expect(hashes).toEqual(GOLDEN);
  });
});

const GOLDEN: Record<string, string> = {
  'fractal-zoom': '150f6265b63ea8dd',
  'gradient-box': '4759ab402bd55ba1',
  'noise-drift': 'b9b369c9aa2080fa',
  plasma: 'ee453bf8b6d3774a',
  'radial-ellipse': '0faa9d5c2adb376f',
  'title-card': '5d3dfdbe5f3b0ff7',
};
