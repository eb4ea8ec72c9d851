import { z } from 'zod';
import { ENCODER_NAMES, ENCODERS, PIXEL_FORMATS, TARGET_KBPS } from './encoders.ts';

export const CrfRateControlSchema = z.strictObject({
  mode: z.literal('crf'),
  crf: z.int(),
});

export const BitrateRateControlSchema = z.strictObject({
  mode: z.literal('bitrate'),
  kbps: z.int().min(TARGET_KBPS.min).max(TARGET_KBPS.max),
});

export const RateControlSchema = z.discriminatedUnion('mode', [CrfRateControlSchema, BitrateRateControlSchema]);

/**
 * The `codec` strategy: encode the real source with one encoder. Every field is an enum or a
 * bounded number, so nothing free-form can reach an ffmpeg command line. Ranges that depend on the
 * encoder (presets, CRF scale, B-frames) are checked against ENCODERS.
 */
export const CodecConfigSchema = z
  .strictObject({
    strategy: z.literal('codec'),
    encoder: z.enum(ENCODER_NAMES),
    preset: z.string().max(16),
    rateControl: RateControlSchema,
    gop: z.int().min(1).max(1000).optional(),
    bFrames: z.int().min(0).max(16).optional(),
    pixelFormat: z.enum(PIXEL_FORMATS).default('yuv420p'),
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
    if (config.bFrames !== undefined) {
      if (spec.maxBFrames === null) {
        ctx.addIssue({ code: 'custom', path: ['bFrames'], message: `${config.encoder} has no B-frame setting` });
      } else if (config.bFrames > spec.maxBFrames) {
        ctx.addIssue({ code: 'custom', path: ['bFrames'], message: `${config.encoder} allows at most ${spec.maxBFrames}` });
      }
    }
  });

/** A config is a discriminated union on `strategy`; `parameter_storage` joins it later. */
export const ExperimentConfigSchema = CodecConfigSchema;

export type RateControl = z.infer<typeof RateControlSchema>;
export type CodecConfig = z.infer<typeof CodecConfigSchema>;
export type CodecConfigInput = z.input<typeof CodecConfigSchema>;
export type ExperimentConfig = z.infer<typeof ExperimentConfigSchema>;

/** The baseline every campaign starts from: libx264, preset medium, CRF 23. */
export const BASELINE_CONFIG: ExperimentConfig = Object.freeze({
  strategy: 'codec',
  encoder: 'libx264',
  preset: 'medium',
  rateControl: Object.freeze({ mode: 'crf', crf: 23 }),
  pixelFormat: 'yuv420p',
}) as ExperimentConfig;

/** One line a person can read: `libx264 medium crf 23`. */
export function describeConfig(config: ExperimentConfig): string {
  const rc = config.rateControl.mode === 'crf' ? `crf ${config.rateControl.crf}` : `${config.rateControl.kbps} kbps`;
  const extras = [
    config.gop !== undefined ? `gop ${config.gop}` : '',
    config.bFrames !== undefined ? `bf ${config.bFrames}` : '',
  ].filter(Boolean);
  return [config.encoder, config.preset, rc, ...extras].join(' ');
}
