export {
  ENCODERS,
  ENCODER_NAMES,
  MAX_FILM_GRAIN,
  PIXEL_FORMATS,
  SVTAV1_PRESETS,
  TARGET_KBPS,
  X26X_PRESETS,
  type ArgStyle,
  type EncoderName,
  type EncoderPriors,
  type EncoderSpec,
  type OptionSpec,
  type PixelFormat,
  type PriorProvenance,
} from './encoders.ts';
export {
  FileSourceSchema,
  SourceDescriptionSchema,
  SourceSchema,
  SYNTHETIC_GENERATORS,
  SyntheticSourceSchema,
  syntheticFrameCount,
  type FileSource,
  type Source,
  type SourceDescription,
  type SyntheticSource,
} from './source.schema.ts';
export {
  BASELINE_CONFIG,
  BitrateRateControlSchema,
  CodecConfigSchema,
  CrfRateControlSchema,
  describeConfig,
  ExperimentConfigSchema,
  RateControlSchema,
  ResolutionSchema,
  type CodecConfig,
  type CodecConfigInput,
  type ExperimentConfig,
  type RateControl,
} from './config.schema.ts';
export { canonicalJson, configHash } from './config-hash.ts';
export { ObjectiveSchema, QUALITY_METRICS, TARGET_TOLERANCE, type Objective, type QualityMetric } from './objective.schema.ts';
export { bitrateMbps, ExperimentResultSchema, VmafSchema, type ExperimentResult } from './result.schema.ts';
export { ProbeSegmentSchema, ProbeSpecSchema, type ProbeSegment, type ProbeSpec } from './result.schema.ts';
export { AnalysisSchema, ORIGINS, ProposalSchema, type Analysis, type Origin, type Proposal } from './reasoning.schema.ts';
export {
  ACTIVE_CAMPAIGN_STATUSES,
  ANALYST_KINDS,
  ARMS,
  CAMPAIGN_STATUSES,
  CampaignContextSchema,
  CampaignSchema,
  CreateCampaignSchema,
  CreateExperimentSchema,
  EXPERIMENT_STATUSES,
  ExperimentSchema,
  experimentId,
  FailureSchema,
  HistoryEntrySchema,
  MAX_EXPERIMENTS_LIMIT,
  toHistoryEntry,
  type Arm,
  type Campaign,
  type CampaignContext,
  type CampaignStatus,
  type CreateCampaign,
  type CreateExperiment,
  type Experiment,
  type ExperimentStatus,
  type Failure,
  type HistoryEntry,
} from './campaign.schema.ts';
export { DomainError, ERROR_KINDS, formatIssues, isDomainError, type ErrorKind } from './errors.ts';
export { bestEntry, bestMeetingEntry, closestEntry, meetsObjective, qualityOf, signedPercent, targetError } from './scoring.ts';
export { armExperiments, summariseCampaign } from './campaign-summary.ts';
export { MEASUREMENT_TERMS } from './measurement-terms.ts';
export {
  canRunOn,
  encoderOffer,
  EncoderOfferSchema,
  offeredEncoders,
  offerProblems,
  runnerOffer,
  RunnerOfferSchema,
  type EncoderOffer,
  type OfferProblem,
  type RunnerOffer,
  type RunnerTrials,
} from './runner-offer.ts';
export {
  ArmSummarySchema,
  CampaignSummarySchema,
  CampaignWithSummarySchema,
  SummaryEntrySchema,
  type ArmSummary,
  type CampaignSummary,
  type CampaignWithSummary,
} from './campaign-summary.schema.ts';
