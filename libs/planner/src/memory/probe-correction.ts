import type { CampaignContext, Estimate, ExperimentResult, HistoryEntry, ProbeCorrection, ProbePair } from '@codec-lab/domain';
import { trackOf } from '../tracks.ts';
import { updateEstimate } from './learn.ts';

/**
 * Probe mode's correction before any pair is measured: none, with spreads as wide as the errors
 * probe mode has shown (bitrate off by up to a fifth, PSNR by up to 0.7 dB, in bench/README.md's
 * probe-accuracy table). No bias is assumed in advance: every sampled campaign measures its own
 * pair first (the baseline on segments and in full), and the lab learns from every pair it measured.
 */
export const DEFAULT_PROBE_CORRECTION: ProbeCorrection = {
  lnBitrateRatio: { mean: 0, sd: 0.12 },
  psnr: { mean: 0, sd: 0.4 },
  ssim: { mean: 0, sd: 0.003 },
  vmaf: { mean: 0, sd: 1.5 },
  pairs: 0,
  basis: 'no probe/full pair measured yet: no correction, wide spreads',
};

const FLOORS = { lnBitrateRatio: 0.02, psnr: 0.05, ssim: 0.0003, vmaf: 0.2 };

/** A pair measured on this campaign's own source counts as this many remembered sources. */
export const OWN_PAIR_WEIGHT = 4;

export interface WeightedPair {
  readonly pair: ProbePair;
  readonly weight: number;
}

/** The correction `prior` updated by measured pairs, each weighted (by its source's similarity, or OWN_PAIR_WEIGHT). */
export function learnProbeCorrection(prior: ProbeCorrection, pairs: readonly WeightedPair[], basis: string): ProbeCorrection {
  const usable = pairs.filter((p) => p.weight > 0);
  if (usable.length === 0) return prior;
  const update = (field: keyof typeof FLOORS, value: (p: ProbePair) => number | undefined): Estimate =>
    updateEstimate(
      prior[field],
      usable.flatMap(({ pair, weight }) => {
        const v = value(pair);
        return v === undefined ? [] : [{ value: v, weight }];
      }),
      FLOORS[field],
    );
  return {
    lnBitrateRatio: update('lnBitrateRatio', (p) => Math.log(p.fullBitrateBps / p.probeBitrateBps)),
    psnr: update('psnr', (p) => p.psnrDelta),
    ssim: update('ssim', (p) => p.ssimDelta),
    vmaf: update('vmaf', (p) => p.vmafDelta),
    pairs: prior.pairs + usable.length,
    basis: basis.slice(0, 500),
  };
}

/** Configs of `entries` measured both on segments and in full, as pairs (the latest of each). */
export function probePairs(entries: readonly Pick<HistoryEntry, 'config' | 'configHash' | 'status' | 'result'>[]): ProbePair[] {
  const measured = entries.filter((e) => e.status === 'succeeded' && e.result && trackOf(e.config));
  const pairs: ProbePair[] = [];
  for (const full of measured.filter((e) => e.result!.mode === 'full')) {
    const probe = measured.findLast((e) => e.result!.mode === 'probe' && e.configHash === full.configHash);
    if (!probe || full.config.strategy !== 'codec' || full.config.rateControl.mode !== 'crf') continue;
    const [f, p] = [full.result!, probe.result!];
    if (f.bitrateBps <= 0 || p.bitrateBps <= 0) continue;
    pairs.push({
      encoder: full.config.encoder,
      preset: full.config.preset,
      crf: full.config.rateControl.crf,
      probeBitrateBps: p.bitrateBps,
      fullBitrateBps: f.bitrateBps,
      psnrDelta: f.psnr.avg - p.psnr.avg,
      ssimDelta: f.ssim.all - p.ssim.all,
      ...(f.vmaf.available && p.vmaf.available ? { vmafDelta: f.vmaf.mean - p.vmaf.mean } : {}),
    });
  }
  return pairs;
}

/**
 * The correction for a campaign: what it started with, updated by the pairs it measured itself,
 * and from those its probes' excess bitrate over the full encode (`excessBps`): their mean, with
 * their spread or a fifth of it, whichever is larger (one pair says nothing of its own spread).
 */
