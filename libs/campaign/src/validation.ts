import { configHash, ExperimentConfigSchema, formatIssues, offerProblems, type Constraints, type Experiment, type OfferProblem, type Proposal, type RunnerOffer } from '@codec-lab/domain';
import { configConstraintErrors } from './constraints.ts';

/** A reason the runners cannot run a config, as the orchestrator records it. */
function offerError(problem: OfferProblem): string {
  switch (problem.kind) {
    case 'encoder':
      return `encoder: ${problem.encoder} is not available on the runners (available: ${problem.available.join(', ')})`;
    case 'preset':
      return `preset: ${problem.preset} is not a preset the runners offer for ${problem.encoder}`;
    case 'pixelFormat':
      return `pixelFormat: the runners' ${problem.encoder} does not encode ${problem.pixelFormat} (it does: ${problem.offered.join(', ') || 'none'})`;
    case 'crf':
      return `rateControl.crf: the runners take ${problem.encoder} CRF ${problem.min} to ${problem.max}`;
    case 'tune':
      return `tune: ${problem.tune} is not a tune the runners offer for ${problem.encoder}`;
  }
}

/**
 * The campaign's own check of a proposal before anything runs: the schema again (the analyst is
 * not trusted), what the runners offer (`offerProblems`, the rule the runners and the analyst
 * apply too), the objective's encoder and pixel-format constraints, and that the config is not a
 * repeat of one in `history`. Returns the reasons it is refused; empty means accepted.
 */
export function validateProposal(proposal: Proposal, history: readonly Experiment[], offer: RunnerOffer, constraints?: Constraints): string[] {
  const parsed = ExperimentConfigSchema.safeParse(proposal.config);
  if (!parsed.success) return formatIssues(parsed.error.issues);
  const config = parsed.data;
  const errors = [...configConstraintErrors(config, constraints), ...offerProblems(config, offer).map(offerError)];
  const hash = configHash(config);
  const repeat = history.find((e) => e.configHash === hash);
  if (repeat) errors.push(`config: identical to experiment ${repeat.seq}, which already ran in this campaign`);
  return errors;
}
