import { z } from 'zod';
import { DomainError } from './errors.ts';
import { PROBE_MAX_SHARE } from './result.schema.ts';
import type { SourceDescription } from './source.schema.ts';

/**
 * Sampled search on long sources: `auto` (the default) searches on sampled segments when the source
 * is longer than `minSourceSeconds`, `on` always (refused where the segments would cover too much of
 * the source), `off` never.
 */
export const SAMPLING_MODES = ['auto', 'on', 'off'] as const;
export const SAMPLING_DEFAULTS = { minSourceSeconds: 20, segments: 4, segmentSeconds: 2 } as const;

/** Full encodes a sampled campaign ends with at most: its choice, and one more where that missed the objective. */
export const MAX_FINAL_ENCODES = 2;

/** The `sampling` of `POST /v1/campaigns`. */
export const SamplingRequestSchema = z.strictObject({
  mode: z.enum(SAMPLING_MODES).default('auto'),
  minSourceSeconds: z.number().min(1).max(86_400).optional(),
  segments: z.int().min(1).max(10).optional(),
  segmentSeconds: z.number().min(0.5).max(10).optional(),
});
export type SamplingRequest = z.input<typeof SamplingRequestSchema>;
export type SamplingRequestOutput = z.output<typeof SamplingRequestSchema>;

/**
 * How a sampled campaign searches: every experiment after the baseline runs on these segments (the
 * runner's probe mode); the baseline runs in full and again on the segments, which measures probe
 * mode's bias on this source; the campaign ends with full encodes of its chosen config.
 */
export const SamplingSchema = z.strictObject({
  segments: z.int().min(1).max(10),
  segmentSeconds: z.number().min(0.5).max(10),
  /** Where each segment starts, seconds from the source's start (scene-representative places). */
  starts: z.array(z.number().nonnegative()).min(1).max(10),
  /** Why the campaign is sampled, and how the places were chosen. */
  reason: z.string().max(500),
});
export type Sampling = z.infer<typeof SamplingSchema>;

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Where `segments` segments of `segmentSeconds` represent a source of `duration` seconds with scene
 * cuts at `cuts`: the source is split into equal slices and each slice is represented by its longest
 * stretch of one scene, the segment centred in it (so a segment crosses a cut only where no scene of
 * its slice is long enough). Without cuts: the middle of each slice.
 */
export function sceneRepresentativeStarts(duration: number, cuts: readonly number[], segments: number, segmentSeconds: number): number[] {
  const slice = duration / segments;
  const bounds = [0, ...cuts.filter((c) => c > 0 && c < duration), duration].sort((a, b) => a - b);
  const starts: number[] = [];
  for (let i = 0; i < segments; i++) {
    const [lo, hi] = [i * slice, (i + 1) * slice];
    let best = { from: lo, to: hi, length: -1 };
    for (let k = 0; k + 1 < bounds.length; k++) {
      const from = Math.max(bounds[k]!, lo);
      const to = Math.min(bounds[k + 1]!, hi);
      if (to - from > best.length) best = { from, to, length: to - from };
    }
    const centred = (best.from + best.to) / 2 - segmentSeconds / 2;
    starts.push(round3(Math.min(Math.max(centred, lo), hi - segmentSeconds)));
  }
  return starts;
}

/**
 * The campaign's sampling, decided once when it is created from what the runner found the source to
 * be; undefined: every experiment encodes the whole source.
 */
export function samplingPlan(request: SamplingRequestOutput | undefined, description: SourceDescription | undefined): Sampling | undefined {
  const mode = request?.mode ?? 'auto';
  if (mode === 'off' || !description) return undefined;
  const minSourceSeconds = request?.minSourceSeconds ?? SAMPLING_DEFAULTS.minSourceSeconds;
  const duration = description.durationSeconds;
  if (mode === 'auto' && duration <= minSourceSeconds) return undefined;
  const segments = request?.segments ?? SAMPLING_DEFAULTS.segments;
  const segmentSeconds = request?.segmentSeconds ?? SAMPLING_DEFAULTS.segmentSeconds;
  if (segments * segmentSeconds >= duration * PROBE_MAX_SHARE) {
    if (mode === 'auto') return undefined;
    throw new DomainError(
      'invalid',
      'ERR_SAMPLING_TOO_LONG',
      `sampling.segments x sampling.segmentSeconds = ${segments * segmentSeconds} s covers ${PROBE_MAX_SHARE * 100}% or more of this ${duration.toFixed(2)} s source: measure it in full (sampling.mode "off") or take fewer or shorter segments`,
    );
  }
  const cuts = description.features?.sceneCuts ?? [];
  const why = mode === 'on' ? 'sampling requested' : `the source is ${duration.toFixed(1)} s, longer than ${minSourceSeconds} s`;
  return {
    segments,
    segmentSeconds,
    starts: sceneRepresentativeStarts(duration, cuts, segments, segmentSeconds),
    reason: `${why}: ${segments} segments of ${segmentSeconds} s, each in the longest scene of its ${(duration / segments).toFixed(1)} s slice (${cuts.length} scene cuts known)`,
  };
}
