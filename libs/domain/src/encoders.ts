/**
 * What codec-lab knows about each encoder it can drive: the values ffmpeg accepts for it. A runner
 * still has to prove at start-up, by trial encodes, that its ffmpeg build and GPU really have the
 * encoder and which pixel formats it takes (capabilities).
 */
export const X26X_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow'] as const;

/** SVT-AV1 presets: 0 is slowest and best, 13 the fastest. */
export const SVTAV1_PRESETS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13'] as const;

const range = (from: number, to: number) => Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => String(from < to ? from + i : from - i));

export const ENCODER_NAMES = ['libx264', 'libx265', 'libsvtav1', 'libaom-av1', 'libvpx-vp9', 'h264_nvenc', 'hevc_nvenc', 'av1_nvenc'] as const;
export type EncoderName = (typeof ENCODER_NAMES)[number];

export const PIXEL_FORMATS = ['yuv420p', 'yuv420p10le'] as const;
export type PixelFormat = (typeof PIXEL_FORMATS)[number];

/**
 * One allowlisted encoder-specific option: a bounded number, never free text, and the name ffmpeg
 * knows it by. The ffmpeg name is required, so an option cannot be allowed without saying which
 * argument it becomes.
 */
export interface OptionSpec {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  readonly help: string;
  /**
   * The ffmpeg AVOption (passed as `-<name> <value>`), or for libx265 and libsvtav1 the key in
   * `-x265-params` / `-svtav1-params` (`<name>=<value>`).
   */
  readonly ffmpeg: string;
}

/**
 * How ffmpeg takes an encoder's arguments: the preset flag (`-preset`, or `-cpu-used` for aom and
 * vpx), the constant-quality flags (`-crf`, `-crf` with `-b:v 0`, NVENC's `-cq`), where options and
 * two-pass statistics go (AVOptions and `-pass`, or the x265 / SVT-AV1 parameter strings).
 */
export type ArgStyle = 'x264' | 'x265' | 'svt' | 'aom' | 'vpx' | 'nvenc';

export interface EncoderSpec {
  readonly name: EncoderName;
  readonly family: 'h264' | 'hevc' | 'av1' | 'vp9';
  /** How the runner writes this encoder's ffmpeg arguments. */
  readonly args: ArgStyle;
  readonly hardware: boolean;
  /** Presets from fastest to slowest, as the runner passes them (`-preset`, or `-cpu-used` for aom/vpx). */
  readonly presets: readonly string[];
  readonly defaultPreset: string;
  /** The constant-quality scale: CRF, or CQ on NVENC. */
  readonly crf: { readonly min: number; readonly max: number; readonly default: number };
  readonly maxBFrames: number | null;
  readonly tunes: readonly string[];
  /**
   * Pixel formats a config may ask for, and the ones a runner tries with a trial encode at
   * start-up; what the runner's build really encodes is in its capabilities.
   */
  readonly pixelFormats: readonly PixelFormat[];
  readonly twoPass: boolean;
  readonly filmGrain: boolean;
  readonly options: Readonly<Record<string, OptionSpec>>;
}

const opt = (min: number, max: number, help: string, ffmpeg: string, integer = true): OptionSpec => ({ min, max, integer, help, ffmpeg });
const lookahead = (max: number) => opt(0, max, 'rate-control lookahead frames', 'rc-lookahead');

const x26x = {
  hardware: false,
  presets: X26X_PRESETS,
  defaultPreset: 'medium',
  maxBFrames: 16,
  pixelFormats: PIXEL_FORMATS,
  twoPass: true,
  filmGrain: false,
} as const;

const nvenc = {
  args: 'nvenc',
  hardware: true,
  presets: range(1, 7).map((n) => `p${n}`),
  defaultPreset: 'p4',
  crf: { min: 0, max: 51, default: 28 },
  tunes: ['hq', 'll', 'ull', 'lossless'],
  pixelFormats: PIXEL_FORMATS,
  twoPass: false,
  filmGrain: false,
  options: { spatialAq: opt(0, 1, 'spatial AQ on/off', 'spatial-aq'), temporalAq: opt(0, 1, 'temporal AQ on/off', 'temporal-aq'), lookahead: opt(0, 32, 'rate-control lookahead frames', 'rc-lookahead') },
} as const;

