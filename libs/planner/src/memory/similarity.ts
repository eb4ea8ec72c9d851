import type { SourceDescription } from '@codec-lab/domain';

/**
 * How alike two sources are for compression, from what the runner measured of them: spatial and
 * temporal information (P.910), noise, pixels per frame, frame rate and scene cuts per minute, each
 * on a log scale and divided by the difference that counts as one unit. The units are a judgement
 * (about a third more texture or motion, twice the noise, twice the pixels, 1.6x the frame rate, or
 * e times the cuts each count as much), not fitted: they decide how far a remembered source's
 * lesson carries, and the learning benchmark shows what they give.
 */
const UNITS = { spatial: 0.3, temporal: 0.35, noise: 0.7, pixels: 0.7, frameRate: 0.5, cuts: 1 } as const;

export type FeatureVector = Readonly<Record<keyof typeof UNITS, number>>;

/** The source's position in feature space, or undefined when the runner measured no features. */
export function featureVector(description: SourceDescription): FeatureVector | undefined {
  const f = description.features;
  if (!f) return undefined;
  // Cuts per minute, counting a source shorter than a minute as one: one cut in a 2 s clip says
  // little about how often its content cuts, and must not weigh as 30 a minute.
  const minutes = Math.max(description.durationSeconds, 60) / 60;
  return {
    spatial: Math.log1p(f.spatialInfo.mean),
    temporal: Math.log1p(f.temporalInfo.mean),
    noise: Math.log(0.25 + f.noise),
    pixels: Math.log(description.width * description.height),
    frameRate: Math.log(description.fps),
    cuts: Math.log1p(f.sceneCutCount / minutes),
  };
}

/** The distance in units (0: alike in every feature). */
export function featureDistance(a: FeatureVector, b: FeatureVector): number {
  let sum = 0;
  for (const key of Object.keys(UNITS) as (keyof typeof UNITS)[]) sum += ((a[key] - b[key]) / UNITS[key]) ** 2;
  return Math.sqrt(sum);
}

/** exp(-d^2 / 2): 1 for the same content, 0.61 one unit away, 0.14 two, 0.01 three. */
export function similarity(a: SourceDescription, b: SourceDescription): number {
  const va = featureVector(a);
  const vb = featureVector(b);
  if (!va || !vb) return 0;
  return Math.exp(-(featureDistance(va, vb) ** 2) / 2);
}

/**
 * Where a source's memory is kept: a cell of pixels per frame (5 classes) by motion (3 bands of
 * temporal information), so that a new campaign reads the few cells near its own source and never
 * the whole memory. A source without features is kept in the motion band 1 of its size class.
 */
export interface MemoryCell {
  readonly size: number;
  readonly motion: number;
}

const SIZE_LIMITS = [200_000, 600_000, 1_300_000, 3_200_000];
const MOTION_LIMITS = [4, 14];

const band = (value: number, limits: readonly number[]) => limits.filter((l) => value >= l).length;

export function memoryCell(description: SourceDescription): MemoryCell {
  const motion = description.features ? band(description.features.temporalInfo.mean, MOTION_LIMITS) : 1;
  return { size: band(description.width * description.height, SIZE_LIMITS), motion };
}

export const cellKey = (cell: MemoryCell) => `s${cell.size}m${cell.motion}`;

/** The source's cell and its neighbours (one class of size and one band of motion either way): at most 9. */
export function nearbyCells(description: SourceDescription): MemoryCell[] {
  const own = memoryCell(description);
  const cells: MemoryCell[] = [];
  for (let size = own.size - 1; size <= own.size + 1; size++) {
    for (let motion = own.motion - 1; motion <= own.motion + 1; motion++) {
      if (size >= 0 && size <= SIZE_LIMITS.length && motion >= 0 && motion <= MOTION_LIMITS.length) cells.push({ size, motion });
    }
  }
  return cells;
}
