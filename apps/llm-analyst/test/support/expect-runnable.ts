import { expect } from 'vitest';
import { configHash, ExperimentConfigSchema, offeredEncoders, ProposalSchema, type CampaignContext } from '@codec-lab/domain';
import type { ProposeOutcome, Rejected } from '../../src/backend.ts';

/**
 * What agent-runner may receive: a proposal that parses with the domain schemas, whose config is
 * valid for its encoder, available, and neither run before nor refused in this round.
 */
export function expectRunnable(outcome: ProposeOutcome, context: CampaignContext, rejected: Rejected = new Map()) {
  if (outcome.kind !== 'proposal') throw new Error(`expected a proposal, got stop: ${outcome.reason}`);
  const { proposal } = outcome;
  expect(ProposalSchema.safeParse(proposal).success).toBe(true);
  expect(ExperimentConfigSchema.safeParse(proposal.config).success).toBe(true);
  if (proposal.config.strategy === 'codec') expect(offeredEncoders(context.offer)).toContain(proposal.config.encoder);
  const hash = configHash(proposal.config);
  expect(context.history.map((e) => e.configHash)).not.toContain(hash);
  expect([...rejected.keys()]).not.toContain(hash);
  return proposal;
}
