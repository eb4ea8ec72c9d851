import type { Analysis, CampaignContext } from '@codec-lab/domain';
import type { AnalystBackend, ProposeOutcome, Rejected } from './backend.ts';
import { plannerAnalysis, plannerProposal, type FallbackCause } from './llm/fallback.ts';
import type { LlmMetrics } from './metrics.ts';

const NOT_CONFIGURED: FallbackCause = { reason: 'not_configured', detail: 'no LLM endpoint configured (set OPENAI_API_KEY or OPENAI_BASE_URL)' };

/**
 * Routes each request by the campaign's choice of analyst: `planner` campaigns get the planner;
 * `llm` campaigns get the language model when one is configured, and otherwise the planner
 * labelled `fallback`, never a silent `planner`.
 */
export function createRoutingBackend(planner: AnalystBackend, llm: AnalystBackend | undefined, metrics: LlmMetrics): AnalystBackend {
  return {
    name: llm?.name ?? planner.name,
    propose(context: CampaignContext, rejected: Rejected): Promise<ProposeOutcome> {
      if (context.analyst === 'planner') return planner.propose(context, rejected);
      return llm ? llm.propose(context, rejected) : plannerProposal(planner, metrics, context, rejected, NOT_CONFIGURED);
    },
    async analyze(context: CampaignContext, seq: number): Promise<Analysis> {
      if (context.analyst === 'planner') return planner.analyze(context, seq);
      return llm ? llm.analyze(context, seq) : plannerAnalysis(await planner.analyze(context, seq), metrics, NOT_CONFIGURED);
    },
  };
}
