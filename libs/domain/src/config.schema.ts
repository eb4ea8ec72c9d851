import { z } from 'zod';
import { ENCODER_NAMES, ENCODERS, MAX_FILM_GRAIN, PIXEL_FORMATS, TARGET_KBPS } from './encoders.ts';

export const CrfRateControlSchema = z.strictObject({
  mode: z.literal('crf'),
  crf: z.int(),
});

export const BitrateRateControlSchema = z.strictObject({
  mode: z.literal('bitrate'),
  kbps: z.int().min(TARGET_KBPS.min).max(TARGET_KBPS.max),
  /** 1: one-pass average bitrate; 2: two-pass, where the encoder supports it. */
  passes: z.union([z.literal(1), z.literal(2)]).default(1),
});

const evenSize = (max: number) =>
  z
    .int()
    .min(16)
    .max(max)
    .refine((n) => n % 2 === 0, { message: 'must be even (4:2:0 chroma needs even sizes)' });

/** Encode at this size; quality is still measured at the source's size, after scaling back up. */
export const ResolutionSchema = z.strictObject({ width: evenSize(7680), height: evenSize(4320) });

export const RateControlSchema = z.discriminatedUnion('mode', [CrfRateControlSchema, BitrateRateControlSchema]);

/**
 * The `codec` strategy: encode the real source with one encoder. Every field is an enum or a
 * bounded number, so nothing free-form can reach an ffmpeg command line. Ranges that depend on the
 * encoder (presets, CRF scale, tunes, pixel formats, two-pass, film grain, options, B-frames) are
 * checked against the encoder registry, ENCODERS.
 */
export const CodecConfigSchema = z
  .strictObject({
    strategy: z.literal('codec'),
    encoder: z.enum(ENCODER_NAMES),
    preset: z.string().max(16),
    rateControl: RateControlSchema,
    /** Keyframe interval in frames. */
    gop: z.int().min(1).max(1000).optional(),
    bFrames: z.int().min(0).max(16).optional(),
    /** 8-bit (yuv420p) or 10-bit (yuv420p10le). */
    pixelFormat: z.enum(PIXEL_FORMATS).default('yuv420p'),
    tune: z.string().max(16).optional(),
    resolution: ResolutionSchema.optional(),
    /** SVT-AV1 film-grain synthesis strength (denoise, then synthesise grain at decode). */
    filmGrain: z.int().min(0).max(MAX_FILM_GRAIN).optional(),
    /** Allowlisted encoder-specific options (see ENCODERS[encoder].options), numbers only. */
    options: z.record(z.string().regex(/^[a-zA-Z]{1,32}$/), z.number()).optional(),
  })
  .superRefine((config, ctx) => {
    const spec = ENCODERS[config.encoder];
    if (!spec.presets.includes(config.preset)) {
      ctx.addIssue({
        code: 'custom',
        path: ['preset'],
        message: `${config.encoder} presets are ${spec.presets.join(', ')}`,
      });
    }
    const rc = config.rateControl;
    if (rc.mode === 'crf' && (rc.crf < spec.crf.min || rc.crf > spec.crf.max)) {
      ctx.addIssue({
        code: 'custom',
        path: ['rateControl', 'crf'],
        message: `${config.encoder} CRF must be between ${spec.crf.min} and ${spec.crf.max}`,
      });
    }
    if (config.tune !== undefined && !spec.tunes.includes(config.tune)) {
      ctx.addIssue({
        code: 'custom',
        path: ['tune'],
        message: spec.tunes.length ? `${config.encoder} tunes are ${spec.tunes.join(', ')}` : `${config.encoder} has no tune setting`,
      });
    }
    if (!spec.pixelFormats.includes(config.pixelFormat)) {
      ctx.addIssue({ code: 'custom', path: ['pixelFormat'], message: `${config.encoder} pixel formats are ${spec.pixelFormats.join(', ')}` });
    }
    if (rc.mode === 'bitrate' && rc.passes === 2 && !spec.twoPass) {
      ctx.addIssue({ code: 'custom', path: ['rateControl', 'passes'], message: `${config.encoder} has no two-pass mode here` });
    }
    if (config.filmGrain !== undefined && !spec.filmGrain) {
      ctx.addIssue({ code: 'custom', path: ['filmGrain'], message: `film-grain synthesis is an SVT-AV1 feature; ${config.encoder} has none` });
    }
    for (const [key, value] of Object.entries(config.options ?? {})) {
      const option = spec.options[key];
      if (!option) {
        const known = Object.keys(spec.options);
        ctx.addIssue({ code: 'custom', path: ['options', key], message: `not an option of ${config.encoder} (allowed: ${known.join(', ') || 'none'})` });
      } else if (value < option.min || value > option.max || (option.integer && !Number.isInteger(value))) {
        ctx.addIssue({
          code: 'custom',
          path: ['options', key],
          message: `${option.help}: ${option.integer ? 'an integer' : 'a number'} from ${option.min} to ${option.max}`,
        });
      }
    }
    if (config.bFrames !== undefined) {
      if (spec.maxBFrames === null) {
        ctx.addIssue({ code: 'custom', path: ['bFrames'], message: `${config.encoder} has no B-frame setting` });
      } else if (config.bFrames > spec.maxBFrames) {
        ctx.addIssue({ code: 'custom', path: ['bFrames'], message: `${config.encoder} allows at most ${spec.maxBFrames}` });
      }
    }
  });

