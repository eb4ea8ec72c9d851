import {
  DomainError,
  MAX_FINAL_ENCODES,
  meetsObjective,
  samplingPlan,
  type Campaign,
  type Experiment,
  type ProbeSpec,
  type Proposal,
  type Sampling,
  type SamplingRequestOutput,
  type SourceDescription,
} from '@codec-lab/domain';

// A sampled campaign (`campaign.sampling`): the baseline in full, the baseline again on the
// segments (the pair that measures probe mode's bias on this source), every later search
// experiment on the segments, and at the end full encodes of the chosen config, whose measured
// figures are the answer.

/** The segments an analyst-arm experiment runs on, or undefined for a full encode: the first experiment (the baseline) and final encodes are full. */
export function probeFor(campaign: Campaign, analystArm: readonly Experiment[], proposal: Proposal): ProbeSpec | undefined {
  const { sampling } = campaign;
  if (!sampling || analystArm.length === 0 || proposal.origin === 'final') return undefined;
  return { segments: sampling.segments, segmentSeconds: sampling.segmentSeconds, starts: sampling.starts };
}

/** The second experiment of a sampled campaign: the baseline's config again, on the segments. */
export function calibrationProposal(campaign: Campaign, analystArm: readonly Experiment[]): Proposal | undefined {
  const baseline = analystArm[0];
  if (!campaign.sampling || analystArm.length !== 1 || !baseline || baseline.probe) return undefined;
  return {
    hypothesis: `The first experiment's config again, on the ${campaign.sampling.segments} sampled segments: with the full encode it measures how far probe mode is off on this source.`,
    rationale: `Sampled search (${campaign.sampling.reason}); every later experiment runs on the same segments and is corrected by what this pair measures.`,
    config: baseline.config,
    origin: baseline.proposal.origin,
    validationErrors: [],
  };
}

/**
 * Whether a sampled campaign whose search is over still owes a full encode: none since its last
 * probe, or one that failed or missed the objective, up to MAX_FINAL_ENCODES after the last probe.
 */
export function finalDue(campaign: Campaign, experiments: readonly Experiment[]): boolean {
  if (!campaign.sampling) return false;
  const analyst = experiments.filter((e) => e.arm === 'analyst');
  const lastProbe = analyst.findLast((e) => e.probe);
  if (!lastProbe) return false;
  const finals = analyst.filter((e) => e.proposal.origin === 'final' && e.seq > lastProbe.seq);
  const last = finals.at(-1);
  if (!last) return true;
  if (finals.length >= MAX_FINAL_ENCODES) return false;
  return !(last.status === 'succeeded' && last.result && meetsObjective({ config: last.config, result: last.result }, campaign.objective));
}

/**
 * A new campaign's sampling (`samplingPlan` from the request and the source's description), within
 * what sampled search serves: one config per answer (not a Pareto front), an analyst arm alone (a
 * control arm is compared experiment by experiment), and a budget that leaves room for a search
 * (the baseline, its probe and at least one more). `auto` falls back to full-length search where
 * these do not hold; `on` is refused naming what does not.
 */
export function campaignSampling(
  request: SamplingRequestOutput | undefined,
  description: SourceDescription | undefined,
  campaign: Pick<Campaign, 'objective' | 'controlArm' | 'maxExperiments' | 'initialConfig'>,
): Sampling | undefined {
  const plan = samplingPlan(request, description);
  if (!plan) return undefined;
  const unsuited = [
    campaign.objective.kind === 'pareto' ? 'objective.kind: a Pareto front is measured in full (sampling answers with one config)' : '',
    campaign.controlArm ? 'controlArm: the control arm is compared experiment by experiment in full' : '',
    campaign.maxExperiments < 3 ? 'maxExperiments: a sampled search needs at least 3 (the baseline, its probe, one more)' : '',
    campaign.initialConfig ? 'config: a single explicit experiment is measured in full' : '',
  ].filter(Boolean);
  if (unsuited.length === 0) return plan;
  if ((request?.mode ?? 'auto') === 'auto') return undefined;
  throw new DomainError('invalid', 'ERR_SAMPLING_UNAVAILABLE', `sampling.mode "on" cannot serve this campaign: ${unsuited.join('; ')}`, { details: unsuited.map((u) => `sampling: ${u}`) });
}
