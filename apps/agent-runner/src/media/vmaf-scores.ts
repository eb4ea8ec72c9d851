import { DomainError, type VmafModel, type VmafScore } from '@codec-lab/domain';

/** libvmaf's per-frame scores of one measured piece, as its JSON log holds them. */
export interface VmafLog {
  readonly libvmafVersion: string;
  /** Indexes (within the piece) of the frames libvmaf scored. */
  readonly frames: readonly number[];
  readonly scores: readonly number[];
}

interface LibvmafJson {
  version?: unknown;
  frames?: { frameNum?: unknown; metrics?: { vmaf?: unknown } }[];
}

/** Reads libvmaf's JSON log ('internal' ERR_MEASURE_FAILED when it is not what libvmaf writes). */
export function parseVmafLog(text: string): VmafLog {
  let json: LibvmafJson;
  try {
    json = JSON.parse(text) as LibvmafJson;
  } catch (error) {
    throw new DomainError('internal', 'ERR_MEASURE_FAILED', 'libvmaf wrote a log that is not JSON', { cause: error });
  }
  const frames = (json.frames ?? []).map((f) => Number(f.frameNum));
  const scores = (json.frames ?? []).map((f) => Number(f.metrics?.vmaf));
  if (frames.length === 0 || ![...frames, ...scores].every(Number.isFinite)) {
    throw new DomainError('internal', 'ERR_MEASURE_FAILED', 'libvmaf ran but its log holds no VMAF scores');
  }
  return { libvmafVersion: typeof json.version === 'string' ? json.version : 'unknown', frames, scores };
}

/** Share of the worst frames the lows average. */
const LOWS = { low1Percent: 0.01, low5Percent: 0.05 } as const;

/**
 * Pools per-frame scores: the mean; libvmaf's harmonic mean, n / sum(1 / (s + 1)) - 1; the 1% and
 * 5% lows, each the mean of the worst ceil(share x n) frames (so at least the worst one); the min.
 */
export function poolVmaf(scores: readonly number[], how: { model: VmafModel; libvmafVersion: string; subsample: number }): VmafScore {
  if (scores.length === 0) throw new Error('no VMAF scores to pool');
  const n = scores.length;
  const sorted = [...scores].sort((a, b) => a - b);
  const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const low = (share: number) => mean(sorted.slice(0, Math.max(1, Math.ceil(share * n))));
  return {
    available: true,
    model: how.model,
    libvmafVersion: how.libvmafVersion,
    subsample: how.subsample,
    scoredFrames: n,
    mean: mean(scores),
    harmonicMean: n / scores.reduce((sum, s) => sum + 1 / (s + 1), 0) - 1,
    low1Percent: low(LOWS.low1Percent),
    low5Percent: low(LOWS.low5Percent),
    min: sorted[0]!,
  };
}
