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

/** One allowlisted encoder-specific option: a bounded number, never free text. */
export interface OptionSpec {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  readonly help: string;
}

export interface EncoderSpec {
  readonly name: EncoderName;
  readonly family: 'h264' | 'hevc' | 'av1' | 'vp9';
  readonly hardware: boolean;
  /** Presets from fastest to slowest, as the runner passes them (`-preset`, or `-cpu-used` for aom/vpx). */
  readonly presets: readonly string[];
  readonly defaultPreset: string;
  /** The constant-quality scale: CRF, or CQ on NVENC. */
  readonly crf: { readonly min: number; readonly max: number; readonly default: number };
  readonly maxBFrames: number | null;
  readonly tunes: readonly string[];
  readonly twoPass: boolean;
  readonly filmGrain: boolean;
  readonly options: Readonly<Record<string, OptionSpec>>;
}

const opt = (min: number, max: number, help: string, integer = true): OptionSpec => ({ min, max, integer, help });
const AQ = opt(0, 3, 'adaptive quantisation mode');

const x26x = {
  hardware: false,
  presets: X26X_PRESETS,
  defaultPreset: 'medium',
  maxBFrames: 16,
  twoPass: true,
  filmGrain: false,
} as const;

const nvenc = {
  hardware: true,
  presets: range(1, 7).map((n) => `p${n}`),
  defaultPreset: 'p4',
  crf: { min: 0, max: 51, default: 28 },
  tunes: ['hq', 'll', 'ull', 'lossless'],
  twoPass: false,
  filmGrain: false,
  options: { spatialAq: opt(0, 1, 'spatial AQ on/off'), temporalAq: opt(0, 1, 'temporal AQ on/off'), lookahead: opt(0, 32, 'rate-control lookahead frames') },
} as const;

export const ENCODERS: Readonly<Record<EncoderName, EncoderSpec>> = {
  libx264: {
    ...x26x,
    name: 'libx264',
    family: 'h264',
    crf: { min: 0, max: 51, default: 23 },
    tunes: ['film', 'animation', 'grain', 'stillimage', 'psnr', 'ssim', 'fastdecode', 'zerolatency'],
    options: { aqMode: AQ, aqStrength: opt(0, 3, 'AQ strength', false), refs: opt(1, 16, 'reference frames'), lookahead: opt(0, 250, 'rate-control lookahead frames') },
  },
  libx265: {
    ...x26x,
    name: 'libx265',
    family: 'hevc',
    crf: { min: 0, max: 51, default: 28 },
    tunes: ['psnr', 'ssim', 'grain', 'animation', 'fastdecode', 'zerolatency'],
    options: { aqMode: opt(0, 4, 'adaptive quantisation mode'), aqStrength: opt(0, 3, 'AQ strength', false), refs: opt(1, 16, 'reference frames'), lookahead: opt(0, 250, 'rate-control lookahead frames') },
  },
  libsvtav1: {
    name: 'libsvtav1',
    family: 'av1',
    hardware: false,
    presets: [...SVTAV1_PRESETS].reverse(),
    defaultPreset: '8',
    crf: { min: 1, max: 63, default: 35 },
    // SVT-AV1 chooses its own hierarchical prediction structure; ffmpeg has no B-frame knob for it.
    maxBFrames: null,
    tunes: [],
    // ffmpeg 5.1's libsvtav1 wrapper passes no multi-pass statistics, so two-pass would silently be one.
    twoPass: false,
    filmGrain: true,
    options: { svtTune: opt(0, 1, 'SVT-AV1 tune: 0 visual quality, 1 PSNR'), enableOverlays: opt(0, 1, 'overlay frames'), scd: opt(0, 1, 'scene-change detection') },
  },
  'libaom-av1': {
    name: 'libaom-av1',
    family: 'av1',
    hardware: false,
    presets: range(8, 0),
    defaultPreset: '6',
    crf: { min: 0, max: 63, default: 32 },
    maxBFrames: null,
    tunes: ['psnr', 'ssim'],
    twoPass: true,
    filmGrain: false,
    options: { aqMode: AQ, lagInFrames: opt(0, 70, 'lookahead frames'), tileColumns: opt(0, 6, 'log2 of tile columns') },
  },
  'libvpx-vp9': {
    name: 'libvpx-vp9',
    family: 'vp9',
    hardware: false,
    presets: range(5, 0),
    defaultPreset: '2',
    crf: { min: 0, max: 63, default: 33 },
    maxBFrames: null,
    tunes: [],
    twoPass: true,
    filmGrain: false,
    options: { aqMode: opt(0, 4, 'adaptive quantisation mode'), lagInFrames: opt(0, 25, 'lookahead frames'), tileColumns: opt(0, 6, 'log2 of tile columns') },
  },
  h264_nvenc: { ...nvenc, name: 'h264_nvenc', family: 'h264', maxBFrames: 4 },
  hevc_nvenc: { ...nvenc, name: 'hevc_nvenc', family: 'hevc', maxBFrames: 4 },
  av1_nvenc: { ...nvenc, name: 'av1_nvenc', family: 'av1', maxBFrames: null },
};

/** Rate-control bounds shared by every encoder, in kbit/s. */
export const TARGET_KBPS = { min: 10, max: 200_000 } as const;
export const MAX_FILM_GRAIN = 50;
