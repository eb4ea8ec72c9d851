/**
 * What codec-lab knows about each encoder it can drive: the values ffmpeg accepts for it. A runner
 * still has to prove at start-up that its ffmpeg build really has the encoder (capabilities).
 */
export const X26X_PRESETS = [
  'ultrafast',
  'superfast',
  'veryfast',
  'faster',
  'fast',
  'medium',
  'slow',
  'slower',
  'veryslow',
] as const;

/** SVT-AV1 presets: 0 is slowest and best, 13 the fastest. */
export const SVTAV1_PRESETS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13'] as const;

export const ENCODER_NAMES = ['libx264', 'libx265', 'libsvtav1'] as const;
export type EncoderName = (typeof ENCODER_NAMES)[number];

export const PIXEL_FORMATS = ['yuv420p'] as const;
export type PixelFormat = (typeof PIXEL_FORMATS)[number];

export interface EncoderSpec {
  readonly name: EncoderName;
  readonly family: 'h264' | 'hevc' | 'av1';
  /** Presets from fastest to slowest, as ffmpeg's `-preset` takes them. */
  readonly presets: readonly string[];
  readonly defaultPreset: string;
  readonly crf: { readonly min: number; readonly max: number; readonly default: number };
  readonly maxBFrames: number | null;
  readonly maxGop: number;
  /**
   * Rough CRF step that halves the bitrate. The planner uses it only until the campaign's own
   * measurements give it a fitted slope.
   */
  readonly crfStepPerHalving: number;
}

export const ENCODERS: Readonly<Record<EncoderName, EncoderSpec>> = {
  libx264: {
    name: 'libx264',
    family: 'h264',
    presets: X26X_PRESETS,
    defaultPreset: 'medium',
    crf: { min: 0, max: 51, default: 23 },
    maxBFrames: 16,
    maxGop: 1000,
    crfStepPerHalving: 6,
  },
  libx265: {
    name: 'libx265',
    family: 'hevc',
    presets: X26X_PRESETS,
    defaultPreset: 'medium',
    crf: { min: 0, max: 51, default: 28 },
    maxBFrames: 16,
    maxGop: 1000,
    crfStepPerHalving: 6,
  },
  libsvtav1: {
    name: 'libsvtav1',
    family: 'av1',
    presets: [...SVTAV1_PRESETS].reverse(),
    defaultPreset: '8',
    crf: { min: 1, max: 63, default: 35 },
    // SVT-AV1 chooses its own hierarchical prediction structure; ffmpeg has no B-frame knob for it.
    maxBFrames: null,
    maxGop: 1000,
    crfStepPerHalving: 8,
  },
};

/** Rate-control bounds shared by every encoder, in kbit/s. */
export const TARGET_KBPS = { min: 10, max: 200_000 } as const;
