import { z } from 'zod';
import { CampaignSchema } from './campaign.schema.ts';
import { QUALITY_METRICS } from './objective.schema.ts';
import { VMAF_MODELS } from './result.schema.ts';

// The shape `summariseCampaign` (campaign-summary.ts) returns, as a schema: what both APIs serve
// under a campaign's `summary`, checked on the way out and described in their API documents.

/** One experiment as a summary names it. */
export const SummaryEntrySchema = z.strictObject({
  seq: z.int().positive(),
  bitrateBps: z.number(),
  psnr: z.number().describe("ffmpeg's average PSNR, dB"),
  ssim: z.number(),
  vmaf: z.strictObject({ mean: z.number(), model: z.enum(VMAF_MODELS) }).optional().describe('Mean VMAF and its model, where VMAF was measured'),
  label: z.string().describe('The config in one line, every knob it sets'),
});

/** Where an arm (or the campaign's analyst arm) stands against the objective. */
const standing = {
  metObjective: z.boolean().optional().describe('Whether an experiment met the objective; absent while nothing has been measured'),
  best: SummaryEntrySchema.optional().describe('The best experiment that meets the objective; absent where none does'),
  closest: SummaryEntrySchema.optional().describe('Where none meets the objective: the experiment nearest the target bitrate'),
};

export const ArmSummarySchema = z.strictObject({
  experiments: z.int().nonnegative(),
  ...standing,
  firstMeetingObjective: z.int().positive().optional().describe('The seq of the first experiment that met the objective'),
});

const ParetoPointSchema = z.strictObject({ seq: z.int().positive(), bitrateMbps: z.number(), quality: z.number(), encodeFps: z.number() });

/** A Pareto objective's answer: the non-dominated experiments and the volume they dominate. */
export const ParetoSummarySchema = z.strictObject({
  metric: z.enum(QUALITY_METRICS).describe('The quality axis (PSNR where VMAF was not measured on every experiment)'),
  front: z.array(ParetoPointSchema).describe('Experiments no other dominates in bitrate, quality and encode speed, by ascending bitrate'),
  hypervolume: z.number().nonnegative().describe('Mbps x quality unit x fps the front dominates inside the reference box'),
  reference: z.strictObject({ bitrateMbps: z.number(), quality: z.number(), encodeFps: z.number() }).describe('The corner the hypervolume is measured from'),
});

const FinalEncodeSchema = z.strictObject({
  seq: z.int().positive(),
  probeSeq: z.int().positive().optional().describe('The probe of the same config whose corrected figures predicted it'),
  label: z.string(),
  metric: z.enum(QUALITY_METRICS),
  predicted: z.strictObject({ bitrateBps: z.number(), quality: z.number() }).optional().describe("The probe's corrected figures: what the full encode was expected to measure"),
  measured: z.strictObject({ bitrateBps: z.number(), quality: z.number() }).optional().describe('What the full encode measured'),
  bitrateError: z.number().optional().describe('measured / predicted bitrate - 1'),
  qualityError: z.number().optional().describe('measured - predicted quality, in the metric unit'),
});

/** A sampled campaign: which experiments were probes, what the full encodes that answer it were predicted to measure and measured. */
export const SampledSummarySchema = z.strictObject({
  segments: z.int().positive(),
  segmentSeconds: z.number(),
  starts: z.array(z.number()),
  probes: z.array(z.int().positive()).describe('The experiments run on the sampled segments (estimates, never the answer)'),
  probeEncodeSeconds: z.number().nonnegative(),
  fullEncodeSeconds: z.number().nonnegative(),
  finals: z.array(FinalEncodeSchema).describe('The full encodes that end the search; the answer is the best of the full encodes'),
});

export const CampaignSummarySchema = z.strictObject({
  experiments: z.strictObject({
    total: z.int().nonnegative(),
    succeeded: z.int().nonnegative(),
    failed: z.int().nonnegative(),
    pending: z.int().nonnegative(),
  }),
  ...standing,
  /** Pareto objectives only. */
  pareto: ParetoSummarySchema.optional(),
  /** Sampled campaigns only. */
  sampled: SampledSummarySchema.optional(),
  /** Present where a control arm ran. */
  arms: z.strictObject({ analyst: ArmSummarySchema, random: ArmSummarySchema }).optional(),
});

/**
 * A campaign as both APIs answer `GET /v1/campaigns/:id`: the stored campaign with its summary
 * nested under `summary` (the orchestrator adds live `progress` beside it).
 */
export const CampaignWithSummarySchema = CampaignSchema.extend({ summary: CampaignSummarySchema });

export type SummaryEntry = z.infer<typeof SummaryEntrySchema>;
export type ArmSummary = z.infer<typeof ArmSummarySchema>;
export type CampaignSummary = z.infer<typeof CampaignSummarySchema>;
export type CampaignWithSummary = z.infer<typeof CampaignWithSummarySchema>;
