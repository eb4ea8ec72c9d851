import { z } from 'zod';
import { zodResponseFormat } from 'openai/helpers/zod';
import { ENCODER_NAMES, PIXEL_FORMATS, type CodecConfigInput } from '@codec-lab/domain';

// What the model is asked to return. OpenAI's strict structured outputs want every property
// required, no records and no discriminated unions, so the config is flat: settings that do not
// apply are null, and encoder options are a list of name/value pairs. Ranges that depend on the
// encoder are deliberately not encoded here: the domain schema checks them afterwards, and its
// messages are what the repair request quotes back to the model.

/** The codec config as the model writes it. */
export const LlmConfigSchema = z.strictObject({
  encoder: z.enum(ENCODER_NAMES),
  preset: z.string(),
  rateMode: z.enum(['crf', 'bitrate']),
  crf: z.int().nullable().describe('constant-quality value when rateMode is crf, else null'),
  kbps: z.int().nullable().describe('target kbit/s when rateMode is bitrate, else null'),
  passes: z.int().nullable().describe('1 or 2 when rateMode is bitrate, else null'),
  gop: z.int().nullable().describe('keyframe interval in frames, or null for the encoder default'),
  bFrames: z.int().nullable(),
  pixelFormat: z.enum(PIXEL_FORMATS),
  tune: z.string().nullable(),
  width: z.int().nullable().describe('encode width, or null to keep the source size'),
  height: z.int().nullable().describe('encode height, or null to keep the source size'),
  filmGrain: z.int().nullable(),
  options: z.array(z.strictObject({ name: z.string(), value: z.number() })).describe('allowlisted encoder options; [] for none'),
});
export type LlmConfig = z.infer<typeof LlmConfigSchema>;

/** A proposal as the model writes it. */
export const LlmProposalSchema = z.strictObject({
  hypothesis: z.string().min(1).max(2000),
  rationale: z.string().max(4000),
  expectedBitrateMbps: z.number().positive().nullable(),
  config: LlmConfigSchema,
});
export type LlmProposal = z.infer<typeof LlmProposalSchema>;

/** An analysis as the model writes it. */
export const LlmAnalysisSchema = z.strictObject({
  summary: z.string().min(1).max(4000),
  rootCause: z.string().max(4000),
  insights: z.array(z.string().max(1000)).max(10),
  nextStep: z.string().max(2000),
});
export type LlmAnalysis = z.infer<typeof LlmAnalysisSchema>;

/** `response_format` for Chat Completions: strict JSON schema generated from the zod schemas. */
export const PROPOSAL_FORMAT = zodResponseFormat(LlmProposalSchema, 'experiment_proposal');
export const ANALYSIS_FORMAT = zodResponseFormat(LlmAnalysisSchema, 'experiment_analysis');

const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

/**
 * Turns the flat config into the domain's input shape. Returns the problems that only the flat
 * shape can have (half a resolution, an option named twice); everything else is left to
 * `ExperimentConfigSchema`.
 */
export function toConfigInput(config: LlmConfig): { input: CodecConfigInput; errors: string[] } {
  const errors: string[] = [];
  if ((config.width === null) !== (config.height === null)) errors.push('config.width/height: give both or neither');
  const names = config.options.map((o) => o.name);
  const twice = names.filter((name, i) => names.indexOf(name) !== i);
  if (twice.length) errors.push(`config.options: ${[...new Set(twice)].join(', ')} given more than once`);
  const rateControl =
    config.rateMode === 'crf'
      ? { mode: 'crf' as const, crf: config.crf as number }
      : { mode: 'bitrate' as const, kbps: config.kbps as number, passes: (config.passes ?? 1) as 1 | 2 };
  const input: CodecConfigInput = {
    strategy: 'codec',
    encoder: config.encoder,
    preset: config.preset,
    rateControl,
    gop: orUndefined(config.gop),
    bFrames: orUndefined(config.bFrames),
    pixelFormat: config.pixelFormat,
    tune: orUndefined(config.tune),
    resolution: config.width !== null && config.height !== null ? { width: config.width, height: config.height } : undefined,
    filmGrain: orUndefined(config.filmGrain),
    options: config.options.length ? Object.fromEntries(config.options.map((o) => [o.name, o.value])) : undefined,
  };
  return { input, errors };
}
