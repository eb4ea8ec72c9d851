import { BASELINE_CONFIG, configHash, CodecConfigSchema, measuredEntries, type CampaignContext, type CodecConfig, type QualityMetric } from '@codec-lab/domain';
import { planNext, randomConfig, type NextStep } from '@codec-lab/planner';
import { planNext as planBefore } from './planner-before/planner.ts';

// The search methods bench/search.bench.test.ts compares, each a function from the campaign so far
// to its next experiment, as the campaign's analyst is asked.

export type Method = (context: CampaignContext) => NextStep;

/** The planner of this commit. */
export const planner: Method = (context) => planNext(context);

/** The planner as it was before objectives had kinds (bench/support/planner-before). */
export const plannerBefore: Method = (context) => planBefore(context);

/**
 * The campaign's random control arm: the shared baseline, then seeded draws from the planner's
 * space (randomConfig), as many as the other methods get.
 */
export function randomSearch(seed: number): Method {
  return (context) => {
    if (context.history.length === 0) return { kind: 'proposal', proposal: { config: BASELINE_CONFIG, hypothesis: 'baseline' } };
    const config = randomConfig({ seed, draw: context.history.length, encoders: context.offer.encoders.map((e) => e.name), tried: new Set(context.history.map((e) => e.configHash)) });
    return config ? { kind: 'proposal', proposal: { config, hypothesis: `random draw ${context.history.length}` } } : { kind: 'stop', reason: 'space exhausted' };
  };
}

const CRF_SEARCH = { encoder: 'libsvtav1', preset: '8', start: 35, firstStep: 8, min: 1, max: 63 } as const;

/**
 * An interpolated CRF search on one encoder, as ab-av1's crf-search does: SVT-AV1 preset 8, a first
 * probe at its default CRF, a second a step away towards the target, then CRFs interpolated between
 * the two nearest probes either side of the target (linearly in VMAF for a quality target, in
 * ln(bitrate) for a budget), until two adjacent CRFs bracket it. The answer is the probe that meets
 * the target, the one nearest it.
 */
export const crfSearch: Method = (context) => {
  const { objective } = context;
  const metric: QualityMetric = objective.metric;
  const probes = measuredEntries(context.history).map((e) => ({
    crf: e.config.strategy === 'codec' && e.config.rateControl.mode === 'crf' ? e.config.rateControl.crf : NaN,
    // The value the search drives to its target and whether the probe meets it (larger CRF, smaller value).
    value: objective.kind === 'bitrate-at-quality' ? (metric === 'vmaf' ? e.result.vmaf.available && e.result.vmaf.mean : metric === 'ssim' ? e.result.ssim.all : e.result.psnr.avg) : Math.log(e.result.bitrateBps),
  })) as { crf: number; value: number }[];
  const target = objective.kind === 'bitrate-at-quality' ? objective.targetQuality : objective.kind === 'quality-at-bitrate' ? Math.log(objective.targetBitrateMbps * 1e6) : NaN;
  if (!Number.isFinite(target)) return { kind: 'stop', reason: 'the CRF search needs a budget or a quality target' };
  // A quality target is met at or above it; a budget at or under it.
  const meets = (v: number) => (objective.kind === 'bitrate-at-quality' ? v >= target : v <= target);
  const config = (crf: number): CodecConfig =>
    CodecConfigSchema.parse({ strategy: 'codec', encoder: CRF_SEARCH.encoder, preset: CRF_SEARCH.preset, rateControl: { mode: 'crf', crf } });
  const propose = (crf: number): NextStep => ({ kind: 'proposal', proposal: { config: config(crf), hypothesis: `crf-search probe at CRF ${crf}` } });
  if (probes.length === 0) return propose(CRF_SEARCH.start);
  // Meeting: the largest CRF that meets (quality) / the smallest that meets (budget: bitrate falls with CRF).
  const passing = probes.filter((p) => meets(p.value)).sort((a, b) => (objective.kind === 'bitrate-at-quality' ? b.crf - a.crf : a.crf - b.crf))[0];
  const failing = probes.filter((p) => !meets(p.value)).sort((a, b) => (objective.kind === 'bitrate-at-quality' ? a.crf - b.crf : b.crf - a.crf))[0];
  const tried = new Set(context.history.map((e) => e.configHash));
  const fresh = (crf: number) => crf >= CRF_SEARCH.min && crf <= CRF_SEARCH.max && !tried.has(configHash(config(crf)));
  if (passing && failing) {
    if (Math.abs(passing.crf - failing.crf) <= 1) return { kind: 'stop', reason: `bracketed between CRF ${passing.crf} and ${failing.crf}` };
    const t = (target - passing.value) / (failing.value - passing.value);
    let crf = Math.round(passing.crf + t * (failing.crf - passing.crf));
    const low = Math.min(passing.crf, failing.crf) + 1;
    const high = Math.max(passing.crf, failing.crf) - 1;
    crf = Math.min(high, Math.max(low, crf));
    return fresh(crf) ? propose(crf) : { kind: 'stop', reason: `no untried CRF between ${passing.crf} and ${failing.crf}` };
  }
  // One side only: step towards the target (a larger CRF lowers both quality and bitrate).
  const only = passing ?? failing!;
  const towardsLarger = objective.kind === 'bitrate-at-quality' ? !!passing : !passing;
  const crf = only.crf + (towardsLarger ? 1 : -1) * CRF_SEARCH.firstStep;
  return fresh(crf) ? propose(crf) : { kind: 'stop', reason: `CRF ${crf} is out of range or tried` };
};
