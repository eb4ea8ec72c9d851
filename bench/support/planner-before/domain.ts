// The planner as it was before objectives had kinds (commit bb12fdb), frozen as a baseline for
// bench/search.bench.test.ts: planner.ts, tracks.ts and rate-model.ts are that commit's files with
// only their import path changed to this module (and one type narrowing in planner.ts, which
// knew only budgets), which gives them the domain they were written
// against: the encoder priors of that commit, a budget met within +5%, and its ranking.
import { BASELINE_CONFIG, canonicalJson, comparableMetric, configHash, describeConfig, ENCODERS as CURRENT_ENCODERS, CodecConfigSchema, offeredEncoders, qualityOf, type CampaignContext, type CodecConfig, type EncoderName, type EncoderSpec, type ExperimentResult, type HistoryEntry, type Proposal } from '@codec-lab/domain';

export { BASELINE_CONFIG, canonicalJson, configHash, describeConfig, CodecConfigSchema, offeredEncoders };
export type { CampaignContext, CodecConfig, EncoderName, HistoryEntry, Proposal };

/** The priors of commit bb12fdb's encoder registry (fitted on flower and crystal). */
const PRIORS_BEFORE: Record<string, { equivalentCrf: number; halvingStep: number; explorePreset: string }> = {
  libx264: { equivalentCrf: 23, halvingStep: 5, explorePreset: 'medium' },
  libx265: { equivalentCrf: 21.5, halvingStep: 4.5, explorePreset: 'medium' },
  libsvtav1: { equivalentCrf: 24.3, halvingStep: 9.5, explorePreset: '8' },
  'libaom-av1': { equivalentCrf: 25, halvingStep: 10, explorePreset: '6' },
  'libvpx-vp9': { equivalentCrf: 29.4, halvingStep: 7.6, explorePreset: '4' },
  h264_nvenc: { equivalentCrf: 25, halvingStep: 6, explorePreset: 'p5' },
  hevc_nvenc: { equivalentCrf: 25, halvingStep: 6, explorePreset: 'p5' },
  av1_nvenc: { equivalentCrf: 30, halvingStep: 8, explorePreset: 'p5' },
};

export const ENCODERS = Object.fromEntries(Object.entries(CURRENT_ENCODERS).map(([name, spec]) => [name, { ...spec, priors: PRIORS_BEFORE[name]! }])) as Record<
  EncoderName,
  EncoderSpec & { priors: { equivalentCrf: number; halvingStep: number; explorePreset: string } }
>;

export const TARGET_TOLERANCE = 0.05;

type Budget = { targetBitrateMbps: number; metric: 'psnr' | 'ssim' | 'vmaf'; minQuality?: number };
const budgetOf = (objective: CampaignContext['objective']): Budget => {
  if (objective.kind !== 'quality-at-bitrate') throw new Error('the planner before objectives had kinds knows only bitrate budgets');
  return objective;
};

export function meetsObjective(result: ExperimentResult, objective: CampaignContext['objective']): boolean {
  const budget = budgetOf(objective);
  if ((result.bitrateBps - budget.targetBitrateMbps * 1e6) / (budget.targetBitrateMbps * 1e6) > TARGET_TOLERANCE) return false;
  return budget.minQuality === undefined || qualityOf(result, budget.metric).value >= budget.minQuality;
}

type Measured = HistoryEntry & { result: ExperimentResult };

export function bestEntry(history: readonly HistoryEntry[], objective: CampaignContext['objective']): HistoryEntry | undefined {
  const budget = budgetOf(objective);
  const measured = history.filter((e): e is Measured => e.status === 'succeeded' && !!e.result);
  const metric = comparableMetric(measured.map((e) => e.result), budget.metric);
  const meeting = measured.filter((e) => meetsObjective(e.result, objective));
  const best = meeting.reduce<Measured | undefined>((b, e) => (!b || qualityOf(e.result, metric).value > qualityOf(b.result, metric).value ? e : b), undefined);
  if (best) return best;
  const target = budget.targetBitrateMbps * 1e6;
  return measured.reduce<Measured | undefined>((b, e) => (!b || Math.abs(e.result.bitrateBps - target) < Math.abs(b.result.bitrateBps - target) ? e : b), undefined);
}
