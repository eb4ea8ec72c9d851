import {
  analystContext,
  nextAction,
  probeFor,
  NOTHING_LEFT_TO_DRAW,
  openingProposal,
  ProposalRounds,
  randomArmConfig,
  randomDraw,
  randomProposal,
  stopReason,
} from '@codec-lab/campaign';
import { configHash, experimentId, isDomainError, type Arm, type Campaign, type Experiment, type ProbeSpec, type Proposal } from '@codec-lab/domain';
import { finalProposal, randomConfig } from '@codec-lab/planner';
import type { DriverDeps } from './campaign.deps.ts';
import { analyseOrFallback, proposeOrFallback } from './analyst-fallback.ts';
import { ensureKnowledge, rememberCampaign } from './lab-memory.ts';
import { abandonExperiment, runStep } from './run-step.ts';
import { now, withRetry } from './retry.ts';

/**
 * Drives one campaign as a sequence of persisted steps. Each turn reads the campaign and its
 * experiments from the store, asks the campaign rules (`@codec-lab/campaign`) what comes next,
 * and does it: run the pending round, analyse a result, propose for an arm, queue a sampled
 * campaign's final full encode, or finish. A campaign starting learns what the lab knows
 * (`ensureKnowledge`) and every measured round is remembered (`rememberCampaign`). Each step
 * is written before the next one is chosen, so after a crash or restart the driver picks up
 * exactly where the campaign was. `signal` cuts the step in flight; `drain` lets it finish and
 * starts no other (a shutdown's grace period). A campaign found paused (or finished, or cancelled)
 * between steps is left as it is: the driver stops. One found queued again (resumed, or reopened by
 * a budget extension) is taken up again.
 */
export async function driveCampaign(id: string, deps: DriverDeps, signal: AbortSignal, drain?: AbortSignal): Promise<void> {
  const log = deps.logger.child({ campaignId: id });
  try {
    while (!signal.aborted && !drain?.aborted) {
      let campaign = await deps.store.campaigns.get(id);
      if (campaign.status === 'queued') campaign = await deps.store.campaigns.transition(id, ['queued'], { status: 'running' });
      if (campaign.status !== 'running') return;
      campaign = await ensureKnowledge(campaign, deps);
      const experiments = await deps.store.experiments.listByCampaign(id);
      deps.metrics.campaignProgress(campaign, experiments);
      const action = nextAction(campaign, experiments, deps);
      switch (action.kind) {
        case 'run':
          await Promise.all([
            ...action.abandon.map(({ experiment, failure }) => abandonExperiment(campaign, experiment, failure, deps)),
            ...action.run.map((experiment) => runStep(campaign, experiment, deps, signal, log)),
          ]);
          await rememberCampaign(campaign, await deps.store.experiments.listByCampaign(id), deps);
          break;
        case 'analyse':
          await analyseStep(campaign, action.experiment, action.history, deps, signal);
          break;
        case 'final':
          if (await finalStep(campaign, experiments, deps, signal)) return;
          break;
        case 'finish':
          if (await finish(campaign, action.reason, deps)) return;
          break; // changed since it was read (paused, budget raised): decide again from the store
        case 'propose': {
          const { arm } = action;
          const stop = arm === 'analyst' ? await proposeStep(campaign, experiments, deps, signal) : await randomStep(campaign, experiments, deps, signal);
          if (stop) await unlessChanged(deps.store.campaigns.update(campaign, { armStops: { ...campaign.armStops, [arm]: stop } }));
        }
      }
    }
  } catch (error) {
    if (signal.aborted) return;
    const reason = isDomainError(error) ? `${error.code}: ${error.message}` : `ERR_INTERNAL: ${(error as Error).message}`;
    const current = await deps.store.campaigns.get(id);
    if (current.status !== 'running' && current.status !== 'queued') {
      // Paused (or ended by someone else) while the step ran: what failed is met again on resume.
      log.info({ status: current.status, reason }, 'campaign no longer running; driver stops');
      return;
    }
    log.error({ err: error }, 'campaign failed');
    await fail(id, reason, deps);
  } finally {
    deps.metrics.campaignEnded(id);
  }
}

