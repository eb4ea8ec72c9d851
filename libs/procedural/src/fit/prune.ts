import { squaredErrors, type Frame } from '../frame.ts';
import { quantizeScene, type Quantization } from '../format.ts';
import { renderFrame, renderSize } from '../render.ts';
import type { Layer, Scene } from '../scene.schema.ts';
import type { FitContext } from './context.ts';

// Analysis by synthesis over the whole description: each shape or text layer and each sinusoid term is
// taken out in turn, the scene rendered without it (at a reduced size, every frame) and compared
// with the frames; what does not earn its place is dropped. This catches whatever the stages before
// got wrong in the same way: a shape found twice, a fragment at an edge, a term of no amplitude.

/** Luma samples per frame the comparison renders: enough to see a shape of a few percent of the frame. */
const SAMPLES_PER_FRAME = 60_000;
/** A part stays when taking it out raises the error by more than this share (and a floor per sample). */
const MIN_RELATIVE_GAIN = 0.002;
const MIN_GAIN_PER_SAMPLE = 1e-3;

export async function pruneScene(scene: Scene, frames: readonly Frame[], quantization: Quantization, ctx: FitContext): Promise<Scene> {
  const { width, height } = scene;
  const scale = Math.min(1, Math.sqrt(SAMPLES_PER_FRAME / (width * height)));
  const size = renderSize(scene, scale);
  const targets = frames.map((f) => pointSample(f, size.width, size.height));
  const samples = size.width * size.height * 1.5 * frames.length;
  const error = async (candidate: Scene) => {
    const q = quantizeScene(candidate, quantization);
    let sse = 0;
    let out: Frame | undefined;
    for (let f = 0; f < frames.length; f++) {
      if (f % 8 === 0) await ctx.tick();
      out = renderFrame(q, f, out ? { scale, out } : { scale });
      const d = squaredErrors(targets[f]!, out);
      sse += d.y + d.u + d.v;
    }
    return sse;
  };
  let current = scene;
  let e = await error(current);
  const earns = (without: number) => without - e > Math.max(MIN_RELATIVE_GAIN * e, MIN_GAIN_PER_SAMPLE * samples);
  // From the top down: the parts most likely to be redundant (later shapes) go first.
  for (let i = current.layers.length - 1; i >= 0; i--) {
    const layer = current.layers[i]!;
    if (layer.kind === 'shape' || layer.kind === 'text') {
      const trial = { ...current, layers: current.layers.filter((_, k) => k !== i) };
      const without = await error(trial);
      if (!earns(without)) [current, e] = [trial, Math.min(e, without)];
    } else if (layer.kind === 'sinusoids') {
      for (let t = layer.terms.length - 1; t >= 0; t--) {
        const l = current.layers[i] as Extract<Layer, { kind: 'sinusoids' }>;
        const terms = l.terms.filter((_, k) => k !== t);
        const layers = terms.length ? current.layers.map((x, k) => (k === i ? { ...l, terms } : x)) : current.layers.filter((_, k) => k !== i);
        const trial = { ...current, layers };
        const without = await error(trial);
        if (!earns(without)) [current, e] = [trial, Math.min(e, without)];
        if (!terms.length && current === trial) break;
      }
    }
  }
  return current;
}

/** The frame's pixels under the centres of a smaller render's samples (what a point-sampled render is compared with). */
function pointSample(frame: Frame, w: number, h: number): Frame {
  if (w === frame.width && h === frame.height) return frame;
  const pick = (src: Uint8Array, sw: number, sh: number, dw: number, dh: number) => {
    const out = new Uint8Array(dw * dh);
    for (let j = 0; j < dh; j++) {
      const y = Math.min(sh - 1, Math.floor(((j + 0.5) * sh) / dh));
      for (let i = 0; i < dw; i++) out[j * dw + i] = src[y * sw + Math.min(sw - 1, Math.floor(((i + 0.5) * sw) / dw))]!;
    }
    return out;
  };
  return {
    width: w,
    height: h,
    y: pick(frame.y, frame.width, frame.height, w, h),
    u: pick(frame.u, frame.width / 2, frame.height / 2, w / 2, h / 2),
    v: pick(frame.v, frame.width / 2, frame.height / 2, w / 2, h / 2),
  };
}
