import type { AnalystBackend } from '../backend.ts';
import { analyseExperiment } from './analysis.ts';
import { planNext } from './planner.ts';

/** The built-in, deterministic analyst: no network, no model, labelled `planner`. */
export function createPlannerBackend(): AnalystBackend {
  return {
    name: 'planner',
    propose: async (context, rejected) => planNext(context, rejected),
    analyze: async (context, seq) => analyseExperiment(context, seq),
  };
}