export function campaignProbeCorrection(start: ProbeCorrection, history: readonly HistoryEntry[]): ProbeCorrection {
  const own = probePairs(history);
  if (own.length === 0) return start;
  const learned = learnProbeCorrection(start, own.map((pair) => ({ pair, weight: OWN_PAIR_WEIGHT })), `${start.basis}; ${own.length} pair(s) measured on this source`);
  const excesses = own.map((p) => p.probeBitrateBps - p.fullBitrateBps);
  const mean = excesses.reduce((a, b) => a + b, 0) / excesses.length;
  const spread = excesses.length > 1 ? Math.sqrt(excesses.reduce((a, x) => a + (x - mean) ** 2, 0) / (excesses.length - 1)) : 0;
  return { ...learned, excessBps: { mean, sd: Math.max(spread, 0.2 * Math.abs(mean)) } };
}

/** A probe's bitrate as the full encode is expected to measure it: less the measured excess where there is one, else scaled by the ratio. */
function fullBitrate(probeBps: number, correction: ProbeCorrection): number {
  if (correction.excessBps) return Math.max(probeBps - correction.excessBps.mean, MIN_SHARE * probeBps);
  return probeBps * Math.exp(correction.lnBitrateRatio.mean);
}

/** An excess never takes a probe's predicted full bitrate under this share of what the probe measured. */
const MIN_SHARE = 0.25;

/** The uncertainty of `fullBitrate` at `predictedBps`, in ln(bitrate). */
export function fullBitrateSigma(predictedBps: number, correction: ProbeCorrection): number {
  return correction.excessBps ? correction.excessBps.sd / predictedBps : correction.lnBitrateRatio.sd;
}

/** How a probe's bitrate is corrected, in words: `less 24.8 kbps (+-5.0)` or `x0.932 (+-3%)`. */
export function bitrateCorrectionText(correction: ProbeCorrection): string {
  const e = correction.excessBps;
  if (e) return `less ${(e.mean / 1000).toFixed(1)} kbps (+-${(e.sd / 1000).toFixed(1)}), the probes' excess measured on this source`;
  return `x${Math.exp(correction.lnBitrateRatio.mean).toFixed(3)} (+-${(100 * correction.lnBitrateRatio.sd).toFixed(0)}%)`;
}

/**
 * What a probe's result predicts the full encode would measure: its bitrate and qualities shifted by
 * the correction's means. For the planner's models and standing only; never stored, never an answer.
 */
export function predictedFull(result: ExperimentResult, correction: ProbeCorrection): ExperimentResult {
  if (result.mode !== 'probe') return result;
  const bitrateBps = fullBitrate(result.bitrateBps, correction);
  return {
    ...result,
    bitrateBps,
    bytes: Math.round((result.bytes * bitrateBps) / Math.max(result.bitrateBps, 1e-9)),
    psnr: { ...result.psnr, avg: result.psnr.avg + correction.psnr.mean },
    ssim: { ...result.ssim, all: Math.min(1, result.ssim.all + correction.ssim.mean) },
    vmaf: result.vmaf.available ? { ...result.vmaf, mean: result.vmaf.mean + correction.vmaf.mean } : result.vmaf,
  };
}

/**
 * The campaign as the planner searches it: each probe's result replaced by the full-length figures
 * it predicts (`predictedFull`, counted as full so that it can stand as the answer the search aims
 * at). The campaign's own answer is never taken from this view: a sampled campaign ends with full
 * encodes whose measured figures are its answer.
 */
export function plannerView(context: CampaignContext): CampaignContext {
  if (!context.history.some((e) => e.result?.mode === 'probe')) return context;
  const correction = campaignProbeCorrection(context.knowledge?.probeCorrection ?? DEFAULT_PROBE_CORRECTION, context.history);
  return {
    ...context,
    history: context.history.map((e) => (e.result?.mode === 'probe' ? { ...e, result: { ...predictedFull(e.result, correction), mode: 'full' as const } } : e)),
  };
}
