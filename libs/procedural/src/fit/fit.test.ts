import { describe, expect, it } from 'vitest';
import { PROCEDURAL_SCENES } from '../catalog.ts';
import { encodeScene } from '../format.ts';
import { framePsnr } from '../frame.ts';
import { renderFrame } from '../render.ts';
import type { LayerKind } from '../scene.schema.ts';
import { fitScene, type FitOptions } from './index.ts';

// The fitter on frames the renderer drew from the catalog's scenes (the same scenes the
// parameter-storage benchmark renders: these tests check the fitter works, they are not its score).

const FITTABLE: LayerKind[] = ['fill', 'linear', 'radial', 'sinusoids', 'shape', 'text'];
const SIZE = { width: 160, height: 90, frames: 8, fps: [30, 1] as [number, number] };
const options = (over: Partial<FitOptions> = {}): FitOptions => ({
  fps: [30, 1],
  vocabulary: FITTABLE,
  effort: 1,
  quantization: { positionBits: 4, colorBits: 2, phaseBits: 12 },
  ...over,
});
const framesOf = (name: string) => {
  const scene = PROCEDURAL_SCENES[name]!(SIZE);
  return Array.from({ length: SIZE.frames }, (_, i) => renderFrame(scene, i));
};
const kinds = (layers: readonly { kind: LayerKind }[]) => layers.map((l) => l.kind);

describe('fitScene', () => {
  it('finds the gradient and the moving box, in a description of a few hundred bytes that renders back within 40 dB', async () => {
    const frames = framesOf('gradient-box');
    const fit = await fitScene(frames, options());
    expect(kinds(fit.scene.layers)).toEqual(['linear', 'shape']);
    expect(fit.psnr.avg).toBeGreaterThan(40);
    expect(encodeScene(fit.scene).length).toBeLessThan(400);
    // The PSNR reported is the stored scene's, rendered: the same figure a reader gets.
    const last = SIZE.frames - 1;
    expect(framePsnr(renderFrame(fit.scene, last), frames[last]!).avg).toBeGreaterThan(35);
    expect(fit.summary).toHaveLength(2);
    expect(fit.summary[1]).toMatch(/^rect 24x18 /);
  });

  it('finds a plasma as sinusoids over a fill', async () => {
    const fit = await fitScene(framesOf('plasma'), options());
    expect(kinds(fit.scene.layers)).toEqual(['fill', 'sinusoids']);
    expect(fit.psnr.avg).toBeGreaterThan(50);
  });

  it('reads a line of text in the built-in font, with its slide and its fade', async () => {
    const scene = PROCEDURAL_SCENES['title-card']!({ ...SIZE, width: 320, height: 180 });
    const frames = Array.from({ length: SIZE.frames }, (_, i) => renderFrame(scene, i));
    const fit = await fitScene(frames, options());
    const text = fit.scene.layers.find((l) => l.kind === 'text');
    expect(text).toMatchObject({ text: 'CODEC LAB', size: 4 });
    // The luma of every frame: the text's edges are where the source has them.
    expect(fit.psnr.y).toBeGreaterThan(45);
    const plain = await fitScene(frames, options({ vocabulary: ['fill', 'linear', 'radial', 'sinusoids', 'shape'] }));
    expect(plain.scene.layers.some((l) => l.kind === 'text')).toBe(false);
    expect(plain.psnr.y).toBeLessThan(fit.psnr.y - 10);
  });

  it('keeps to the vocabulary it is given, and says what it could not describe', async () => {
    const fit = await fitScene(framesOf('gradient-box'), options({ vocabulary: ['fill', 'linear'] }));
    expect(kinds(fit.scene.layers)).toEqual(['linear']);
    expect(fit.notFitted.join(' ')).toMatch(/luma samples are more than 8 code values/);
    await expect(fitScene(framesOf('plasma'), options({ vocabulary: ['shape'] }))).rejects.toThrow(/needs a background/);
  });

  it('gives the same description for the same frames', async () => {
    const frames = framesOf('radial-ellipse');
    const [a, b] = [await fitScene(frames, options()), await fitScene(frames, options())];
    expect(b.scene).toEqual(a.scene);
  });

  it('stops when aborted, and reports progress up to 100', async () => {
    const frames = framesOf('plasma');
    const controller = new AbortController();
    const seen: number[] = [];
    const run = fitScene(frames, options({ signal: controller.signal, onProgress: (p) => (seen.push(p.percent), p.stage === 'smooth' && controller.abort(new Error('stopped by the test'))) }));
    await expect(run).rejects.toThrow('stopped by the test');
    const percents: number[] = [];
    await fitScene(framesOf('gradient-box'), options({ onProgress: (p) => percents.push(p.percent) }));
    expect(percents.at(-1)).toBe(100);
    expect(percents.every((p, i) => i === 0 || p >= percents[i - 1]!)).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
  });
});