/** The layer kinds the parameter-storage fitter can find in decoded frames (the renderer draws more: noise, fractal). */
export const FITTABLE_LAYER_KINDS = ['fill', 'linear', 'radial', 'sinusoids', 'shape', 'text'] as const;
/** The codecs a parameter-storage residual may be encoded with (CPU encoders every runner has). */
export const RESIDUAL_CODECS = ['libx264', 'libx265', 'libsvtav1'] as const;

/**
 * The `parameter_storage` strategy: fit a procedural scene description to the source's decoded
 * frames (analysis-by-synthesis), store it compressed, and render it back at decode time; an
 * optional residual layer, encoded with a real codec, carries what the fit missed. Every field is
 * an enum or a bounded number: nothing from it reaches an ffmpeg command line as text.
 */
export const ParameterStorageConfigSchema = z
  .strictObject({
    strategy: z.literal('parameter_storage'),
    /** The layer kinds the fit may use. */
    vocabulary: z
      .array(z.enum(FITTABLE_LAYER_KINDS))
      .min(1)
      .refine((kinds) => new Set(kinds).size === kinds.length, { message: 'each layer kind at most once' })
      .refine((kinds) => kinds.some((k) => k === 'fill' || k === 'linear' || k === 'radial'), { message: 'needs a background: fill, linear or radial' })
      .default([...FITTABLE_LAYER_KINDS]),
    /** 1 (fast) to 5 (thorough): refinement rounds and candidates of the fit. */
    effort: z.int().min(1).max(5).default(2),
    /** Coefficients are stored as multiples of 2^-bits: positions and sizes, colours, frequencies and phases. */
    quantization: z
      .strictObject({
        positionBits: z.int().min(0).max(8).default(4),
        colorBits: z.int().min(0).max(6).default(2),
        phaseBits: z.int().min(4).max(16).default(12),
      })
      .default({ positionBits: 4, colorBits: 2, phaseBits: 12 }),
    /** What the fit missed, encoded with a real codec; `none`: the description alone. */
    residual: z
      .discriminatedUnion('codec', [
        z.strictObject({ codec: z.literal('none') }),
        z.strictObject({ codec: z.enum(RESIDUAL_CODECS), crf: z.int() }),
      ])
      .default({ codec: 'none' }),
  })
  .superRefine((config, ctx) => {
    const residual = config.residual;
    if (residual.codec === 'none') return;
    const { min, max } = ENCODERS[residual.codec].crf;
    if (residual.crf < min || residual.crf > max) {
      ctx.addIssue({ code: 'custom', path: ['residual', 'crf'], message: `${residual.codec} CRF must be between ${min} and ${max}` });
    }
  });

