import type { Color, Track } from '../scene.schema.ts';
import { simplifyTrack } from './keyframes.ts';

// Turning per-frame measurements into Tracks, with the tolerance tied to the quantisation step:
// a track never needs to be closer than the step it is stored with. A measurement that wanders
// (a camera clip has no straight lines to find) would need a keyframe almost every frame; the
// tolerance is then widened, a few times, so a poor fit stays a small one.

export interface Steps {
  readonly position: number;
  readonly color: number;
  readonly phase: number;
}

export const stepsOf = (q: { positionBits: number; colorBits: number; phaseBits: number }): Steps => ({
  position: 2 ** -q.positionBits,
  color: 2 ** -q.colorBits,
  phase: 2 ** -q.phaseBits,
});

/** A track within `tolerance` (never below one step), widened while it needs more than about one keyframe in six frames. */
export function toTrack(values: ArrayLike<number>, tolerance: number | ArrayLike<number>, step: number, weights?: ArrayLike<number>): Track {
  const n = values.length;
  const budget = Math.max(4, Math.ceil(n / 6));
  let scale = 1;
  for (let attempt = 0; ; attempt++) {
    const tol = typeof tolerance === 'number' ? Math.max(step, tolerance) * scale : Array.from(tolerance, (t) => Math.max(step, t) * scale);
    const track = simplifyTrack(values, weights ? { tolerance: tol, weights } : { tolerance: tol });
    if (typeof track === 'number' || track.length <= budget || attempt >= 4) return track;
    scale *= 2;
  }
}

export function toColor(values: readonly ArrayLike<number>[], tolerance: number, step: number, weights?: ArrayLike<number>): Color {
  return [toTrack(values[0]!, tolerance, step, weights), toTrack(values[1]!, tolerance, step, weights), toTrack(values[2]!, tolerance, step, weights)];
}

/** Frame indices at which a set of tracks has keyframes (a constant has none). */
export function keyframeFrames(tracks: readonly Track[]): number[] {
  const frames = new Set<number>();
  for (const t of tracks) if (typeof t !== 'number' && t.length > 1) for (const [f] of t) frames.add(f);
  return [...frames].sort((a, b) => a - b);
}

/** Unwraps a sequence that is only known modulo `period` into the continuous one nearest each previous value. */
export function unwrap(values: ArrayLike<number>, period: number): Float64Array {
  const out = Float64Array.from(values);
  for (let i = 1; i < out.length; i++) out[i] = out[i]! - period * Math.round((out[i]! - out[i - 1]!) / period);
  return out;
}
