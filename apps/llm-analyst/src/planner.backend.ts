import { analyseExperiment, planNext } from '@codec-lab/planner';
import type { AnalystBackend } from './backend.ts';

/** The built-in, deterministic analyst: no network, no model, labelled `planner`. */
export function createPlannerBackend(): AnalystBackend {
  return {
    name: 'planner',
    propose: async (context, rejected) => planNext(context, new Set(rejected.keys())),
    analyze: async (context, seq) => analyseExperiment(context, seq),
  };
}
