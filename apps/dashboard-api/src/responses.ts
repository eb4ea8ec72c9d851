import { z } from 'zod';
import {
  AnalysisSchema,
  ARMS,
  CampaignSchema,
  CampaignWithSummarySchema,
  ENCODER_NAMES,
  EXPERIMENT_STATUSES,
  ExperimentConfigSchema,
  ExperimentResultSchema,
  ExperimentSchema,
  FailureSchema,
  MEASUREMENT_TERMS,
  ORIGINS,
  QUALITY_METRICS,
  VMAF_MODELS,
} from '@codec-lab/domain';

// What dashboard-api answers, built from the domain schemas. Every route declares its answer with
// one of these, and the serializer checks each answer against it: the objects are strict, so a
// field the schema does not name is an error rather than silently dropped. The web page imports
// the types below (type-only, so its bundle holds nothing of zod).

const nextCursor = z.string().optional().describe('Pass as `cursor` for the next page; absent on the last');
const page = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item), nextCursor });
const arm = z.enum(ARMS);
const origin = z.enum(ORIGINS);
const metric = z.enum(QUALITY_METRICS);
const label = z.string().describe('The config in one line, every knob it sets');
const vmafModel = z.enum(VMAF_MODELS).nullable().describe('The model that scored VMAF where quality is compared in VMAF; null otherwise');
const probe = z.boolean().describe('Measured on the sampled segments of a long source (probe mode): an estimate of the whole source, never the answer');
const vmaf = z.number().nullable().describe(`${MEASUREMENT_TERMS.vmaf} Null where VMAF was not measured.`);

/** An experiment as stored, with its config in one line. */
export const ListedExperimentSchema = ExperimentSchema.extend({ configLabel: label });
export const ExperimentPageSchema = page(ListedExperimentSchema);

const objectiveText = z.string().describe('The objective in words: what answers it, its tolerance and its constraints (`smallest bitrate with VMAF >= 93; encoders libx264`)');
const targetBitrate = z.number().nullable().describe("The bitrate drawn as the target, bit/s: the budget, or a Pareto front's upper end; null for a quality target");

/** A stored campaign with its objective in words. */
export const ListedCampaignSchema = CampaignSchema.extend({ objectiveText });
export const CampaignPageSchema = page(ListedCampaignSchema);

/** `GET /v1/campaigns/:id`: the stored campaign with its summary, the orchestrator's shape, plus the objective in words. */
export const CampaignDetailSchema = CampaignWithSummarySchema.extend({ objectiveText });

export const TrendPointSchema = z.strictObject({
  seq: z.int().positive(),
  arm,
  status: z.enum(EXPERIMENT_STATUSES),
  origin,
  probe,
  encoder: z.enum([...ENCODER_NAMES, 'parameter_storage']).describe('the encoder, or parameter_storage'),
  bitrateBps: z.number().nullable().describe(MEASUREMENT_TERMS.bitrate),
  psnr: z.number().nullable().describe(MEASUREMENT_TERMS.psnr),
  ssim: z.number().nullable().describe(MEASUREMENT_TERMS.ssim),
  vmaf,
  bestSeq: z.int().positive().nullable().describe('The best full encode so far in this arm that meets the objective; null until one does'),
  bestBitrateBps: z.number().nullable(),
});
export const TrendSchema = z.strictObject({
  campaignId: z.string(),
  targetBitrateBps: targetBitrate,
  metric,
  vmafModel: vmafModel.describe('The model that scored the campaign\'s VMAF; null where none was scored'),
  points: z.array(TrendPointSchema),
});

export const ParetoPointSchema = z.strictObject({ seq: z.int().positive(), arm, origin, probe, label, bitrateBps: z.number(), quality: z.number() });
export const ParetoSchema = z.strictObject({
  campaignId: z.string(),
  metric: metric.describe('The metric every point is compared in: VMAF only where every point has it'),
  vmafModel,
  targetBitrateBps: targetBitrate,
  points: z.array(ParetoPointSchema),
  front: z.array(z.int().positive()).describe('The seqs of the full encodes no other full encode beats on both bitrate and quality, by ascending bitrate (probes are never on it)'),
});

