import { describeObjective, meetsObjective, runnerOffer, type HistoryEntry, type Objective } from '@codec-lab/domain';
import { PRIORS } from '@codec-lab/planner';
import { resultOf, type RdPoint } from './rd-world.ts';

// How the benchmarks that replay campaigns on the measured rate-quality world score them: the
// runner offer the campaigns see, the grid's best answer to an objective, and the regret of a
// campaign's history against it (bench/search.bench.test.ts, bench/learning.bench.test.ts).

const ENCODERS = ['libx264', 'libx265', 'libsvtav1', 'libaom-av1', 'libvpx-vp9'] as const;

/** What the campaigns are offered: the grid's encoders, 8-bit 4:2:0, VMAF vmaf_v0.6.1, one runner. */
export const OFFER = runnerOffer({ encoders: [...ENCODERS], pixelFormats: Object.fromEntries(ENCODERS.map((e) => [e, ['yuv420p']])), vmafModels: ['vmaf_v0.6.1'], ffmpegVersion: '5.1.9', meterFfmpegVersion: '7.0.2', gpuName: '' }, 1);

/** The grid: the tracks bench/rd-grid.ts measured (the planner's tracks), nothing but encoder, preset and CRF set. */
const GRID = new Set(PRIORS.tracks.map((t) => `${t.encoder} ${t.preset}`));
export const onGrid = (p: RdPoint) => GRID.has(`${p.config.encoder} ${p.config.preset}`) && Object.keys(p.config).sort().join() === 'encoder,pixelFormat,preset,rateControl,strategy' && p.config.pixelFormat === 'yuv420p';

/** Regret after each experiment: dB under the grid's best (budget) or % over its smallest bitrate (target); null while nothing meets the objective. */
export function regretOf(objective: Objective, best: RdPoint, history: readonly HistoryEntry[]): (number | null)[] {
  return history.map((_, k) => {
    const meeting = history.slice(0, k + 1).filter((e) => e.result && meetsObjective({ config: e.config, result: e.result }, objective));
    if (meeting.length === 0) return null;
    if (objective.kind === 'bitrate-at-quality') return 100 * (Math.min(...meeting.map((e) => e.result!.bitrateBps)) / best.bitrateBps - 1);
    return best.psnr - Math.max(...meeting.map((e) => e.result!.psnr.avg));
  });
}

/** The grid's best answer to the objective among `points` (highest PSNR within a budget, smallest bitrate at a target). */
export function gridBest(points: readonly RdPoint[], objective: Objective): RdPoint {
  const grid = points.filter(onGrid).filter((p) => meetsObjective({ config: p.config, result: resultOf(p) }, objective));
  const sorted = objective.kind === 'bitrate-at-quality' ? grid.sort((a, b) => a.bitrateBps - b.bitrateBps) : grid.sort((a, b) => b.psnr - a.psnr);
  if (!sorted[0]) throw new Error(`the grid has no point meeting ${describeObjective(objective)}`);
  return sorted[0];
}
