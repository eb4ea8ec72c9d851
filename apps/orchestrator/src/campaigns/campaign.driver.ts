import {
  analystContext,
  nextAction,
  NOTHING_LEFT_TO_DRAW,
  openingProposal,
  ProposalRounds,
  randomArmConfig,
  randomDraw,
  randomProposal,
} from '@codec-lab/campaign';
import { configHash, experimentId, isDomainError, type Arm, type Campaign, type Experiment, type Proposal } from '@codec-lab/domain';
import { randomConfig } from '@codec-lab/planner';
import type { DriverDeps } from './campaign.deps.ts';
import { analyseOrFallback, proposeOrFallback } from './analyst-fallback.ts';
import { abandonExperiment, runStep } from './run-step.ts';
import { now, withRetry } from './retry.ts';

/**
 * Drives one campaign as a sequence of persisted steps. Each turn reads the campaign and its
 * experiments from the store, asks the campaign rules (`@codec-lab/campaign`) what comes next,
 * and does it: run the pending round, analyse a result, propose for an arm, or finish. Each step
 * is written before the next one is chosen, so after a crash or restart the driver picks up
 * exactly where the campaign was. `signal` cuts the step in flight; `drain` lets it finish and
 * starts no other (a shutdown's grace period).
 */
export async function driveCampaign(id: string, deps: DriverDeps, signal: AbortSignal, drain?: AbortSignal): Promise<void> {
  const log = deps.logger.child({ campaignId: id });
  try {
    let campaign = await deps.store.campaigns.get(id);
    if (campaign.status === 'queued') campaign = await deps.store.campaigns.transition(id, ['queued'], { status: 'running' });
    while (!signal.aborted && !drain?.aborted) {
      campaign = await deps.store.campaigns.get(id);
      if (campaign.status !== 'running') return;
      const experiments = await deps.store.experiments.listByCampaign(id);
      deps.metrics.campaignProgress(campaign, experiments);
      const action = nextAction(campaign, experiments, deps);
      switch (action.kind) {
        case 'run':
          await Promise.all([
            ...action.abandon.map(({ experiment, failure }) => abandonExperiment(campaign, experiment, failure, deps)),
            ...action.run.map((experiment) => runStep(campaign, experiment, deps, signal, log)),
          ]);
          break;
        case 'analyse':
          await analyseStep(campaign, action.experiment, action.history, deps, signal);
          break;
        case 'finish':
          await finish(campaign, 'succeeded', action.reason, deps);
          return;
        case 'propose': {
          const { arm } = action;
          const stop = arm === 'analyst' ? await proposeStep(campaign, experiments, deps, signal) : await randomStep(campaign, experiments, deps, signal);
          if (stop) await deps.store.campaigns.modify(id, (current) => ({ armStops: { ...current.armStops, [arm]: stop } }));
        }
      }
    }
  } catch (error) {
    if (signal.aborted) return;
    const reason = isDomainError(error) ? `${error.code}: ${error.message}` : `ERR_INTERNAL: ${(error as Error).message}`;
    log.error({ err: error }, 'campaign failed');
    const current = await deps.store.campaigns.get(id);
    if (current.status === 'running' || current.status === 'queued') await finish(current, 'failed', reason, deps);
  } finally {
    deps.metrics.campaignEnded(id);
  }
}

async function finish(campaign: Campaign, status: 'succeeded' | 'failed', stopReason: string, deps: DriverDeps): Promise<void> {
  await deps.store.campaigns.transition(campaign.id, ['queued', 'running'], { status, stopReason });
  deps.metrics.campaignFinished(status);
  deps.onEvent(campaign.id, { type: 'campaign-finished', status, stopReason });
  deps.logger.info({ campaignId: campaign.id, status, stopReason }, 'campaign finished');
}

const offer = (deps: DriverDeps, signal: AbortSignal) => withRetry(() => deps.runner.capabilities(), { retries: deps.stepRetries, signal });

async function analyseStep(campaign: Campaign, last: Experiment, history: readonly Experiment[], deps: DriverDeps, signal: AbortSignal): Promise<void> {
  const context = analystContext(campaign, history, await deps.runner.capabilities());
  const analysis = await analyseOrFallback(deps.analyst, context, last.seq, signal, deps.logger, () => deps.metrics.analystUnreachable('analyze'));
  await deps.store.experiments.update(campaign.id, last.seq, [last.status], { analysis });
  deps.onEvent(campaign.id, { type: 'analysis', seq: last.seq, origin: analysis.origin, summary: analysis.summary, nextStep: analysis.nextStep });
}

/**
 * Stores the analyst arm's next experiment (queued); returns the analyst's reason when it has
 * nothing to propose. The analyst sees the analyst arm only, never what the control arm found.
 */
async function proposeStep(campaign: Campaign, experiments: readonly Experiment[], deps: DriverDeps, signal: AbortSignal): Promise<string | undefined> {
  const analystArm = experiments.filter((e) => e.arm === 'analyst');
  const runners = await offer(deps, signal);
  let proposal = openingProposal(campaign, analystArm, runners);
  if (!proposal) {
    const context = analystContext(campaign, analystArm, runners);
    const rounds = new ProposalRounds(analystArm, runners, campaign.objective.constraints);
    while (!proposal && rounds.open) {
      const answer = await proposeOrFallback(deps.analyst, context, [...rounds.refused], signal, deps.logger, () => deps.metrics.analystUnreachable('propose'));
      if (answer.kind === 'stop') return answer.reason;
      proposal = rounds.consider(answer.proposal);
      if (!proposal) deps.metrics.proposalRefused();
    }
    if (!proposal) throw rounds.exhausted();
  }
  await queueExperiment(deps, campaign.id, experiments.length + 1, 'analyst', proposal);
  return undefined;
}

/** Stores the control arm's next, seeded random experiment; returns a reason when none is left to draw. */
async function randomStep(campaign: Campaign, experiments: readonly Experiment[], deps: DriverDeps, signal: AbortSignal): Promise<string | undefined> {
  const draw = randomDraw(campaign, experiments, await offer(deps, signal));
  const config = randomArmConfig(campaign, draw, randomConfig);
  if (!config) return NOTHING_LEFT_TO_DRAW;
  await queueExperiment(deps, campaign.id, experiments.length + 1, 'random', randomProposal(campaign, draw.draw, config));
  return undefined;
}

/** Stores a proposal as experiment `seq` of its arm, queued to run, and tells the watchers. */
async function queueExperiment(deps: DriverDeps, campaignId: string, seq: number, arm: Arm, proposal: Proposal): Promise<void> {
  await deps.store.experiments.insert({
    campaignId,
    seq,
    id: experimentId(campaignId, seq),
    arm,
    status: 'queued',
    config: proposal.config,
    configHash: configHash(proposal.config),
    proposal,
    attempts: 0,
    createdAt: now(),
  });
  deps.onEvent(campaignId, { type: 'experiment-queued', seq, arm, origin: proposal.origin, hypothesis: proposal.hypothesis, config: proposal.config });
}
