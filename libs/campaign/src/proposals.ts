import {
  BASELINE_CONFIG,
  configHash,
  describeConfig,
  DomainError,
  offeredEncoders,
  type Campaign,
  type Experiment,
  type ExperimentConfig,
  type Proposal,
  type RunnerOffer,
} from '@codec-lab/domain';
import { validateProposal } from './validation.ts';

/** The fixed first experiment of every campaign whose runners have libx264. */
export const BASELINE_PROPOSAL: Proposal = Object.freeze({
  hypothesis: 'Baseline: libx264, preset medium, CRF 23 — the reference every later experiment is compared with.',
  rationale: 'Fixed first experiment of every campaign.',
  config: BASELINE_CONFIG,
  origin: 'baseline',
  validationErrors: [],
});

/**
 * The analyst arm's first experiment when it is not the analyst's to choose: the config given
 * through the API (refused when the runners cannot run it), else the baseline where the runners
 * have its encoder. Undefined: ask the analyst.
 */
export function openingProposal(campaign: Campaign, analystArm: readonly Experiment[], offer: RunnerOffer): Proposal | undefined {
  if (analystArm.length > 0) return undefined;
  if (campaign.initialConfig) {
    const explicit: Proposal = { hypothesis: 'An explicit config, requested through the API.', rationale: 'Given by the caller.', config: campaign.initialConfig, origin: 'user', validationErrors: [] };
    const errors = validateProposal(explicit, analystArm, offer);
    if (errors.length) throw new DomainError('invalid', 'ERR_CONFIG_UNAVAILABLE', `the runners cannot run this config: ${errors.join('; ')}`);
    return explicit;
  }
  return offeredEncoders(offer).includes(BASELINE_CONFIG.encoder) ? { ...BASELINE_PROPOSAL, validationErrors: [] } : undefined;
}

/** Proposals the analyst may make per step before the campaign fails for want of a valid one. */
export const MAX_PROPOSAL_ROUNDS = 3;

export interface Refusal {
  readonly configHash: string;
  readonly reason: string;
}

/**
 * One step's refusal rounds: each answer of the analyst is validated; a refused one is told back
 * to it with the reason, up to MAX_PROPOSAL_ROUNDS answers. The accepted proposal records what was
 * refused before it.
 */
export class ProposalRounds {
  private readonly refusals: Refusal[] = [];

  constructor(
    private readonly history: readonly Experiment[],
    private readonly offer: RunnerOffer,
  ) {}

  /** What was refused so far, to tell the analyst. */
  get refused(): readonly Refusal[] {
    return this.refusals;
  }

  get open(): boolean {
    return this.refusals.length < MAX_PROPOSAL_ROUNDS;
  }

  /** The proposal to store, or undefined when it is refused (and recorded as such). */
  consider(proposal: Proposal): Proposal | undefined {
    const errors = validateProposal(proposal, this.history, this.offer);
    if (errors.length === 0) {
      return { ...proposal, validationErrors: [...proposal.validationErrors, ...this.refusals.map((r) => `refused ${r.configHash.slice(0, 12)}: ${r.reason}`)] };
    }
    this.refusals.push({ configHash: configHash(proposal.config), reason: errors.join('; ') });
    return undefined;
  }

  /** Why the step fails once every round was refused. */
  exhausted(): DomainError {
    return new DomainError(
      'precondition',
      'ERR_NO_VALID_PROPOSAL',
      `the analyst made ${MAX_PROPOSAL_ROUNDS} proposals and none passed validation: ${this.refusals.map((r) => r.reason).join(' | ')}`,
    );
  }
}

/**
 * The control arm's next seeded draw: which draw it is, over which encoders, and the configs it
 * must not repeat (its own and the shared baseline's).
 */
export function randomDraw(campaign: Campaign, experiments: readonly Experiment[], offer: RunnerOffer) {
  const random = experiments.filter((e) => e.arm === 'random');
  const baseline = experiments.filter((e) => e.proposal.origin === 'baseline');
  return {
    seed: campaign.seed,
    draw: random.length,
    encoders: offeredEncoders(offer),
    tried: new Set([...random, ...baseline].map((e) => e.configHash)),
  };
}

/** Why the control arm stops: every config it could draw was tried. */
export const NOTHING_LEFT_TO_DRAW = 'no untried configuration left to draw';

/** The proposal of the control arm's draw number `draw` (0-based). */
export function randomProposal(campaign: Campaign, draw: number, config: ExperimentConfig): Proposal {
  return {
    hypothesis: `Control arm draw ${draw + 1}: ${describeConfig(config)}, chosen at random (seed ${campaign.seed}).`,
    rationale: 'Budget-matched random search over the same space the analyst searches, to show whether the analyst earns its keep.',
    config,
    origin: 'random',
    validationErrors: [],
  };
}