export const LeaderboardEntrySchema = z.strictObject({
  seq: z.int().positive(),
  arm,
  origin,
  probe,
  label,
  bitrateBps: z.number(),
  psnr: z.number(),
  psnrY: z.number(),
  ssim: z.number(),
  vmaf,
  bitrateChange: z.number().nullable().describe("Against the baseline (a probe: against the baseline's probe), as a fraction; null without a measured baseline"),
  psnrChange: z.number().nullable().describe("Against the baseline (a probe: against the baseline's probe), in dB; null without a measured baseline"),
  vmafChange: z.number().nullable().describe("Against the baseline (a probe: against the baseline's probe), in VMAF points; null where either has no VMAF"),
  versusBaseline: z.string(),
  encodeFps: z.number().describe('Source frames encoded per second of encode time, as the runner measured it'),
  targetDistance: z.string().describe('How far from the target: `+3.2% vs the 0.500 Mbps budget`, `-0.41 VMAF vs the 93 target`'),
  meetsObjective: z.boolean(),
  violations: z.array(z.string()).describe('Why it does not meet the objective, one reason per rule broken; empty when it does'),
});
export const LeaderboardSchema = z.strictObject({
  campaignId: z.string(),
  baselineSeq: z.int().positive().nullable(),
  metric,
  vmafModel,
  entries: z.array(LeaderboardEntrySchema).describe('Full encodes before probes; within each, those meeting the objective first (by quality; by the smaller bitrate for a quality target), then the rest by distance to the target'),
});

export const CampaignLeaderSchema = z.strictObject({
  campaignId: z.string(),
  source: z.string(),
  objectiveText,
  targetBitrateBps: targetBitrate,
  metric,
  vmafModel,
  metObjective: z.boolean().optional(),
  best: LeaderboardEntrySchema.nullable().describe('The best full encode that meets the objective; null where none does'),
  closest: LeaderboardEntrySchema.optional().describe('Where no full encode meets the objective: the one nearest the target'),
});
export const LeaderboardPageSchema = page(CampaignLeaderSchema);

export const PostSummarySchema = z.strictObject({
  id: z.string(),
  campaignId: z.string(),
  seq: z.int().positive(),
  title: z.string(),
  publishedAt: z.iso.datetime().nullable(),
  origin,
  excerpt: z.string(),
});
export const BlogPageSchema = page(PostSummarySchema);

export const PostSchema = PostSummarySchema.extend({
  hypothesis: z.string(),
  rationale: z.string(),
  config: ExperimentConfigSchema,
  configLabel: label,
  result: ExperimentResultSchema.nullable(),
  analysis: AnalysisSchema.nullable(),
  failure: FailureSchema.nullable(),
  markdown: z.string(),
});

export type ListedExperiment = z.infer<typeof ListedExperimentSchema>;
export type ExperimentPage = z.infer<typeof ExperimentPageSchema>;
export type ListedCampaign = z.infer<typeof ListedCampaignSchema>;
export type CampaignPage = z.infer<typeof CampaignPageSchema>;
export type CampaignDetail = z.infer<typeof CampaignDetailSchema>;
export type TrendPoint = z.infer<typeof TrendPointSchema>;
export type Trend = z.infer<typeof TrendSchema>;
export type Pareto = z.infer<typeof ParetoSchema>;
export type LeaderboardEntry = z.infer<typeof LeaderboardEntrySchema>;
export type Leaderboard = z.infer<typeof LeaderboardSchema>;
export type LeaderboardPage = z.infer<typeof LeaderboardPageSchema>;
export type PostSummary = z.infer<typeof PostSummarySchema>;
export type BlogPage = z.infer<typeof BlogPageSchema>;
export type Post = z.infer<typeof PostSchema>;
