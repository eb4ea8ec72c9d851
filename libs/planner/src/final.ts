import {
  bestMeetingEntry,
  closestEntry,
  comparableMetric,
  describeConfig,
  formatQuality,
  measuredEntries,
  meetsObjective,
  qualityOf,
  type CampaignContext,
  type HistoryEntry,
  type Proposal,
} from '@codec-lab/domain';
import { bitrateCorrectionText, campaignProbeCorrection, DEFAULT_PROBE_CORRECTION, fullBitrateSigma, plannerView } from './memory/probe-correction.ts';

/**
 * The full encode that ends a sampled campaign's search: the probe whose corrected figures (the
 * correction updated by every pair this campaign measured, its earlier final encodes included) are
 * the best answer to the objective, or the nearest to it where none is predicted to meet it, among
 * the configs not yet encoded in full. Its prediction is the probe's corrected figures with the
 * correction's spreads, so the analysis of the full encode says how far the probe was off.
 * Undefined: nothing left to confirm.
 */
export function finalProposal(context: CampaignContext): Proposal | undefined {
  const full = new Set(context.history.filter((e) => e.result?.mode === 'full').map((e) => e.configHash));
  const probes = new Set(context.history.filter((e) => e.result?.mode === 'probe' && !full.has(e.configHash)).map((e) => e.seq));
  const view = plannerView(context);
  const candidates = view.history.filter((e) => probes.has(e.seq));
  const chosen = bestMeetingEntry(candidates, context.objective) ?? closestEntry(candidates, context.objective);
  if (!chosen) return undefined;
  const correction = campaignProbeCorrection(context.knowledge?.probeCorrection ?? DEFAULT_PROBE_CORRECTION, context.history);
  const metric = comparableMetric(measuredEntries(view.history).map((e) => e.result), context.objective.metric);
  const quality = qualityOf(chosen.result, metric);
  const probe = context.history.find((e) => e.seq === chosen.seq)!;
  const meets = meetsObjective(chosen, context.objective);
  const basis = `probe #${chosen.seq} corrected by ${correction.pairs} probe/full pair(s): bitrate ${bitrateCorrectionText(correction)}, ${metric.toUpperCase()} ${correction[metric].mean >= 0 ? '+' : ''}${formatQuality(correction[metric].mean, metric)}`;
  return {
    hypothesis: `Full encode of ${describeConfig(chosen.config)}, the sampled search's ${meets ? 'best answer' : 'nearest miss'}: its probe predicts ${(chosen.result.bitrateBps / 1e6).toFixed(3)} Mbps at ${metric.toUpperCase()} ${formatQuality(quality.value, metric)} for the whole source.`,
    rationale: `A sampled campaign's answer is a full encode, measured: ${finalsText(context.history)}. ${basis}.`,
    config: chosen.config,
    prediction: {
      bitrateBps: chosen.result.bitrateBps,
      bitrateSigma: fullBitrateSigma(chosen.result.bitrateBps, correction),
      quality: { value: quality.value, sigma: correction[metric].sd, metric },
      encodeSeconds: scaledSeconds(probe),
      basis: basis.slice(0, 500),
    },
    expectedBitrateBps: chosen.result.bitrateBps,
    origin: 'final',
    validationErrors: [],
  };
}

/** A probe's encode time scaled to the whole source by frames. */
function scaledSeconds(probe: HistoryEntry): number {
  const r = probe.result!;
  return r.frames > 0 ? (r.encodeSeconds * r.sourceFrames) / r.frames : r.encodeSeconds;
}

function finalsText(history: readonly HistoryEntry[]): string {
  const finals = history.filter((e) => e.origin === 'final');
  return finals.length === 0 ? 'none yet' : `${finals.length} so far (${finals.map((e) => `#${e.seq}`).join(', ')})`;
}
