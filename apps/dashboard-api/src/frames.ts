import type { WireFrameQualityOutput } from '@codec-lab/contracts';
import { DomainError, qualityOf, type Experiment, type ExperimentResult, type QualityMetric } from '@codec-lab/domain';
import { WORST_FRAMES, type Frames, type WorstFrame } from './frame-responses.ts';

// Per-frame quality as dashboard-api serves it: the runner's series checked, and the worst frames.

/** One experiment's per-frame quality, as agent-runner read it from the statistics it measured. */
export interface FrameSeries {
  readonly frames: readonly number[];
  readonly psnr: readonly number[];
  readonly ssim: readonly number[];
  readonly vmaf: { readonly model: string; readonly frames: readonly number[]; readonly values: readonly number[] } | null;
}

const ID = /^([A-Za-z0-9-]{1,64})-(\d{3,5})$/;

/** Splits an experiment id, `<campaignId>-<seq, 3 digits or more>`; anything else is a 400. */
export function parseExperimentId(id: string): { campaignId: string; seq: number } {
  const match = ID.exec(id);
  const seq = match ? Number(match[2]) : 0;
  if (!match || seq < 1) {
    throw new DomainError('invalid', 'ERR_INVALID_EXPERIMENT_ID', 'an experiment id is <campaignId>-<seq>, for example 11111111-2222-4333-8444-555555555555-002');
  }
  return { campaignId: match[1]!, seq };
}

const finite = (values: readonly number[]) => values.every((v) => Number.isFinite(v));

/** The runner's answer, checked: one value per frame, every value a number. */
export function frameSeriesFromWire(wire: WireFrameQualityOutput): FrameSeries {
  const { frames, psnr, ssim, vmafFrames, vmaf } = wire;
  const problems = [
    frames.length === 0 ? 'no frames' : '',
    psnr.length !== frames.length || ssim.length !== frames.length ? `${frames.length} frames but ${psnr.length} PSNR and ${ssim.length} SSIM values` : '',
    vmaf.length !== vmafFrames.length ? `${vmafFrames.length} VMAF frames but ${vmaf.length} scores` : '',
    finite(psnr) && finite(ssim) && finite(vmaf) ? '' : 'a value that is not a finite number',
  ].filter(Boolean);
  if (problems.length) throw new DomainError('internal', 'ERR_BAD_FRAME_QUALITY', `agent-runner's per-frame statistics do not add up: ${problems.join('; ')}`);
  return { frames, psnr, ssim, vmaf: vmafFrames.length ? { model: wire.vmafModel ?? '', frames: vmafFrames, values: vmaf } : null };
}

/**
 * What the worst frames are ranked by: the objective's metric as qualityOf resolves it for this
 * result (VMAF only where it was measured, PSNR otherwise), and PSNR where the runner has no VMAF
 * per frame.
 */
export function rankingMetric(result: ExperimentResult, objectiveMetric: QualityMetric, series: FrameSeries): QualityMetric {
  const metric = qualityOf(result, objectiveMetric).metric;
  return metric === 'vmaf' && !series.vmaf ? 'psnr' : metric;
}

/** The `count` frames lowest in `metric`, lowest first, ties by frame number. */
export function worstFrames(series: FrameSeries, metric: QualityMetric, count = WORST_FRAMES): WorstFrame[] {
  const vmafByFrame = new Map(series.vmaf?.frames.map((frame, i) => [frame, series.vmaf!.values[i]!]));
  const indexByFrame = new Map(series.frames.map((frame, i) => [frame, i]));
  const ranked =
    metric === 'vmaf' && series.vmaf
      ? series.vmaf.frames.map((frame, i) => ({ frame, value: series.vmaf!.values[i]! }))
      : series.frames.map((frame, i) => ({ frame, value: metric === 'ssim' ? series.ssim[i]! : series.psnr[i]! }));
  ranked.sort((a, b) => a.value - b.value || a.frame - b.frame);
  return ranked.slice(0, count).flatMap(({ frame }) => {
    const i = indexByFrame.get(frame);
    // A VMAF frame the PSNR/SSIM pass did not compare would be the runner's inconsistency; left out.
    return i === undefined ? [] : [{ frame, psnr: series.psnr[i]!, ssim: series.ssim[i]!, vmaf: vmafByFrame.get(frame) ?? null }];
  });
}

/** The `GET /v1/experiments/:id/frames` answer. */
export function framesBody(experiment: Experiment & { result: ExperimentResult }, objectiveMetric: QualityMetric, series: FrameSeries): Frames {
  const metric = rankingMetric(experiment.result, objectiveMetric, series);
  return {
    experimentId: experiment.id,
    campaignId: experiment.campaignId,
    seq: experiment.seq,
    frames: [...series.frames],
    psnr: [...series.psnr],
    ssim: [...series.ssim],
    vmaf: series.vmaf ? { model: series.vmaf.model, frames: [...series.vmaf.frames], values: [...series.vmaf.values] } : null,
    metric,
    worst: worstFrames(series, metric),
  };
}

/** Roughly the bytes a series holds in memory, for the cache's budget. */
export function seriesBytes(series: FrameSeries): number {
  return 256 + (series.frames.length * 3 + (series.vmaf?.frames.length ?? 0) * 2) * 16;
}
