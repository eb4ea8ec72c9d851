import { z } from 'zod';
import { zodResponseFormat } from 'openai/helpers/zod';
import { BASELINE_CONFIG, ENCODER_NAMES, ENCODERS, FITTABLE_LAYER_KINDS, PIXEL_FORMATS, RESIDUAL_CODECS, type CodecConfig, type ExperimentConfig, type ExperimentConfigInput, type ParameterStorageConfig } from '@codec-lab/domain';

// What the model is asked to return. OpenAI's strict structured outputs want every property
// required, no records and no discriminated unions, so the config is flat (a strategy, the codec
// fields, and the parameter_storage settings or null): settings that do not
// apply are null, and encoder options are a list of name/value pairs. Ranges that depend on the
// encoder are deliberately not encoded here: the domain schema checks them afterwards, and its
// messages are what the repair request quotes back to the model. The one conversion between this
// shape and the domain's is below (`toLlmConfig`, `toConfigInput`): domain config -> flat config ->
// domain config is the identity for every valid config (llm-schemas.test.ts).

/** Every encoder's allowlisted options, from the encoder registry: `libx264: aqMode, refs; ...`. */
const OPTIONS_BY_ENCODER = ENCODER_NAMES.map((name) => `${name}: ${Object.keys(ENCODERS[name].options).join(', ') || 'none'}`).join('; ');

/** The parameter_storage settings as the model writes them (null when the strategy is codec). */
export const LlmParameterStorageSchema = z.strictObject({
  vocabulary: z.array(z.enum(FITTABLE_LAYER_KINDS)).describe('layer kinds the fit may use'),
  effort: z.int().describe('1 (fast) to 5 (thorough)'),
  positionBits: z.int().describe('positions stored as multiples of 2^-bits, 0 to 8 (default 4)'),
  colorBits: z.int().describe('colours stored as multiples of 2^-bits, 0 to 6 (default 2)'),
  phaseBits: z.int().describe('frequencies and phases stored as multiples of 2^-bits, 4 to 16 (default 12)'),
  residualCodec: z.enum(['none', ...RESIDUAL_CODECS]).describe('codec of the residual video carrying what the fit missed; none for the description alone'),
  residualCrf: z.int().nullable().describe('the residual codec\'s CRF, null when residualCodec is none'),
});

/**
 * The config as the model writes it: `strategy` says which; for parameter_storage the codec fields
 * are ignored (write the baseline's) and `parameterStorage` holds its settings.
 */
export const LlmConfigSchema = z.strictObject({
  strategy: z.enum(['codec', 'parameter_storage']),
  parameterStorage: LlmParameterStorageSchema.nullable().describe('the parameter_storage settings; null when strategy is codec'),
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
  options: z.array(z.strictObject({ name: z.string(), value: z.number() })).describe(`allowlisted encoder options (${OPTIONS_BY_ENCODER}); [] for none`),
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

/**
 * Turns the flat config into the domain's input shape, leaving out what the model set to null.
 * Returns the problems that only the flat shape can have (half a resolution, an option named
 * twice); everything else is left to `ExperimentConfigSchema`.
 */
export function toConfigInput(config: LlmConfig): { input: ExperimentConfigInput; errors: string[] } {
  const errors: string[] = [];
  if (config.strategy === 'parameter_storage') {
    const ps = config.parameterStorage;
    if (!ps) return { input: { strategy: 'parameter_storage' }, errors: ['config.parameterStorage: required when strategy is parameter_storage'] };
    const residual = ps.residualCodec === 'none' ? { codec: 'none' as const } : { codec: ps.residualCodec, crf: ps.residualCrf as number };
    if (ps.residualCodec !== 'none' && ps.residualCrf === null) errors.push('config.parameterStorage.residualCrf: required with a residual codec');
    const { positionBits, colorBits, phaseBits } = ps;
    return { input: { strategy: 'parameter_storage', vocabulary: ps.vocabulary, effort: ps.effort, quantization: { positionBits, colorBits, phaseBits }, residual }, errors };
  }
  if ((config.width === null) !== (config.height === null)) errors.push('config.width/height: give both or neither');
  const names = config.options.map((o) => o.name);
  const twice = names.filter((name, i) => names.indexOf(name) !== i);
  if (twice.length) errors.push(`config.options: ${[...new Set(twice)].join(', ')} given more than once`);
  const rateControl =
    config.rateMode === 'crf'
      ? { mode: 'crf' as const, crf: config.crf as number }
      : { mode: 'bitrate' as const, kbps: config.kbps as number, passes: (config.passes ?? 1) as 1 | 2 };
  const input: ExperimentConfigInput = {
    strategy: 'codec',
    encoder: config.encoder,
    preset: config.preset,
    rateControl,
    ...(config.gop === null ? {} : { gop: config.gop }),
    ...(config.bFrames === null ? {} : { bFrames: config.bFrames }),
    pixelFormat: config.pixelFormat,
    ...(config.tune === null ? {} : { tune: config.tune }),
    ...(config.width !== null && config.height !== null ? { resolution: { width: config.width, height: config.height } } : {}),
    ...(config.filmGrain === null ? {} : { filmGrain: config.filmGrain }),
    ...(config.options.length ? { options: Object.fromEntries(config.options.map((o) => [o.name, o.value])) } : {}),
  };
  return { input, errors };
}

/**
 * A domain config in the flat shape the model reads and writes: what the config leaves out is null,
 * options are name/value pairs. `toConfigInput` undoes it exactly.
 */
export function toLlmConfig(config: ExperimentConfig): LlmConfig {
  if (config.strategy === 'parameter_storage') return { ...codecFields(BASELINE_CONFIG), strategy: 'parameter_storage', parameterStorage: parameterStorageFields(config) };
  return { ...codecFields(config), strategy: 'codec', parameterStorage: null };
}

function parameterStorageFields(config: ParameterStorageConfig): z.infer<typeof LlmParameterStorageSchema> {
  const { residual, quantization } = config;
  return { vocabulary: [...config.vocabulary], effort: config.effort, ...quantization, residualCodec: residual.codec, residualCrf: residual.codec === 'none' ? null : residual.crf };
}

function codecFields(config: CodecConfig): Omit<LlmConfig, 'strategy' | 'parameterStorage'> {
  const rc = config.rateControl;
  return {
    encoder: config.encoder,
    preset: config.preset,
    rateMode: rc.mode,
    crf: rc.mode === 'crf' ? rc.crf : null,
    kbps: rc.mode === 'bitrate' ? rc.kbps : null,
    passes: rc.mode === 'bitrate' ? rc.passes : null,
    gop: config.gop ?? null,
    bFrames: config.bFrames ?? null,
    pixelFormat: config.pixelFormat,
    tune: config.tune ?? null,
    width: config.resolution?.width ?? null,
    height: config.resolution?.height ?? null,
    filmGrain: config.filmGrain ?? null,
    options: Object.entries(config.options ?? {}).map(([name, value]) => ({ name, value })),
  };
}
