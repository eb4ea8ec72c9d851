import type { Analysis, CampaignContext } from '@codec-lab/domain';
import type { AnalystBackend, ProposeOutcome, Rejected } from '../backend.ts';
import type { LlmMetrics } from '../metrics.ts';
import type { AskRecord } from './ask.ts';
import { formatFallbackReason, type FallbackReason } from './fallback-reason.ts';

/** Why the planner stands in, and what the model said before it did (when it was asked). */
export interface FallbackCause {
  readonly reason: FallbackReason;
  readonly detail: string;
  readonly model?: string;
  readonly record?: AskRecord;
}

function provenance(cause: FallbackCause) {
  const record = cause.record;
  return {
    origin: 'fallback' as const,
    fallbackReason: formatFallbackReason(cause.reason, cause.detail),
    ...(record?.asked ? { model: cause.model, rawOutput: record.rawOutput, tokens: record.tokens, latencyMs: record.latencyMs } : {}),
  };
}

/**
 * The planner's proposal in place of the model's, labelled `fallback` with the reason, keeping the
 * model's raw output and validation errors so that nobody has to guess what went wrong.
 */
export async function plannerProposal(
  planner: AnalystBackend,
  metrics: LlmMetrics,
  context: CampaignContext,
  rejected: Rejected,
  cause: FallbackCause,
): Promise<ProposeOutcome> {
  metrics.fallback('propose', cause.reason);
  const outcome = await planner.propose(context, rejected);
  if (outcome.kind === 'stop') return { kind: 'stop', reason: `${outcome.reason} (the planner stood in for the model: ${cause.reason})` };
  return {
    kind: 'proposal',
    proposal: {
      ...outcome.proposal,
      ...provenance(cause),
      validationErrors: [...outcome.proposal.validationErrors, ...(cause.record?.validationErrors ?? [])],
    },
  };
}

/** The planner's analysis in place of the model's, labelled `fallback` with the reason. */
export function plannerAnalysis(analysis: Analysis, metrics: LlmMetrics, cause: FallbackCause): Analysis {
  metrics.fallback('analyze', cause.reason);
  return { ...analysis, ...provenance(cause) };
}
