export { armCounts, campaignArms, nextArm, randomArmConfig, stopReason, type DrawConfig, type RandomDraw } from './arms.ts';
export { allowedEncoders, configConstraintErrors, constraintOfferProblems } from './constraints.ts';
export { analystContext } from './context.ts';
export { objectiveProblems, vmafProblems, vmafWanted, type MeasurementProblem, type MeasurementRequest } from './measurement.ts';
export { attemptsExhausted, nextAction, roundOpen, type CampaignRules, type NextAction } from './next-action.ts';
export {
  BASELINE_PROPOSAL,
  MAX_PROPOSAL_ROUNDS,
  NOTHING_LEFT_TO_DRAW,
  openingProposal,
  ProposalRounds,
  randomDraw,
  randomProposal,
  type Refusal,
} from './proposals.ts';
export { calibrationProposal, campaignSampling, finalDue, probeFor } from './sampling.ts';
export { jitteredWait, nextSlotWait, SLOT_WAIT, slotRenewMs } from './slots.ts';
export { validateProposal } from './validation.ts';
