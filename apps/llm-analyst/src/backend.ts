import type { Analysis, CampaignContext, Origin, Proposal } from '@codec-lab/domain';

/** Config hashes the orchestrator refused in this round, each with its reasons. */
export type Rejected = ReadonlyMap<string, string>;

export type ProposeOutcome = { kind: 'proposal'; proposal: Proposal } | { kind: 'stop'; reason: string };

/**
 * What answers Propose and Analyze. The planner is one; a language-model backend is another, and
 * must label what it returns truthfully (`llm`, or `fallback` with the reason when it used the planner).
 */
/** The language-model backend: any OpenAI-compatible endpoint. */
export const OPENAI_BACKEND = 'openai';

/**
 * Which backend really produced an answer, as metrics label it: the planner (a planner campaign),
 * the language model (its answer was used), or `fallback` (the planner standing in for the model).
 */
export type AnsweredBy = 'planner' | typeof OPENAI_BACKEND | 'fallback';

export function answeredBy(origin: Origin): AnsweredBy {
  if (origin === 'llm') return OPENAI_BACKEND;
  return origin === 'fallback' ? 'fallback' : 'planner';
}

export interface AnalystBackend {
  readonly name: string;
  propose(context: CampaignContext, rejected: Rejected): Promise<ProposeOutcome>;
  analyze(context: CampaignContext, seq: number): Promise<Analysis>;
}