/**
 * The one encoder registry: everything codec-lab knows about each encoder, read by validation
 * (config.schema.ts), the runner's ffmpeg arguments, the planner, the LLM's schema and prompts, and
 * the capabilities a runner reports.
 */
export const ENCODERS: Readonly<Record<EncoderName, EncoderSpec>> = {
  libx264: {
    ...x26x,
    name: 'libx264',
    family: 'h264',
    args: 'x264',
    crf: { min: 0, max: 51, default: 23 },
    tunes: ['film', 'animation', 'grain', 'stillimage', 'psnr', 'ssim', 'fastdecode', 'zerolatency'],
    options: {
      aqMode: opt(0, 3, 'adaptive quantisation mode', 'aq-mode'),
      aqStrength: opt(0, 3, 'AQ strength', 'aq-strength', false),
      refs: opt(1, 16, 'reference frames', 'refs'),
      lookahead: lookahead(250),
    },
  },
  libx265: {
    ...x26x,
    name: 'libx265',
    family: 'hevc',
    args: 'x265',
    crf: { min: 0, max: 51, default: 28 },
    tunes: ['psnr', 'ssim', 'grain', 'animation', 'fastdecode', 'zerolatency'],
    options: {
      aqMode: opt(0, 4, 'adaptive quantisation mode', 'aq-mode'),
      aqStrength: opt(0, 3, 'AQ strength', 'aq-strength', false),
      refs: opt(1, 16, 'reference frames', 'ref'),
      lookahead: lookahead(250),
    },
  },
  libsvtav1: {
    name: 'libsvtav1',
    family: 'av1',
    args: 'svt',
    hardware: false,
    presets: [...SVTAV1_PRESETS].reverse(),
    defaultPreset: '8',
    crf: { min: 1, max: 63, default: 35 },
    // SVT-AV1 chooses its own hierarchical prediction structure; ffmpeg has no B-frame knob for it.
    maxBFrames: null,
    tunes: [],
    pixelFormats: PIXEL_FORMATS,
    // ffmpeg 5.1's libsvtav1 wrapper passes no multi-pass statistics, so two-pass would silently be one.
    twoPass: false,
    filmGrain: true,
    options: {
      svtTune: opt(0, 1, 'SVT-AV1 tune: 0 visual quality, 1 PSNR', 'tune'),
      enableOverlays: opt(0, 1, 'overlay frames', 'enable-overlays'),
      scd: opt(0, 1, 'scene-change detection', 'scd'),
    },
  },
  'libaom-av1': {
    name: 'libaom-av1',
    family: 'av1',
    args: 'aom',
    hardware: false,
    presets: range(8, 0),
    defaultPreset: '6',
    crf: { min: 0, max: 63, default: 32 },
    maxBFrames: null,
    tunes: ['psnr', 'ssim'],
    pixelFormats: PIXEL_FORMATS,
    twoPass: true,
    filmGrain: false,
    options: {
      aqMode: opt(0, 3, 'adaptive quantisation mode', 'aq-mode'),
      lagInFrames: opt(0, 70, 'lookahead frames', 'lag-in-frames'),
      tileColumns: opt(0, 6, 'log2 of tile columns', 'tile-columns'),
    },
  },
  'libvpx-vp9': {
    name: 'libvpx-vp9',
    family: 'vp9',
    args: 'vpx',
    hardware: false,
    presets: range(5, 0),
    defaultPreset: '2',
    crf: { min: 0, max: 63, default: 33 },
    maxBFrames: null,
    tunes: [],
    pixelFormats: PIXEL_FORMATS,
    twoPass: true,
    filmGrain: false,
    options: {
      aqMode: opt(0, 4, 'adaptive quantisation mode', 'aq-mode'),
      lagInFrames: opt(0, 25, 'lookahead frames', 'lag-in-frames'),
      tileColumns: opt(0, 6, 'log2 of tile columns', 'tile-columns'),
    },
  },
  h264_nvenc: { ...nvenc, name: 'h264_nvenc', family: 'h264', maxBFrames: 4 },
  hevc_nvenc: { ...nvenc, name: 'hevc_nvenc', family: 'hevc', maxBFrames: 4 },
  av1_nvenc: { ...nvenc, name: 'av1_nvenc', family: 'av1', maxBFrames: null },
};

/** Rate-control bounds shared by every encoder, in kbit/s. */
export const TARGET_KBPS = { min: 10, max: 200_000 } as const;
export const MAX_FILM_GRAIN = 50;
