import type { LlmAnalystHandlers, WireProposeRequestOutput } from '@codec-lab/contracts';
import { analysisToWire, contextFromWire, proposalToWire, unaryHandler, type HandlerContext } from '@codec-lab/rpc';
import { answeredBy, type AnalystBackend } from './backend.ts';
import type { AnalystMetrics } from './metrics.ts';

export const LLM_ANALYST_SERVICE = 'codeclab.v1.LlmAnalyst';

export function createAnalystHandlers(ctx: HandlerContext, backend: AnalystBackend, metrics: AnalystMetrics): LlmAnalystHandlers {
  return {
    Propose: unaryHandler(ctx, 'Propose', async (request: WireProposeRequestOutput) => {
      const context = contextFromWire(request.context);
      const rejected = new Map(request.rejected.map((r) => [r.configHash ?? '', r.reason ?? ''] as const));
      const outcome = await backend.propose(context, rejected);
      if (outcome.kind === 'stop') {
        // Only the planner says stop; in an llm campaign it does so standing in for the model.
        metrics.stop(answeredBy(context.analyst === 'llm' ? 'fallback' : 'planner'));
        return { stop: outcome.reason };
      }
      // Labelled by who really answered, not by the router in front of them.
      metrics.proposal(answeredBy(outcome.proposal.origin), outcome.proposal.origin);
      return { proposal: proposalToWire(outcome.proposal) };
    }),
    Analyze: unaryHandler(ctx, 'Analyze', async (request) => {
      const started = performance.now();
      const analysis = await backend.analyze(contextFromWire(request.context), request.seq ?? 0);
      metrics.analysis(answeredBy(analysis.origin), analysis.origin, (performance.now() - started) / 1000);
      return analysisToWire(analysis);
    }),
  };
}
