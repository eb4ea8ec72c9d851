import { DomainError, PROBE_MAX_SHARE, type ProbeSpec } from '@codec-lab/domain';
import type { InputSpec } from './input.ts';

/** One stretch of the source to encode and measure on its own. */
export interface SegmentPlan {
  readonly index: number;
  /** Index of the segment's first source frame. */
  readonly firstFrame: number;
  /** Presentation time of that frame, seconds from the source's start. */
  readonly startSeconds: number;
  /** The segment alone, ready for encode() and measure(): `frames` and `durationSeconds` are its own. */
  readonly input: InputSpec;
}


/**
 * Takes `spec.segmentSeconds` at each of `spec.starts` (chosen by the caller, at scene-representative
 * places), or else from the middle of each of `spec.segments` equal slices, so the segments never
 * overlap and never leave the source (a start that would run past the end is refused). Returns null
 * when the source is too short for the probe to pay off (see PROBE_MAX_SHARE): measure it in full.
 */
export function planProbe(input: InputSpec, spec: ProbeSpec): SegmentPlan[] | null {
  const total = input.durationSeconds;
  if (spec.segments * spec.segmentSeconds >= total * PROBE_MAX_SHARE) return null;
  const times = input.frameTimes ?? Array.from({ length: input.frames }, (_, i) => (i * input.fps.den) / input.fps.num);
  const first = times[0]!;
  const slice = total / spec.segments;

  const plans: SegmentPlan[] = [];
  for (let index = 0; index < spec.segments; index++) {
    const given = spec.starts?.[index];
    if (given !== undefined && given + spec.segmentSeconds > total + 1e-6) {
      throw new DomainError('invalid', 'ERR_PROBE_STARTS', `probe.starts[${index}] = ${given} s: a ${spec.segmentSeconds} s segment there would end after the source (${total.toFixed(3)} s)`);
    }
    const from = first + (given ?? index * slice + (slice - spec.segmentSeconds) / 2);
    const start = firstAtOrAfter(times, from);
    // At least one frame, even when the source's frames are further apart than the segment.
    const end = Math.max(start + 1, firstAtOrAfter(times, from + spec.segmentSeconds));
    if (start >= times.length || end > times.length) return null;
    plans.push({ index, firstFrame: start, startSeconds: times[start]!, input: segmentInput(input, times, start, end) });
  }
  return plans;
}

// Frames [start, end) of the source. A file is cut by input seeking (`-ss`/`-t` before `-i`),
// which ffmpeg makes frame-exact by decoding from the keyframe before the cut and dropping frames
// outside [ss, ss + t). Each cut sits just before a frame (EDGE, at most a quarter of the gap to
// the frame before), so no frame sits on an edge, and the segment's first frame lands within
// 0.1 ms of zero: an encoder whose wrapper keeps time in frame units (ffmpeg 5.1's libsvtav1) gets
// the frames' own spacing, where a cut halfway between frames offset every timestamp by half a frame
// and made them collide. A synthetic source is cut by frame number.
function segmentInput(input: InputSpec, times: readonly number[], start: number, end: number): InputSpec {
  const frames = end - start;
  const last = times.length;
  const spanEnd = end < last ? times[end]! : times[0]! + input.durationSeconds;
  const durationSeconds = spanEnd - times[start]!;
  if (input.kind === 'synthetic') {
    return {
      ...input,
      input: `${input.input},trim=start_frame=${start}:end_frame=${end},setpts=PTS-STARTPTS`,
      frames,
      durationSeconds,
      frameTimes: null,
    };
  }
  const before = (i: number) => times[i]! - Math.min(EDGE, (times[i]! - times[i - 1]!) / 4);
  const seek = start > 0 ? before(start) : 0;
  const cut = end < last ? before(end) : null;
  const options = [
    ...input.inputOptions,
    ...(start > 0 ? ['-ss', seconds(seek)] : []),
    ...(cut !== null ? ['-t', seconds(cut - seek)] : []),
  ];
  return {
    ...input,
    inputOptions: options,
    frames,
    durationSeconds,
    frameTimes: times.slice(start, end).map((t) => t - seek),
  };
}

/** How far before a frame a cut is placed, seconds. */
const EDGE = 1e-4;

// Index of the first time >= t (times ascending), or times.length; a microsecond of slack so a
// frame exactly on the boundary belongs to the segment it starts.
function firstAtOrAfter(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t - 1e-6) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function seconds(value: number): string {
  return value.toFixed(6);
}
