import {
  describeConstraints,
  describeObjective,
  formatQuality,
  paretoFront,
  type CampaignContext,
  type Constraints,
  type EncoderName,
  type Objective,
  type PixelFormat,
} from '@codec-lab/domain';

// The objective as the model reads it: the domain's own description, then what counts as an
// answer for its kind, the tolerance, the constraints and, for a Pareto objective, what widens the
// front. Every figure comes from the objective itself.

const mbps = (value: number) => value.toFixed(3);

/** What an answer is, for each kind, with the bitrate limit and its tolerance spelled out. */
function answerText(context: CampaignContext): string {
  const { objective } = context;
  const metric = objective.metric.toUpperCase();
  if (objective.kind === 'quality-at-bitrate') {
    const limit =
      objective.tolerance > 0
        ? `up to ${(objective.tolerance * 100).toFixed(1)}% over it (${mbps(objective.targetBitrateMbps * (1 + objective.tolerance))} Mbps) still counts, more misses`
        : 'strict: any bitrate over it misses the objective, however little';
    return `the highest ${metric} measured at or under ${mbps(objective.targetBitrateMbps)} Mbps (${limit}); under the budget is allowed.`;
  }
  if (objective.kind === 'bitrate-at-quality') {
    return `the full encode with the smallest bitrate whose measured ${metric} reaches ${objective.targetQuality}; one under the target misses however cheap it is, and a probe of segments only estimates it.`;
  }
  // The axis is PSNR where VMAF was not measured on every experiment, and the corner follows it.
  const { reference, metric: axis } = paretoFront(context.history, objective);
  return [
    `the front of experiments at or under ${mbps(objective.maxBitrateMbps)} Mbps that no other beats on bitrate (lower), ${axis.toUpperCase()} (higher) and encode speed (higher) together,`,
    `  and its hypervolume: the volume it dominates, measured from the corner ${mbps(reference.bitrateMbps)} Mbps, ${axis.toUpperCase()} ${formatQuality(reference.quality, axis)}, 0 fps.`,
    '- Goal: widen the front. Propose a config expected to land where no experiment on the front beats it on all three: between two front bitrates,',
    '  faster at a quality the front has, or better quality at a bitrate it lacks. A config the front already dominates adds nothing.',
  ].join('\n');
}

/** The constraints, and what they mean for a proposal. */
function constraintsText(constraints: Constraints | undefined): string {
  const limits = describeConstraints(constraints);
  if (!limits) return '- Constraints: none.';
  return `- Constraints (on every experiment): ${limits}. Never propose an encoder or a pixel format they exclude: such a proposal is refused. An experiment that breaks a measured limit (speed, size) misses the objective.`;
}

/** The objective's lines of the prompt: what it is, what answers it, its constraints. */
export function objectiveLines(context: CampaignContext): string[] {
  return [`- Objective: ${describeObjective(context.objective)}.`, `- Answer: ${answerText(context)}`, constraintsText(context.objective.constraints)];
}

/** The encoders the objective's constraints allow (all when they name none). */
export function allowedEncoder(objective: Objective, encoder: EncoderName): boolean {
  return !objective.constraints?.encoders || objective.constraints.encoders.includes(encoder);
}

/** The pixel formats the objective's constraints allow, among `formats`. */
export function allowedPixelFormats(objective: Objective, formats: readonly PixelFormat[]): PixelFormat[] {
  const required = objective.constraints?.pixelFormat;
  return required ? formats.filter((f) => f === required) : [...formats];
}
