import {
  BASELINE_CONFIG,
  configHash,
  describeConfig,
  DomainError,
  encoderOffer,
  type Campaign,
  type Constraints,
  type Experiment,
  type ExperimentConfig,
  type Proposal,
  type RunnerOffer,
} from '@codec-lab/domain';
import { allowedEncoders } from './constraints.ts';
import { calibrationProposal } from './sampling.ts';
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
 * The baseline as the objective's constraints allow it: in the constrained pixel format (where
 * the runners' libx264 encodes it), never where libx264 is not an allowed encoder.
 */
function constrainedBaseline(constraints: Constraints | undefined, offer: RunnerOffer): Proposal | undefined {
  const offered = encoderOffer(offer, BASELINE_CONFIG.encoder);
  if (!offered || (constraints?.encoders && !constraints.encoders.includes(BASELINE_CONFIG.encoder))) return undefined;
  const pixelFormat = constraints?.pixelFormat;
  if (!pixelFormat || pixelFormat === BASELINE_CONFIG.pixelFormat) return { ...BASELINE_PROPOSAL, validationErrors: [] };
  if (!offered.pixelFormats.includes(pixelFormat)) return undefined;
  return {
    ...BASELINE_PROPOSAL,
    hypothesis: `Baseline: libx264, preset medium, CRF 23 in ${pixelFormat}, the pixel format the objective requires — the reference every later experiment is compared with.`,
    config: { ...BASELINE_CONFIG, pixelFormat },
    validationErrors: [],
  };
}

/**
 * The analyst arm's first experiment when it is not the analyst's to choose: the config given
 * through the API (refused when the runners cannot run it or it breaks the objective's
 * constraints), else the baseline where the runners have its encoder and the constraints allow
 * it; in a sampled campaign, the second is the baseline again on the segments
 * (`calibrationProposal`). Undefined: ask the analyst.
 */
export function openingProposal(campaign: Campaign, analystArm: readonly Experiment[], offer: RunnerOffer): Proposal | undefined {
  if (analystArm.length > 0) return calibrationProposal(campaign, analystArm);
  const constraints = campaign.objective.constraints;
  if (campaign.initialConfig) {
    const explicit: Proposal = { hypothesis: 'An explicit config, requested through the API.', rationale: 'Given by the caller.', config: campaign.initialConfig, origin: 'user', validationErrors: [] };
    const errors = validateProposal(explicit, analystArm, offer, constraints);
    if (errors.length) throw new DomainError('invalid', 'ERR_CONFIG_UNAVAILABLE', `this config cannot run in this campaign: ${errors.join('; ')}`);
    return explicit;
  }
  return constrainedBaseline(constraints, offer);
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
    private readonly constraints?: Constraints,
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
    const errors = validateProposal(proposal, this.history, this.offer, this.constraints);
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
 * The control arm's next seeded draw: which draw it is, over which encoders (those the runners
 * have that the objective's constraints allow, in its pixel format), and the configs it must not
 * repeat (its own and the shared baseline's). `randomArmConfig` applies the pixel format.
 */
export function randomDraw(campaign: Campaign, experiments: readonly Experiment[], offer: RunnerOffer) {
  const random = experiments.filter((e) => e.arm === 'random');
  const baseline = experiments.filter((e) => e.proposal.origin === 'baseline');
  return {
    seed: campaign.seed,
    draw: random.length,
    encoders: allowedEncoders(campaign.objective, offer),
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
