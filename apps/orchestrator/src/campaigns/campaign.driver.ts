import {
  BASELINE_CONFIG,
  configHash,
  DomainError,
  ENCODERS,
  experimentId,
  isDomainError,
  PIXEL_FORMATS,
  toHistoryEntry,
  type Arm,
  type Campaign,
  type CampaignContext,
  type Experiment,
  type PixelFormat,
  type Proposal,
} from '@codec-lab/domain';
import type { Logger } from '@codec-lab/observability';
import type { Store } from '@codec-lab/store';
import type { AnalystGateway } from '../gateways/analyst.gateway.ts';
import type { RunnerCapabilities, RunnerGateway } from '../gateways/runner.gateway.ts';
import type { CampaignEvent } from './campaign.events.ts';
import type { CampaignMetrics } from './campaign.metrics.ts';
import { analyseOrFallback, proposeOrFallback } from './analyst-fallback.ts';
import { runStep } from './run-step.ts';
import { nextArm, randomStep, stopReason } from './campaign.arms.ts';
import { validateProposal } from './proposal-validation.ts';
import { now, withRetry } from './retry.ts';

export interface DriverDeps {
  readonly store: Store;
  readonly runner: RunnerGateway;
  readonly analyst: AnalystGateway;
  readonly metrics: CampaignMetrics;
  readonly logger: Logger;
  readonly stepRetries: number;
  readonly maxExperimentAttempts: number;
  /** Experiments running at once across every orchestrator replica, and the lease on each slot. */
  readonly slots: { readonly count: number; readonly ttlMs: number };
  readonly onEvent: (campaignId: string, event: CampaignEvent) => void;
}

const MAX_PROPOSAL_ROUNDS = 3;
const BASELINE_PROPOSAL: Omit<Proposal, 'config'> = {
  hypothesis: 'Baseline: libx264, preset medium, CRF 23 — the reference every later experiment is compared with.',
  rationale: 'Fixed first experiment of every campaign.',
  origin: 'baseline',
  validationErrors: [],
};


/**
 * Drives one campaign as a sequence of persisted steps: run the pending experiment, analyse the
 * last result, or propose and store the next experiment. Each step is written before the next one
 * is chosen, and the choice is made from the store alone, so after a crash or restart the driver
 * picks up exactly where the campaign was. `signal` cuts the step in flight; `drain` lets it finish
 * and starts no other (a shutdown's grace period).
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
      const analystArm = experiments.filter((e) => e.arm === 'analyst');
      const pending = experiments.filter((e) => e.status === 'queued' || e.status === 'running');
      // The random arm is a control: it gets measured, not analysed.
      const unanalysed = analystArm.find((e) => e.status !== 'queued' && e.status !== 'running' && !e.analysis);
      const arm = nextArm(campaign, experiments);
      // A round is proposed in full (batchSize experiments) before any of it runs; an interrupted
      // round (something already running) is finished first.
      const roundOpen = arm !== undefined && pending.length < campaign.batchSize && pending.every((e) => e.status === 'queued');
      if (pending.length > 0 && !roundOpen) {
        await Promise.all(pending.map((experiment) => runStep(campaign, experiment, deps, signal, log)));
      } else if (unanalysed) {
        await analyseStep(campaign, unanalysed, analystArm, deps, signal);
      } else if (!arm) {
        await finish(campaign, 'succeeded', stopReason(campaign, experiments), deps);
        return;
      } else {
        const stop = arm === 'analyst' ? await proposeStep(campaign, analystArm, experiments.length + 1, deps, signal) : await randomStep(campaign, experiments, deps, signal);
        if (stop) await deps.store.campaigns.modify(id, (current) => ({ armStops: { ...current.armStops, [arm]: stop } }));
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

async function analyseStep(campaign: Campaign, last: Experiment, analystArm: Experiment[], deps: DriverDeps, signal: AbortSignal): Promise<void> {
  const context = await buildContext(campaign, analystArm.filter((e) => e.seq <= last.seq), deps);
  const analysis = await analyseOrFallback(deps.analyst, context, last.seq, signal, deps.logger, () => deps.metrics.analystUnreachable('analyze'));
  await deps.store.experiments.update(campaign.id, last.seq, [last.status], { analysis });
  deps.onEvent(campaign.id, { type: 'analysis', seq: last.seq, origin: analysis.origin, summary: analysis.summary, nextStep: analysis.nextStep });
}

/**
 * Stores the analyst arm's next experiment (queued) as experiment `seq`; returns the analyst's
 * reason when it has nothing to propose. `experiments` is the analyst arm only: the analyst never
 * sees what the control arm found.
 */
