import { DomainError } from '@codec-lab/domain';
import type { Rational } from './probe.ts';

/** What an artifact (or the stretch of source it stands for) holds. */
export interface FrameSpan {
  readonly frames: number;
  readonly durationSeconds: number;
}

/**
 * Fails with 'precondition' unless the artifact holds exactly the source's frames and lasts as
 * long, within one frame interval: the same count over a different duration means the timing was
 * rewritten (a rate change, dropped and duplicated frames), which the metrics alone would not show.
 */
export function checkArtifactMatchesSource(artifact: FrameSpan, source: FrameSpan & { readonly fps: Rational }): void {
  requireFrames('the artifact holds', artifact.frames, source.frames);
  const tolerance = frameTolerance(source);
  const gap = Math.abs(artifact.durationSeconds - source.durationSeconds);
  if (gap > tolerance) {
    const a = artifact.durationSeconds.toFixed(3);
    const s = source.durationSeconds.toFixed(3);
    throw new DomainError(
      'precondition',
      'ERR_DURATION_MISMATCH',
      `the artifact lasts ${a} s but the source ${s} s (tolerance ${tolerance.toFixed(3)} s, one frame)`,
      { details: [`artifactSeconds=${a}`, `sourceSeconds=${s}`] },
    );
  }
}

/** Fails with 'precondition' ERR_FRAME_COUNT_MISMATCH unless `actual` equals the source's `expected`. */
export function requireFrames(what: string, actual: number, expected: number): void {
  if (actual !== expected) {
    throw new DomainError('precondition', 'ERR_FRAME_COUNT_MISMATCH', `${what} ${actual} frames but the source has ${expected}`, {
      details: [`actual=${actual}`, `source=${expected}`],
    });
  }
}

// One frame: the longer of the nominal interval and the mean one (a variable-rate source can
// have longer frames than its nominal rate says), plus a millisecond for container time scales.
function frameTolerance(source: FrameSpan & { readonly fps: Rational }): number {
  const nominal = source.fps.den / source.fps.num;
  const mean = source.frames > 0 ? source.durationSeconds / source.frames : nominal;
  return Math.max(nominal, mean) + 0.001;
}
