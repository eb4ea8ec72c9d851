import { isDomainError, type Analysis, type CampaignContext } from '@codec-lab/domain';
import type { Logger } from '@codec-lab/observability';
import { analyseExperiment, planNext } from '@codec-lab/planner';
import type { AnalystGateway, ProposeAnswer } from '../gateways/analyst.gateway.ts';
import { isRetryable, withRetry } from './retry.ts';

/** Attempts at llm-analyst before the orchestrator's own planner stands in. */
const ANALYST_RETRIES = 2;

function unreachable(error: unknown): string | undefined {
  return isRetryable(error) && isDomainError(error) ? `llm-analyst unavailable (${error.code}: ${error.message})` : undefined;
}

/**
 * llm-analyst's Propose, or, when llm-analyst cannot be reached, the same deterministic planner
 * run here, labelled `fallback` with the reason: the campaign never stalls on its analyst.
 */
export async function proposeOrFallback(
  analyst: AnalystGateway,
  context: CampaignContext,
  refused: { configHash: string; reason: string }[],
  signal: AbortSignal,
  logger: Logger,
  onUnreachable: () => void,
): Promise<ProposeAnswer> {
  try {
    return await withRetry(() => analyst.propose(context, refused), { retries: ANALYST_RETRIES, signal });
  } catch (error) {
    const reason = unreachable(error);
    if (!reason || signal.aborted) throw error;
    logger.warn({ campaignId: context.campaignId, reason }, 'proposing with the local planner');
    onUnreachable();
    const decision = planNext(context, new Set(refused.map((r) => r.configHash)));
    return decision.kind === 'stop' ? decision : { kind: 'proposal', proposal: { ...decision.proposal, origin: 'fallback', fallbackReason: reason } };
  }
}

/** llm-analyst's Analyze, or the local planner's analysis labelled `fallback` when it cannot be reached. */
export async function analyseOrFallback(
  analyst: AnalystGateway,
  context: CampaignContext,
  seq: number,
  signal: AbortSignal,
  logger: Logger,
  onUnreachable: () => void,
): Promise<Analysis> {
  try {
    return await withRetry(() => analyst.analyze(context, seq), { retries: ANALYST_RETRIES, signal });
  } catch (error) {
    const reason = unreachable(error);
    if (!reason || signal.aborted) throw error;
    logger.warn({ campaignId: context.campaignId, reason }, 'analysing with the local planner');
    onUnreachable();
    return { ...analyseExperiment(context, seq), origin: 'fallback', fallbackReason: reason };
  }
}