async function proposeStep(campaign: Campaign, experiments: Experiment[], seq: number, deps: DriverDeps, signal: AbortSignal): Promise<string | undefined> {
  const capabilities = await withRetry(() => deps.runner.capabilities(), { retries: deps.stepRetries, signal });
  let proposal: Proposal | undefined;
  if (experiments.length === 0 && campaign.initialConfig) {
    const explicit: Proposal = { hypothesis: 'An explicit config, requested through the API.', rationale: 'Given by the caller.', config: campaign.initialConfig, origin: 'user', validationErrors: [] };
    const errors = validateProposal(explicit, experiments, capabilities);
    if (errors.length) throw new DomainError('invalid', 'ERR_CONFIG_UNAVAILABLE', `the runners cannot run this config: ${errors.join('; ')}`);
    proposal = explicit;
  } else if (experiments.length === 0 && capabilities.encoders.includes(BASELINE_CONFIG.encoder)) {
    proposal = { ...BASELINE_PROPOSAL, config: BASELINE_CONFIG };
  } else {
    const context = await buildContext(campaign, experiments, deps, capabilities);
    const refused: { configHash: string; reason: string }[] = [];
    for (let round = 0; round < MAX_PROPOSAL_ROUNDS && !proposal; round++) {
      const answer = await proposeOrFallback(deps.analyst, context, refused, signal, deps.logger, () => deps.metrics.analystUnreachable('propose'));
      if (answer.kind === 'stop') return answer.reason;
      const errors = validateProposal(answer.proposal, experiments, capabilities);
      if (errors.length === 0) {
        proposal = { ...answer.proposal, validationErrors: [...answer.proposal.validationErrors, ...refused.map((r) => `refused ${r.configHash.slice(0, 12)}: ${r.reason}`)] };
      } else {
        deps.metrics.proposalRefused();
        refused.push({ configHash: configHash(answer.proposal.config), reason: errors.join('; ') });
      }
    }
    if (!proposal) {
      throw new DomainError('precondition', 'ERR_NO_VALID_PROPOSAL', `the analyst made ${MAX_PROPOSAL_ROUNDS} proposals and none passed validation: ${refused.map((r) => r.reason).join(' | ')}`);
    }
  }
  await queueExperiment(deps, campaign.id, seq, 'analyst', proposal);
  return undefined;
}

/** Stores a proposal as experiment `seq` of its arm, queued to run, and tells the watchers. */
export async function queueExperiment(deps: DriverDeps, campaignId: string, seq: number, arm: Arm, proposal: Proposal): Promise<void> {
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

async function buildContext(
  campaign: Campaign,
  experiments: Experiment[],
  deps: DriverDeps,
  capabilities?: RunnerCapabilities,
): Promise<CampaignContext> {
  const caps = capabilities ?? (await deps.runner.capabilities());
  return {
    campaignId: campaign.id,
    source: campaign.source,
    objective: campaign.objective,
    maxExperiments: campaign.maxExperiments,
    history: experiments.map(toHistoryEntry),
    availableEncoders: [...caps.encoders],
    analyst: campaign.analyst,
    encoderOffers: Object.fromEntries(
      caps.encoders.map((encoder) => [
        encoder,
        { presets: [...(caps.presets[encoder] ?? ENCODERS[encoder].presets)], pixelFormats: (caps.pixelFormats[encoder] ?? []).filter(isPixelFormat) },
      ]),
    ),
    vmafAvailable: caps.vmafAvailable,
  };
}

function isPixelFormat(name: string): name is PixelFormat {
  return (PIXEL_FORMATS as readonly string[]).includes(name);
}
