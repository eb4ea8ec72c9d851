import { Counter, Histogram, type Registry } from 'prom-client';
import type { AnsweredBy } from './backend.ts';
import { FALLBACK_REASONS } from './llm/fallback-reason.ts';

/** `backend` is the one that really answered (planner, openai, or fallback: the planner for the model). */
export interface AnalystMetrics {
  proposal(backend: AnsweredBy, origin: string): void;
  stop(backend: AnsweredBy): void;
  analysis(backend: AnsweredBy, origin: string, seconds: number): void;
}

export function createAnalystMetrics(registry: Registry): AnalystMetrics {
  const proposals = new Counter({
    name: 'codeclab_analyst_proposals_total',
    help: 'Proposals returned, by the backend that really answered (planner, openai, or fallback: the planner standing in for the model) and origin',
    labelNames: ['backend', 'origin'] as const,
    registers: [registry],
  });
  const stops = new Counter({
    name: 'codeclab_analyst_stops_total',
    help: 'Times the analyst answered that nothing better is left to try, by the backend that answered',
    labelNames: ['backend'] as const,
    registers: [registry],
  });
  const analyses = new Histogram({
    name: 'codeclab_analyst_analysis_seconds',
    help: 'Time to analyse one experiment, by the backend that really answered and origin',
    labelNames: ['backend', 'origin'] as const,
    buckets: [0.001, 0.01, 0.1, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [registry],
  });
  return {
    proposal: (backend, origin) => proposals.inc({ backend, origin }),
    stop: (backend) => stops.inc({ backend }),
    analysis: (backend, origin, seconds) => analyses.observe({ backend, origin }, seconds),
  };
}

/** The calls made to the language model: a first answer, or the one repair that may follow it. */
export type LlmRequestKind = 'propose' | 'propose_repair' | 'analyze' | 'analyze_repair';
const LLM_REQUEST_KINDS: readonly LlmRequestKind[] = ['propose', 'propose_repair', 'analyze', 'analyze_repair'];

export interface LlmMetrics {
  /** One request to the endpoint: `outcome` is `ok` or a fallback reason; tokens as the endpoint reported them. */
  request(kind: LlmRequestKind, outcome: string, seconds: number, tokens?: { prompt: number; completion: number }): void;
  /** The planner answered in place of the model; `reason` is one of FALLBACK_REASONS. */
  fallback(kind: 'propose' | 'analyze', reason: string): void;
}

/** Language-model metrics: requests by outcome, tokens, latency, and fallbacks by reason. */
export function createLlmMetrics(registry: Registry): LlmMetrics {
  const requests = new Counter({
    name: 'codeclab_llm_requests_total',
    help: 'Requests to the language-model endpoint, by kind and outcome (ok, or why the answer was not used)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'codeclab_llm_tokens_total',
    help: 'Tokens the endpoint reported, by kind and direction (prompt, completion)',
    labelNames: ['kind', 'direction'] as const,
    registers: [registry],
  });
  const seconds = new Histogram({
    name: 'codeclab_llm_request_seconds',
    help: 'Time of one request to the language-model endpoint, its retries included',
    labelNames: ['kind'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60],
    registers: [registry],
  });
  const fallbacks = new Counter({
    name: 'codeclab_analyst_fallbacks_total',
    help: 'Proposals and analyses the planner gave in place of the language model, by kind and reason',
    labelNames: ['kind', 'reason'] as const,
    registers: [registry],
  });
  // The closed label sets start at zero, so increase() counts the first request, token or fallback
  // and dashboards show 0 rather than "no data" while no LLM campaign has run.
  for (const kind of LLM_REQUEST_KINDS) {
    requests.inc({ kind, outcome: 'ok' }, 0);
    for (const direction of ['prompt', 'completion']) tokens.inc({ kind, direction }, 0);
  }
  for (const kind of ['propose', 'analyze']) for (const reason of FALLBACK_REASONS) fallbacks.inc({ kind, reason }, 0);
  return {
    request(kind, outcome, duration, used) {
      requests.inc({ kind, outcome });
      seconds.observe({ kind }, duration);
      if (used) {
        tokens.inc({ kind, direction: 'prompt' }, used.prompt);
        tokens.inc({ kind, direction: 'completion' }, used.completion);
      }
    },
    fallback: (kind, reason) => fallbacks.inc({ kind, reason }),
  };
}
