import type { Arm, Campaign, Experiment, Failure } from '@codec-lab/domain';
import { nextArm, stopReason } from './arms.ts';
import { finalDue } from './sampling.ts';

/**
 * What a campaign's driver does next, decided from the stored campaign and its experiments alone
 * (so a driver that crashed picks up exactly where the campaign was):
 * - `run`: the pending round, all at once; `abandon` are those of it out of attempts.
 * - `analyse`: the analyst arm's oldest measured experiment without an analysis, told the
 *   analyst arm's history up to it (the control arm is measured, not analysed).
 * - `propose`: the next experiment of `arm`.
 * - `final`: a sampled campaign's search is over; queue the full encode of its choice.
 * - `finish`: no arm has budget or reason left to go on.
 */
export type NextAction =
  | { readonly kind: 'run'; readonly run: readonly Experiment[]; readonly abandon: readonly { readonly experiment: Experiment; readonly failure: Failure }[] }
  | { readonly kind: 'analyse'; readonly experiment: Experiment; readonly history: readonly Experiment[] }
  | { readonly kind: 'propose'; readonly arm: Arm }
  | { readonly kind: 'final' }
  | { readonly kind: 'finish'; readonly reason: string };

export interface CampaignRules {
  /** Attempts an experiment gets (each interrupted one, by an orchestrator restart, counts). */
  readonly maxExperimentAttempts: number;
}

const isPending = (e: Experiment) => e.status === 'queued' || e.status === 'running';

/** Why an experiment is not run again: it was started `maxExperimentAttempts` times already. */
export function attemptsExhausted(experiment: Experiment, rules: CampaignRules): Failure | undefined {
  if (experiment.attempts < rules.maxExperimentAttempts) return undefined;
  return { code: 'ERR_INTERRUPTED', message: `interrupted ${experiment.attempts} times (orchestrator restarts); not retried again` };
}

/**
 * Whether a round is still being proposed: a round is `batchSize` experiments, proposed in full
 * before any of it runs; an interrupted round (something already running) is finished first.
 */
export function roundOpen(campaign: Campaign, pending: readonly Experiment[], arm: Arm | undefined): boolean {
  return arm !== undefined && pending.length < campaign.batchSize && pending.every((e) => e.status === 'queued');
}

export function nextAction(campaign: Campaign, experiments: readonly Experiment[], rules: CampaignRules): NextAction {
  const pending = experiments.filter(isPending);
  const analystArm = experiments.filter((e) => e.arm === 'analyst');
  const unanalysed = analystArm.find((e) => !isPending(e) && !e.analysis);
  const arm = nextArm(campaign, experiments);
  if (pending.length > 0 && !roundOpen(campaign, pending, arm)) {
    const abandon = pending.flatMap((experiment) => {
      const failure = attemptsExhausted(experiment, rules);
      return failure ? [{ experiment, failure }] : [];
    });
    return { kind: 'run', run: pending.filter((e) => !abandon.some((a) => a.experiment === e)), abandon };
  }
  if (unanalysed) return { kind: 'analyse', experiment: unanalysed, history: analystArm.filter((e) => e.seq <= unanalysed.seq) };
  if (!arm) return finalDue(campaign, experiments) ? { kind: 'final' } : { kind: 'finish', reason: stopReason(campaign, experiments) };
  return { kind: 'propose', arm };
}
