import { z } from 'zod';
import { ExperimentConfigSchema } from './config.schema.ts';
import { LabKnowledgeSchema } from './knowledge.schema.ts';
import { ObjectiveSchema } from './objective.schema.ts';
import { RunnerOfferSchema } from './runner-offer.ts';
import { AnalysisSchema, ORIGINS, PredictionSchema, ProposalSchema } from './reasoning.schema.ts';
import { DEFAULT_VMAF_OPTIONS, ExperimentResultSchema, ProbeSpecSchema, VmafOptionsSchema } from './result.schema.ts';
import { SamplingRequestSchema, SamplingSchema } from './sampling.ts';
import { SourceDescriptionSchema, SourceSchema } from './source.schema.ts';

export const MAX_EXPERIMENTS_LIMIT = 50;
export const ANALYST_KINDS = ['planner', 'llm'] as const;

/** The body of `POST /v1/campaigns`. */
export const CreateCampaignSchema = z.strictObject({
  source: SourceSchema,
  objective: ObjectiveSchema,
  maxExperiments: z.int().min(1).max(MAX_EXPERIMENTS_LIMIT),
  analyst: z.enum(ANALYST_KINDS).optional(),
  /**
   * Also run a budget-matched, seeded random-search arm on the same source, so that the analyst's
   * results can be compared with what chance finds in the same number of experiments.
   */
  controlArm: z.boolean().optional(),
  /** Seed of the random arm; the same seed draws the same configs. */
  seed: z.int().min(0).max(2 ** 31 - 1).optional(),
  /** Experiments the analyst proposes per round, run in parallel (1 to 8). */
  batchSize: z.int().min(1).max(8).optional(),
  /** How VMAF is computed for every experiment of the campaign (model, subsampling). */
  vmaf: VmafOptionsSchema.optional(),
  /** Sampled search on long sources (default `auto`: on sampled segments beyond 20 s of source). */
  sampling: SamplingRequestSchema.optional(),
});
export type CreateCampaign = z.infer<typeof CreateCampaignSchema>;

/** The body of `POST /v1/experiments`: one experiment with an explicit config. */
export const CreateExperimentSchema = z.strictObject({
  source: SourceSchema,
  config: ExperimentConfigSchema,
  /** The target the analysis compares the result with. */
  objective: ObjectiveSchema,
  vmaf: VmafOptionsSchema.optional(),
});
export type CreateExperiment = z.infer<typeof CreateExperimentSchema>;

/**
 * `paused`: stopped by request between steps (the experiments in flight at the pause finish and
 * are stored); no orchestrator drives it until it is resumed, when it is `queued` again.
 */
