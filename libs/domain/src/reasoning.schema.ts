import { z } from 'zod';
import { ExperimentConfigSchema } from './config.schema.ts';

/**
 * Where a proposal or analysis came from. `baseline` is the fixed first experiment, `planner` the
 * built-in deterministic planner, `llm` a language model, `fallback` the planner standing in for
 * a language model that failed (the reason is kept), `random` the seeded random-search control
 * arm, `user` a config given explicitly through the API.
 */
export const ORIGINS = ['baseline', 'planner', 'llm', 'fallback', 'random', 'user'] as const;
export type Origin = (typeof ORIGINS)[number];

export const ProposalSchema = z.strictObject({
  hypothesis: z.string().min(1).max(2000),
  rationale: z.string().max(4000),
  config: ExperimentConfigSchema,
  expectedBitrateBps: z.number().positive().optional(),
  origin: z.enum(ORIGINS),
  model: z.string().optional(),
  validationErrors: z.array(z.string()).default([]),
  fallbackReason: z.string().optional(),
  /** What the language model answered, verbatim (truncated), when one was asked. */
  rawOutput: z.string().max(20_000).optional(),
  tokens: z.int().nonnegative().optional(),
  latencyMs: z.number().nonnegative().optional(),
});
export type Proposal = z.infer<typeof ProposalSchema>;

export const AnalysisSchema = z.strictObject({
  summary: z.string().min(1),
  rootCause: z.string(),
  insights: z.array(z.string()),
  nextStep: z.string(),
  origin: z.enum(ORIGINS),
  model: z.string().optional(),
  fallbackReason: z.string().optional(),
  rawOutput: z.string().max(20_000).optional(),
  tokens: z.int().nonnegative().optional(),
  latencyMs: z.number().nonnegative().optional(),
});
export type Analysis = z.infer<typeof AnalysisSchema>;
