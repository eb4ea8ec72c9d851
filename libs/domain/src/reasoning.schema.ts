import { z } from 'zod';
import { ExperimentConfigSchema } from './config.schema.ts';
import { QUALITY_METRICS } from './objective.schema.ts';

/**
 * Where a proposal or analysis came from. `baseline` is the fixed first experiment, `planner` the
 * built-in deterministic planner, `llm` a language model, `fallback` the planner standing in for
 * a language model that failed (the reason is kept), `random` the seeded random-search control
 * arm, `user` a config given explicitly through the API, `final` the full encode that ends a sampled
 * campaign (the config its probes chose, measured on the whole source: the answer).
 */
export const ORIGINS = ['baseline', 'planner', 'llm', 'fallback', 'random', 'user', 'final'] as const;
export type Origin = (typeof ORIGINS)[number];

/** A value the proposer expects, with one standard deviation of its uncertainty. */
const EstimateSchema = z.strictObject({ value: z.number(), sigma: z.number().nonnegative() });

/**
 * What the proposer expects the experiment to measure, stored with the proposal so that the
 * analysis can compare it with the measurement: the bitrate (its sigma as a fraction: 0.1 is
 * +-10%), the quality in the objective's metric, the encode time, and the model it came from.
 */
export const PredictionSchema = z.strictObject({
  bitrateBps: z.number().positive(),
  bitrateSigma: z.number().nonnegative(),
  quality: EstimateSchema.extend({ metric: z.enum(QUALITY_METRICS) }),
  encodeSeconds: z.number().nonnegative(),
  /** Expected improvement of the campaign's answer, per second of encoding, that ranked this proposal first. */
  gainPerSecond: z.number().nonnegative().optional(),
  /** Where the numbers come from: `fitted on 3 points of libsvtav1 4`, `priors from libx264 medium`. */
  basis: z.string().max(500),
});
export type Prediction = z.infer<typeof PredictionSchema>;

export const ProposalSchema = z.strictObject({
  hypothesis: z.string().min(1).max(2000),
  rationale: z.string().max(4000),
  config: ExperimentConfigSchema,
  expectedBitrateBps: z.number().positive().optional(),
  prediction: PredictionSchema.optional(),
  /**
   * The planner's prediction for the same config (its model of the config's track at its CRF),
   * kept beside a language model's proposal so that the analysis can compare both with the
   * measurement. Absent where the planner proposed (its prediction is `prediction`) or cannot model the config.
   */
  plannerPrediction: PredictionSchema.optional(),
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

/**
 * A prediction beside what was measured. A probe's measurement is taken at its full-length
 * figures (the probe correction applied), since every prediction is made for the whole source.
 */
const PredictionCheckSchema = z.strictObject({
  bitrateError: z.number().describe('measured / predicted bitrate - 1'),
  qualityError: z.number().describe('measured - predicted quality, in the metric unit'),
  qualitySigmas: z.number().describe('the quality error in predicted standard deviations'),
  encodeSecondsRatio: z.number().describe('measured / predicted encode seconds'),
});

export const AnalysisSchema = z.strictObject({
  summary: z.string().min(1),
  rootCause: z.string(),
  insights: z.array(z.string()),
  /** The proposal's prediction beside what was measured, where the proposal carried one. */
  predictionCheck: PredictionCheckSchema.optional(),
  /** The planner's prediction for the same config beside what was measured, where the proposal carried one (`plannerPrediction`). */
  plannerPredictionCheck: PredictionCheckSchema.optional(),
  nextStep: z.string(),
  origin: z.enum(ORIGINS),
  model: z.string().optional(),
  fallbackReason: z.string().optional(),
  rawOutput: z.string().max(20_000).optional(),
  tokens: z.int().nonnegative().optional(),
  latencyMs: z.number().nonnegative().optional(),
});
export type Analysis = z.infer<typeof AnalysisSchema>;
