import { AnalysisSchema, DomainError, ProposalSchema } from '@codec-lab/domain';
import type { Logger } from '@codec-lab/observability';
import { predictConfig } from '@codec-lab/planner';
import { OPENAI_BACKEND, type AnalystBackend } from '../backend.ts';
import { askWithRepair, type AskDeps, type AskOutcome } from './ask.ts';
import { plannerAnalysis, plannerProposal } from './fallback.ts';
import { ANALYSIS_FORMAT, PROPOSAL_FORMAT } from './llm-schemas.ts';
import { analyzeMessages, proposeMessages } from './messages.ts';
import { checkAnalysis, checkProposal } from './output-validation.ts';

/**
 * The orchestrator asks at most three times per round and fails the campaign when every answer is
 * refused. Its refusals can rest on what only the runners know (pixel formats, presets), so after
 * two the planner answers: the round ends with a runnable config rather than a failed campaign.
 */
const REFUSALS_BEFORE_PLANNER = 2;

export interface LlmBackendDeps extends AskDeps {
  /** Answers whenever the model cannot: circuit open, endpoint failing, answer invalid after a repair. */
  readonly planner: AnalystBackend;
  readonly logger: Logger;
}

/**
 * The language-model analyst. Every answer it returns is either the model's, validated and
 * labelled `llm`, or the planner's, labelled `fallback` with the reason; origin, model, raw output,
 * validation errors, tokens and latency travel with it either way.
 */
export function createLlmBackend(deps: LlmBackendDeps): AnalystBackend {
  const { chat, planner, metrics, logger } = deps;
  const noteFallback = (kind: string, campaignId: string, outcome: Extract<AskOutcome<unknown>, { ok: false }>) =>
    logger.warn({ kind, campaignId, model: chat.model, reason: outcome.reason, detail: outcome.detail, errors: outcome.record.validationErrors }, 'planner stands in for the model');

  return {
    name: OPENAI_BACKEND,
    async propose(context, rejected) {
      if (rejected.size >= REFUSALS_BEFORE_PLANNER) {
        const detail = `the orchestrator refused ${rejected.size} proposals in this round`;
        return plannerProposal(planner, metrics, context, rejected, { reason: 'orchestrator_refused', detail });
      }
      const messages = proposeMessages(deps.prompts, context, rejected);
      const outcome = await askWithRepair(deps, 'propose', messages, PROPOSAL_FORMAT, (content) => checkProposal(content, context, rejected));
      if (!outcome.ok) {
        noteFallback('propose', context.campaignId, outcome);
        return plannerProposal(planner, metrics, context, rejected, { ...outcome, model: chat.model });
      }
      const { record } = outcome;
      // The planner's own prediction for the model's config, stored beside it so that the analysis
      // can say how each compares with the measurement (none where the planner cannot model it).
      const plannerPrediction = predictConfig(context, outcome.value.config, new Set(rejected.keys()));
      // The last gate: the stored shape, parsed once more, so nothing unvalidated leaves this service.
      const proposal = ProposalSchema.parse({
        ...outcome.value,
        ...(plannerPrediction ? { plannerPrediction } : {}),
        origin: 'llm',
        model: chat.model,
        validationErrors: record.validationErrors,
        rawOutput: record.rawOutput,
        tokens: record.tokens,
        latencyMs: record.latencyMs,
      });
      return { kind: 'proposal', proposal };
    },

    async analyze(context, seq) {
      // The planner's analysis first: it checks that `seq` is in the history, and it is the fallback.
      const fallback = await planner.analyze(context, seq);
      const entry = context.history.find((e) => e.seq === seq);
      if (!entry) throw new DomainError('invalid', 'ERR_UNKNOWN_EXPERIMENT', `experiment ${seq} is not in the history sent`);
      const messages = analyzeMessages(deps.prompts, context, entry);
      const outcome = await askWithRepair(deps, 'analyze', messages, ANALYSIS_FORMAT, (content) => checkAnalysis(content, context));
      if (!outcome.ok) {
        noteFallback('analyze', context.campaignId, outcome);
        return plannerAnalysis(fallback, metrics, { ...outcome, model: chat.model });
      }
      return AnalysisSchema.parse({
        ...outcome.value,
        // The predictions against the measurement are arithmetic on the history, not the model's say.
        ...(fallback.predictionCheck ? { predictionCheck: fallback.predictionCheck } : {}),
        ...(fallback.plannerPredictionCheck ? { plannerPredictionCheck: fallback.plannerPredictionCheck } : {}),
        origin: 'llm',
        model: chat.model,
        rawOutput: outcome.record.rawOutput,
        tokens: outcome.record.tokens,
        latencyMs: outcome.record.latencyMs,
      });
    },
  };
}
