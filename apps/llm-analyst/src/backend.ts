import type { Analysis, CampaignContext, Proposal } from '@codec-lab/domain';

/** Config hashes the orchestrator refused in this round, each with its reasons. */
export type Rejected = ReadonlyMap<string, string>;

export type ProposeOutcome = { kind: 'proposal'; proposal: Proposal } | { kind: 'stop'; reason: string };

/**
 * What answers Propose and Analyze. The planner is one; a language-model backend is another, and
 * must label what it returns truthfully (`llm`, or `fallback` with the reason when it used the planner).
 */
export interface AnalystBackend {
  readonly name: string;
  propose(context: CampaignContext, rejected: Rejected): Promise<ProposeOutcome>;
  analyze(context: CampaignContext, seq: number): Promise<Analysis>;
}