/** A config is a discriminated union on `strategy`. */
export const ExperimentConfigSchema = z.discriminatedUnion('strategy', [CodecConfigSchema, ParameterStorageConfigSchema]);

export type RateControl = z.infer<typeof RateControlSchema>;
export type CodecConfig = z.infer<typeof CodecConfigSchema>;
export type CodecConfigInput = z.input<typeof CodecConfigSchema>;
export type ParameterStorageConfig = z.infer<typeof ParameterStorageConfigSchema>;
export type ParameterStorageConfigInput = z.input<typeof ParameterStorageConfigSchema>;
export type ExperimentConfig = z.infer<typeof ExperimentConfigSchema>;
export type ExperimentConfigInput = z.input<typeof ExperimentConfigSchema>;

export const isCodecConfig = (config: ExperimentConfig): config is CodecConfig => config.strategy === 'codec';

/** What a config is grouped and labelled by (metrics, logs, tables): its encoder, or `parameter_storage`. */
export const encoderLabel = (config: ExperimentConfig): (typeof ENCODER_NAMES)[number] | 'parameter_storage' => (config.strategy === 'codec' ? config.encoder : 'parameter_storage');

/** The baseline every campaign starts from: libx264, preset medium, CRF 23. */
export const BASELINE_CONFIG: CodecConfig = Object.freeze({
  strategy: 'codec',
  encoder: 'libx264',
  preset: 'medium',
  rateControl: Object.freeze({ mode: 'crf', crf: 23 }),
  pixelFormat: 'yuv420p',
}) as CodecConfig;

/**
 * One line a person can read, with every field of the config: `libx264 medium crf 23`, then what
 * is set of resolution (`640x360`), pixel format (`10-bit`; 8-bit yuv420p, the default, is not
 * written), tune, gop, B-frames (`bf 3`), film grain and each option (`aqMode=2`). Bitrate mode
 * reads `800 kbps` or `800 kbps 2-pass`. Two configs with different hashes never read the same.
 */
export function describeConfig(config: ExperimentConfig): string {
  if (config.strategy === 'parameter_storage') return describeParameterStorage(config);
  const rc = config.rateControl;
  const rate = rc.mode === 'crf' ? `crf ${rc.crf}` : `${rc.kbps} kbps${rc.passes === 2 ? ' 2-pass' : ''}`;
  const extras = [
    config.resolution ? `${config.resolution.width}x${config.resolution.height}` : '',
    config.pixelFormat === 'yuv420p10le' ? '10-bit' : '',
    config.tune ? `tune ${config.tune}` : '',
    config.gop !== undefined ? `gop ${config.gop}` : '',
    config.bFrames !== undefined ? `bf ${config.bFrames}` : '',
    config.filmGrain !== undefined ? `grain ${config.filmGrain}` : '',
    ...Object.entries(config.options ?? {}).map(([key, value]) => `${key}=${value}`),
  ].filter(Boolean);
  return [config.encoder, config.preset, rate, ...extras].join(' ');
}

/**
 * `parameter_storage fill,linear,shape effort 2 q4/2/12 + libx265 crf 30` (the vocabulary, effort,
 * quantisation bits as position/colour/phase, and the residual when there is one).
 */
function describeParameterStorage(config: ParameterStorageConfig): string {
  const q = config.quantization;
  const residual = config.residual.codec === 'none' ? '' : ` + ${config.residual.codec} crf ${config.residual.crf}`;
  return `parameter_storage ${config.vocabulary.join(',')} effort ${config.effort} q${q.positionBits}/${q.colorBits}/${q.phaseBits}${residual}`;
}
