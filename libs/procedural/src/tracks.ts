import type { Color, Track } from './scene.schema.ts';

/** A track's value at a frame: the constant, or linear between keyframes and held beyond them. */
export function trackAt(track: Track, frame: number): number {
  if (typeof track === 'number') return track;
  const first = track[0]!;
  if (frame <= first[0]) return first[1];
  for (let i = 1; i < track.length; i++) {
    const [f1, v1] = track[i]!;
    if (frame <= f1) {
      const [f0, v0] = track[i - 1]!;
      return v0 + ((v1 - v0) * (frame - f0)) / (f1 - f0);
    }
  }
  return track[track.length - 1]![1];
}

export function colorAt(color: Color, frame: number): [number, number, number] {
  return [trackAt(color[0], frame), trackAt(color[1], frame), trackAt(color[2], frame)];
}
