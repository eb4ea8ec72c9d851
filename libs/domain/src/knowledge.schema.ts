import { z } from 'zod';
import { ENCODER_NAMES } from './encoders.ts';
import { SourceDescriptionSchema } from './source.schema.ts';

/** A prior value: its mean over the sources it was learned from, and their spread (one standard deviation). */
export const EstimateSchema = z.strictObject({ mean: z.number(), sd: z.number().nonnegative() });
export type Estimate = z.infer<typeof EstimateSchema>;

const PerMetricSchema = z.strictObject({ psnr: EstimateSchema, ssim: EstimateSchema, vmaf: EstimateSchema });

/**
 * What the planner assumes about a track (encoder and preset, everything else default) before the
 * campaign has measured it, relative to the reference track (libx264 medium) on the same source.
 */
export const TrackPriorSchema = z.strictObject({
  encoder: z.enum(ENCODER_NAMES),
  preset: z.string().min(1).max(32),
  /** The CRF at which this track spends what the reference spends at its reference CRF. */
  equivalentCrf: EstimateSchema,
  /** d ln(bitrate) / d CRF: negative; -ln 2 / 6 halves the bitrate every 6 CRF steps. */
  rateSlope: EstimateSchema,
  /** Quality above the reference's at the same bitrate, per metric, in the metric's unit. */
  gain: PerMetricSchema,
  /** d quality / d ln(bitrate), per metric. */
  qualitySlope: PerMetricSchema,
  /** ln(encode seconds / the reference's encode seconds on the same source). */
  logCost: EstimateSchema,
});
export type TrackPrior = z.infer<typeof TrackPriorSchema>;

export const PlannerPriorsSchema = z.strictObject({
  reference: z.strictObject({ encoder: z.enum(ENCODER_NAMES), preset: z.string(), crf: z.number() }),
  /** The clips the default priors were fitted on: a benchmark that judges the planner must use others. */
  clips: z.array(z.string()).max(50),
  /** How they were measured, fitted and learned (ffmpeg builds, script, the campaigns they learned from). */
  provenance: z.string().max(2000),
  tracks: z.array(TrackPriorSchema).max(64),
});
export type PlannerPriors = z.infer<typeof PlannerPriorsSchema>;

/**
 * One measured experiment of an earlier campaign, as the lab remembers it: a CRF-mode config of
 * encoder and preset with every other setting at its default (the tracks priors are kept for), its
 * bitrate, qualities and encode time. `probe`: measured on sampled segments, not the whole source.
 */
export const MemoryPointSchema = z.strictObject({
  encoder: z.enum(ENCODER_NAMES),
  preset: z.string().min(1).max(32),
  crf: z.number(),
  bitrateBps: z.number().positive(),
  psnr: z.number(),
  ssim: z.number(),
  vmaf: z.number().optional(),
  encodeSeconds: z.number().nonnegative(),
  probe: z.boolean().optional(),
});
export type MemoryPoint = z.infer<typeof MemoryPointSchema>;

/** The same config measured on sampled segments and on the whole source: what probe mode's bias is. */
export const ProbePairSchema = z.strictObject({
  encoder: z.enum(ENCODER_NAMES),
  preset: z.string().min(1).max(32),
  crf: z.number(),
  probeBitrateBps: z.number().positive(),
  fullBitrateBps: z.number().positive(),
  /** Full-source quality minus the probe's, per metric measured on both. */
  psnrDelta: z.number(),
  ssimDelta: z.number(),
  vmafDelta: z.number().optional(),
});
export type ProbePair = z.infer<typeof ProbePairSchema>;

/** Experiments one memory record keeps at most (both arms of a campaign at its largest budget, and its final encodes). */
export const MEMORY_POINTS_LIMIT = 120;

/**
 * What one campaign taught the lab, rewritten as its experiments are measured: the source as the
 * runner described it (with its content features, by which later sources find it similar) and
 * every measured point of a default-settings track.
 */
export const SourceMemorySchema = z.strictObject({
  campaignId: z.string().min(1),
  /** The campaign's creation time: memory is read newest first. */
  createdAt: z.iso.datetime(),
  /** A person's name for the source: the file path or the generator. */
  label: z.string().max(600),
  description: SourceDescriptionSchema,
  points: z.array(MemoryPointSchema).max(MEMORY_POINTS_LIMIT),
  probePairs: z.array(ProbePairSchema).max(MEMORY_POINTS_LIMIT),
});
export type SourceMemory = z.infer<typeof SourceMemorySchema>;

/** A remembered source that shaped a campaign's priors, and how much. */
export const SimilarSourceSchema = z.strictObject({
  campaignId: z.string(),
  label: z.string(),
  /** exp(-d^2/2) of the feature distance: 1 for the same content, toward 0 for unrelated content. */
  similarity: z.number().min(0).max(1),
  points: z.int().nonnegative(),
  /** What it found, in a sentence (its best measured track, how the tracks ranked). */
  finding: z.string().max(500),
});
export type SimilarSource = z.infer<typeof SimilarSourceSchema>;

/**
 * How probe mode's measurements are turned into full-length predictions: full / probe bitrate as a
 * log ratio, and full - probe quality per metric, learned from measured pairs (a documented default
 * when there are none), each with its spread.
 */
export const ProbeCorrectionSchema = z.strictObject({
  lnBitrateRatio: EstimateSchema,
  psnr: EstimateSchema,
  ssim: EstimateSchema,
  vmaf: EstimateSchema,
  /**
   * Bits per second the campaign's probes spend over the full encode, measured on its own source
   * (probe minus full bitrate of its pairs). Each segment opens with a keyframe, an excess of about
   * the same bits whatever the config, so it is subtracted rather than scaled; it belongs to one
   * source and its segments, and is never remembered for another.
   */
  excessBps: EstimateSchema.optional(),
  /** Measured probe/full pairs behind it (weighted by source similarity); 0: the default. */
  pairs: z.int().nonnegative(),
  basis: z.string().max(500),
});
export type ProbeCorrection = z.infer<typeof ProbeCorrectionSchema>;

/**
 * What the lab knew when a campaign started, fixed for the campaign's life (a restart, a pause or a
 * budget increase keeps it): the priors its planner uses, the similar sources they were learned
 * from, and the probe correction.
 */
export const LabKnowledgeSchema = z.strictObject({
  priors: PlannerPriorsSchema,
  similar: z.array(SimilarSourceSchema).max(8),
  probeCorrection: ProbeCorrectionSchema,
  /** Memory records read to learn it (how much of the lab's memory was consulted). */
  recordsRead: z.int().nonnegative(),
  learnedAt: z.iso.datetime(),
});
export type LabKnowledge = z.infer<typeof LabKnowledgeSchema>;