/** Resolves to false instead of throwing when the campaign changed since it was read (its write was conditional on that version). */
async function unlessChanged(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isDomainError(error) && error.code === 'ERR_CAMPAIGN_CHANGED') return false;
    throw error;
  }
}

/**
 * Ends the campaign as succeeded if it is still exactly as it was read when its rules said
 * finish; false when it changed since (paused, its budget raised, cancelled): nothing is written.
 */
async function finish(campaign: Campaign, stopReason: string, deps: DriverDeps): Promise<boolean> {
  if (!(await unlessChanged(deps.store.campaigns.update(campaign, { status: 'succeeded', stopReason })))) return false;
  ended(campaign.id, 'succeeded', stopReason, deps);
  return true;
}

/** Fails the campaign if it is still queued or running; one paused (or ended) meanwhile is left as it is. */
async function fail(id: string, stopReason: string, deps: DriverDeps): Promise<void> {
  try {
    await deps.store.campaigns.transition(id, ['queued', 'running'], { status: 'failed', stopReason });
  } catch (error) {
    if (isDomainError(error) && error.code === 'ERR_CAMPAIGN_STATE') return;
    throw error;
  }
  ended(id, 'failed', stopReason, deps);
}

function ended(id: string, status: 'succeeded' | 'failed', stopReason: string, deps: DriverDeps): void {
  deps.metrics.campaignFinished(status);
  deps.onEvent(id, { type: 'campaign-finished', status, stopReason });
  deps.logger.info({ campaignId: id, status, stopReason }, 'campaign finished');
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
  await queueExperiment(deps, campaign.id, experiments.length + 1, 'analyst', proposal, probeFor(campaign, analystArm, proposal));
  return undefined;
}

/**
 * Queues a sampled campaign's full encode of the config its probes chose (the planner's
 * `finalProposal`); where no probe is left to confirm, the campaign finishes. True: it finished.
 */
async function finalStep(campaign: Campaign, experiments: readonly Experiment[], deps: DriverDeps, signal: AbortSignal): Promise<boolean> {
  const analystArm = experiments.filter((e) => e.arm === 'analyst');
  const proposal = finalProposal(analystContext(campaign, analystArm, await offer(deps, signal)));
  if (!proposal) return finish(campaign, `${stopReason(campaign, experiments)}; no probe left to encode in full`, deps);
  await queueExperiment(deps, campaign.id, experiments.length + 1, 'analyst', proposal);
  return false;
}

/** Stores the control arm's next, seeded random experiment; returns a reason when none is left to draw. */
async function randomStep(campaign: Campaign, experiments: readonly Experiment[], deps: DriverDeps, signal: AbortSignal): Promise<string | undefined> {
  const draw = randomDraw(campaign, experiments, await offer(deps, signal));
  const config = randomArmConfig(campaign, draw, randomConfig);
  if (!config) return NOTHING_LEFT_TO_DRAW;
  await queueExperiment(deps, campaign.id, experiments.length + 1, 'random', randomProposal(campaign, draw.draw, config));
  return undefined;
}

/**
 * Stores a proposal as experiment `seq` of its arm, queued to run, and tells the watchers; not
 * when the campaign was paused (or ended) while it was proposed: no new experiment is queued then.
 */
async function queueExperiment(deps: DriverDeps, campaignId: string, seq: number, arm: Arm, proposal: Proposal, probe?: ProbeSpec): Promise<void> {
  if ((await deps.store.campaigns.get(campaignId)).status !== 'running') return;
  await deps.store.experiments.insert({
    campaignId,
    seq,
    id: experimentId(campaignId, seq),
    arm,
    status: 'queued',
    config: proposal.config,
    configHash: configHash(proposal.config),
    ...(probe ? { probe } : {}),
    proposal,
    attempts: 0,
    createdAt: now(),
  });
  deps.onEvent(campaignId, { type: 'experiment-queued', seq, arm, origin: proposal.origin, hypothesis: proposal.hypothesis, config: proposal.config });
}