export const CAMPAIGN_STATUSES = ['queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
/** The statuses of a campaign an orchestrator must drive: on the store's ACTIVE index. */
export const ACTIVE_CAMPAIGN_STATUSES: readonly CampaignStatus[] = ['queued', 'running'];

export const CampaignSchema = z.strictObject({
  id: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  source: SourceSchema,
  /** What a runner found the source to be when the campaign was created. */
  sourceDescription: SourceDescriptionSchema.optional(),
  objective: ObjectiveSchema,
  /** Experiments per arm; a budget extension (`POST /v1/campaigns/:id/budget`) raises it, nothing lowers it. */
  maxExperiments: z.int(),
  analyst: z.enum(ANALYST_KINDS),
  /** Whether a random-search control arm runs beside the analyst (each arm gets maxExperiments). */
  controlArm: z.boolean().default(false),
  seed: z.int().nonnegative().default(0),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  experimentsDone: z.int().nonnegative(),
  /** Why the campaign stopped, once it has. */
  stopReason: z.string().optional(),
  /** A config given explicitly (`POST /v1/experiments`): it runs first, labelled `user`. */
  initialConfig: ExperimentConfigSchema.optional(),
  /** sha256 of the creating request when it carried an Idempotency-Key, to tell a replay from a misuse. */
  requestHash: z.string().optional(),
  /** Which orchestrator drives the campaign, until when (epoch ms); renewed while it runs. */
  lease: z.strictObject({ owner: z.string(), expiresAt: z.number() }).optional(),
  /** Experiments proposed per round and run in parallel. */
  batchSize: z.int().min(1).max(8).default(1),
  /** How VMAF is computed for every experiment of the campaign. */
  vmaf: VmafOptionsSchema.default(DEFAULT_VMAF_OPTIONS),
  /** Why an arm stopped before its budget was spent (the analyst had nothing better to try). */
  armStops: z.strictObject({ analyst: z.string().optional(), random: z.string().optional() }).optional(),
  /** What the lab knew when the campaign started (priors learned from similar sources, the probe correction). */
  knowledge: LabKnowledgeSchema.optional(),
  /** Present when the campaign searches on sampled segments of a long source. */
  sampling: SamplingSchema.optional(),
  version: z.int().nonnegative(),
});
export type Campaign = z.infer<typeof CampaignSchema>;

/** `analyst`: proposed by the campaign's analyst. `random`: the seeded random-search control arm. */
export const ARMS = ['analyst', 'random'] as const;
export type Arm = (typeof ARMS)[number];

export const EXPERIMENT_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

export const FailureSchema = z.strictObject({ code: z.string(), message: z.string() });
export type Failure = z.infer<typeof FailureSchema>;

export const ExperimentSchema = z.strictObject({
  campaignId: z.string(),
  /** 1-based position in the campaign; experiment 1 is the baseline. */
  seq: z.int().positive(),
  id: z.string(),
  /** The baseline belongs to both arms; it is stored once, in the analyst arm. */
  arm: z.enum(ARMS).default('analyst'),
  status: z.enum(EXPERIMENT_STATUSES),
  config: ExperimentConfigSchema,
  configHash: z.string(),
  proposal: ProposalSchema,
  /** Run on these sampled segments of the source (probe mode); absent: on the whole source. */
  probe: ProbeSpecSchema.optional(),
  result: ExperimentResultSchema.optional(),
  failure: FailureSchema.optional(),
  analysis: AnalysisSchema.optional(),
  attempts: z.int().nonnegative(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().optional(),
  finishedAt: z.iso.datetime().optional(),
});
export type Experiment = z.infer<typeof ExperimentSchema>;

export function experimentId(campaignId: string, seq: number): string {
  return `${campaignId}-${String(seq).padStart(3, '0')}`;
}

/** One past experiment as the analyst sees it. */
export const HistoryEntrySchema = z.strictObject({
  seq: z.int().positive(),
  config: ExperimentConfigSchema,
  configHash: z.string(),
  status: z.enum(EXPERIMENT_STATUSES),
  result: ExperimentResultSchema.optional(),
  failure: FailureSchema.optional(),
  origin: z.enum(ORIGINS),
  hypothesis: z.string(),
  /** What the proposer predicted this experiment would measure, where it said. */
  prediction: PredictionSchema.optional(),
  /** The planner's prediction for the same config, kept beside a language model's proposal. */
  plannerPrediction: PredictionSchema.optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

/** Everything the analyst is told about a campaign when asked to propose or analyse. */
export const CampaignContextSchema = z.strictObject({
  campaignId: z.string().min(1),
  source: SourceSchema,
  objective: ObjectiveSchema,
  maxExperiments: z.int().min(1).max(MAX_EXPERIMENTS_LIMIT),
  /** Oldest first. */
  history: z.array(HistoryEntrySchema),
  analyst: z.enum(ANALYST_KINDS),
  /**
   * What the runners offer, exactly as agent-runner's GetCapabilities reported it: the encoders
   * (the planner's search space), what each takes, and whether VMAF is measured.
   */
  offer: RunnerOfferSchema,
  /** How the campaign's VMAF is computed (model, subsampling). */
  vmaf: VmafOptionsSchema.default(DEFAULT_VMAF_OPTIONS),
  /** What the lab knew when the campaign started; absent: the default priors and probe correction. */
  knowledge: LabKnowledgeSchema.optional(),
});
export type CampaignContext = z.infer<typeof CampaignContextSchema>;

export function toHistoryEntry(experiment: Experiment): HistoryEntry {
  return {
    seq: experiment.seq,
    config: experiment.config,
    configHash: experiment.configHash,
    status: experiment.status,
    result: experiment.result,
    failure: experiment.failure,
    origin: experiment.proposal.origin,
    hypothesis: experiment.proposal.hypothesis,
    ...(experiment.proposal.prediction ? { prediction: experiment.proposal.prediction } : {}),
    ...(experiment.proposal.plannerPrediction ? { plannerPrediction: experiment.proposal.plannerPrediction } : {}),
  };
}
