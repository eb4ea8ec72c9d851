import { Counter, Histogram, type Registry } from 'prom-client';

export interface AnalystMetrics {
  proposal(backend: string, origin: string): void;
  stop(backend: string): void;
  analysis(backend: string, origin: string, seconds: number): void;
}

export function createAnalystMetrics(registry: Registry): AnalystMetrics {
  const proposals = new Counter({
    name: 'codeclab_analyst_proposals_total',
    help: 'Proposals returned, by backend and origin (planner, llm, fallback)',
    labelNames: ['backend', 'origin'] as const,
    registers: [registry],
  });
  const stops = new Counter({
    name: 'codeclab_analyst_stops_total',
    help: 'Times the analyst answered that nothing better is left to try',
    labelNames: ['backend'] as const,
    registers: [registry],
  });
  const analyses = new Histogram({
    name: 'codeclab_analyst_analysis_seconds',
    help: 'Time to analyse one experiment',
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
