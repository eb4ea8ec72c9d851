import { z } from 'zod';
import { ENCODER_NAMES, PIXEL_FORMATS } from './encoders.ts';

export const QUALITY_METRICS = ['psnr', 'ssim', 'vmaf'] as const;
export type QualityMetric = (typeof QUALITY_METRICS)[number];

/**
 * What a campaign looks for:
 * - `quality-at-bitrate`: the highest quality at or under a bitrate budget (plus an explicit
 *   tolerance, 0 unless given);
 * - `bitrate-at-quality`: the smallest bitrate whose measured quality reaches a target (the answer
 *   is always a full encode that was measured to meet it);
 * - `pareto`: the front of bitrate x quality x encode speed, and its hypervolume.
 */
export const OBJECTIVE_KINDS = ['quality-at-bitrate', 'bitrate-at-quality', 'pareto'] as const;
export type ObjectiveKind = (typeof OBJECTIVE_KINDS)[number];

/** Upper ends of each metric's scale: dB for PSNR (capped where lossless stops meaning anything), 0..1 SSIM, 0..100 VMAF. */
export const METRIC_SCALE: Readonly<Record<QualityMetric, { readonly max: number; readonly unit: string }>> = {
  psnr: { max: 100, unit: 'dB' },
  ssim: { max: 1, unit: '' },
  vmaf: { max: 100, unit: '' },
};

/** Limits every answer must respect, whatever the objective. */
export const ConstraintsSchema = z
  .strictObject({
    /** Slowest acceptable encode, in frames per second as the runner measured it. */
    minEncodeFps: z.number().positive().max(10_000).optional(),
    /** Slowest acceptable encode as a multiple of real time (1 = as fast as the source plays). */
    minRealtime: z.number().positive().max(1_000).optional(),
    /** Only these encoders may be proposed. */
    encoders: z.array(z.enum(ENCODER_NAMES)).min(1).max(ENCODER_NAMES.length).optional(),
    /** Largest acceptable artifact, in bytes. */
    maxSizeBytes: z.int().positive().max(1e12).optional(),
    /** Every config encodes to this pixel format. */
    pixelFormat: z.enum(PIXEL_FORMATS).optional(),
  })
  .refine((c) => !c.encoders || new Set(c.encoders).size === c.encoders.length, { message: 'encoders must not repeat', path: ['encoders'] });
export type Constraints = z.infer<typeof ConstraintsSchema>;

const metricRefinement = (field: 'minQuality' | 'targetQuality') => (objective: { metric: QualityMetric } & Partial<Record<typeof field, number>>, ctx: z.RefinementCtx) => {
  const value = objective[field];
  const { max } = METRIC_SCALE[objective.metric];
  if (value !== undefined && value > max) {
    ctx.addIssue({ code: 'custom', path: [field], message: `${objective.metric.toUpperCase()} is at most ${max}; ${value} cannot be reached` });
  }
};

export const QualityAtBitrateSchema = z
  .strictObject({
    /** The default: an objective without `kind` is a bitrate budget, as every objective was before the kinds existed. */
    kind: z.literal('quality-at-bitrate').default('quality-at-bitrate'),
    targetBitrateMbps: z.number().positive().max(200),
    /** Fraction over the budget an answer may still be (0.05 = 5% over); 0, strictly at or under, unless given. */
    tolerance: z.number().min(0).max(0.5).default(0),
    metric: z.enum(QUALITY_METRICS).default('psnr'),
    /** Minimum acceptable quality in the metric's own unit. */
    minQuality: z.number().min(0).optional(),
    constraints: ConstraintsSchema.optional(),
  })
  .superRefine(metricRefinement('minQuality'));

export const BitrateAtQualitySchema = z
  .strictObject({
    kind: z.literal('bitrate-at-quality'),
    metric: z.enum(QUALITY_METRICS),
    /** The quality an answer must reach, in the metric's own unit (dB, 0..1 SSIM, 0..100 VMAF). */
    targetQuality: z.number().positive(),
    constraints: ConstraintsSchema.optional(),
  })
  .superRefine(metricRefinement('targetQuality'));

export const ParetoSchema = z.strictObject({
  kind: z.literal('pareto'),
  metric: z.enum(QUALITY_METRICS).default('psnr'),
  /** The front is reported for bitrates up to this (and its hypervolume measured against it). */
  maxBitrateMbps: z.number().positive().max(200),
  constraints: ConstraintsSchema.optional(),
});

/**
 * One schema for every API. An objective without `kind` is a bitrate budget, so stored campaigns
 * and older clients read the same.
 */
export const ObjectiveSchema = z.discriminatedUnion('kind', [QualityAtBitrateSchema, BitrateAtQualitySchema, ParetoSchema]);

export type Objective = z.infer<typeof ObjectiveSchema>;
export type ObjectiveInput = z.input<typeof ObjectiveSchema>;
export type QualityAtBitrate = z.infer<typeof QualityAtBitrateSchema>;
export type BitrateAtQuality = z.infer<typeof BitrateAtQualitySchema>;
export type ParetoObjective = z.infer<typeof ParetoSchema>;

/** The bitrate an answer may not exceed, in bit/s: a budget with its tolerance, Pareto's upper end, or none. */
export function bitrateCeilingBps(objective: Objective): number | undefined {
  if (objective.kind === 'quality-at-bitrate') return objective.targetBitrateMbps * 1e6 * (1 + objective.tolerance);
  if (objective.kind === 'pareto') return objective.maxBitrateMbps * 1e6;
  return undefined;
}

/** `0.5 Mbps budget, PSNR`, `VMAF >= 93 at the smallest bitrate`, `Pareto front up to 2 Mbps, SSIM`. */
export function describeObjective(objective: Objective): string {
  const metric = objective.metric.toUpperCase();
  const limits = describeConstraints(objective.constraints);
  const tail = limits ? `; ${limits}` : '';
  if (objective.kind === 'quality-at-bitrate') {
    const over = objective.tolerance > 0 ? ` (+${(objective.tolerance * 100).toFixed(1)}% tolerated)` : ' (strictly at or under)';
    const floor = objective.minQuality !== undefined ? `, at least ${objective.minQuality} ${metric}` : '';
    return `best ${metric} within ${objective.targetBitrateMbps} Mbps${over}${floor}${tail}`;
  }
  if (objective.kind === 'bitrate-at-quality') return `smallest bitrate with ${metric} >= ${objective.targetQuality}${tail}`;
  return `Pareto front of bitrate x ${metric} x encode speed up to ${objective.maxBitrateMbps} Mbps${tail}`;
}

export function describeConstraints(constraints: Constraints | undefined): string {
  if (!constraints) return '';
  return [
    constraints.minEncodeFps !== undefined ? `encode >= ${constraints.minEncodeFps} fps` : '',
    constraints.minRealtime !== undefined ? `encode >= ${constraints.minRealtime}x realtime` : '',
    constraints.encoders ? `encoders ${constraints.encoders.join(', ')}` : '',
    constraints.maxSizeBytes !== undefined ? `at most ${constraints.maxSizeBytes} bytes` : '',
    constraints.pixelFormat ? `pixel format ${constraints.pixelFormat}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}
