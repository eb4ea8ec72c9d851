import { z } from 'zod';
import type { ExperimentConfig } from './config.schema.ts';
import { VMAF_MODELS, type VmafModel } from './result.schema.ts';
import { ENCODER_NAMES, ENCODERS, PIXEL_FORMATS, type EncoderName, type PixelFormat } from './encoders.ts';

/**
 * What a runner offers for one encoder. Only two things in it are measured on the runner itself:
 * that the encoder exists at all (it encoded a trial frame) and `pixelFormats` (the formats a
 * trial encode accepted). Everything else (`presets`, `crf`, `tunes`, `twoPass`, `hardware`) is
 * copied from codec-lab's static ENCODERS table: it says what ffmpeg accepts for that encoder, not
 * what this runner's build was shown to do.
 */
export const EncoderOfferSchema = z.strictObject({
  name: z.enum(ENCODER_NAMES),
  /** From the ENCODERS table (fastest to slowest), not from trial encodes. */
  presets: z.array(z.string()),
  /** Pixel formats a trial encode on the runner accepted. */
  pixelFormats: z.array(z.enum(PIXEL_FORMATS)),
  /** The constant-quality scale (CRF, or CQ on NVENC), from the ENCODERS table. */
  crf: z.strictObject({ min: z.int(), max: z.int() }),
  /** From the ENCODERS table. */
  tunes: z.array(z.string()),
  /** From the ENCODERS table. */
  twoPass: z.boolean(),
  /** From the ENCODERS table: a GPU encoder. */
  hardware: z.boolean(),
});
export type EncoderOffer = z.infer<typeof EncoderOfferSchema>;

/**
 * What a runner offers, as agent-runner's GetCapabilities reports it and as it reaches the
 * orchestrator and the analyst, unchanged: the encoders that encoded a trial frame there, each
 * with what it takes, whether VMAF is measured, the ffmpeg and GPU found, and how many experiments
 * the runner runs at once.
 */
export const RunnerOfferSchema = z.strictObject({
  /** Only encoders that encoded a trial frame on the runner. */
  encoders: z.array(EncoderOfferSchema),
  /** Whether the runner's metrics ffmpeg measured VMAF in a trial run of libvmaf at start-up. */
  vmafAvailable: z.boolean(),
  /** The VMAF models that scored a trial frame there (empty without VMAF). */
  vmafModels: z.array(z.enum(VMAF_MODELS)),
  /** Version of the ffmpeg that encodes. */
  ffmpegVersion: z.string(),
  /** Version of the ffmpeg that measures PSNR, SSIM and VMAF (the encoding one unless a separate one has libvmaf). */
  meterFfmpegVersion: z.string(),
  /** The GPU's name as nvidia-smi reports it, or '' when there is none. */
  gpuName: z.string(),
  /** Experiments the runner admits at once (its MAX_CONCURRENT). */
  maxConcurrent: z.int().nonnegative(),
});
export type RunnerOffer = z.infer<typeof RunnerOfferSchema>;

/** What a runner found by its trial encodes at start-up. */
export interface RunnerTrials {
  readonly encoders: readonly EncoderName[];
  readonly pixelFormats: Readonly<Partial<Record<EncoderName, readonly PixelFormat[]>>>;
  readonly vmafModels: readonly VmafModel[];
  readonly ffmpegVersion: string;
  readonly meterFfmpegVersion: string;
  readonly gpuName: string;
}

/** The offer of a runner: its trial results, completed with the static ENCODERS table. */
export function runnerOffer(trials: RunnerTrials, maxConcurrent: number): RunnerOffer {
  return {
    encoders: trials.encoders.map((name) => ({
      name,
      presets: [...ENCODERS[name].presets],
      pixelFormats: [...(trials.pixelFormats[name] ?? [])],
      crf: { min: ENCODERS[name].crf.min, max: ENCODERS[name].crf.max },
      tunes: [...ENCODERS[name].tunes],
      twoPass: ENCODERS[name].twoPass,
      hardware: ENCODERS[name].hardware,
    })),
    vmafAvailable: trials.vmafModels.length > 0,
    vmafModels: [...trials.vmafModels],
    ffmpegVersion: trials.ffmpegVersion,
    meterFfmpegVersion: trials.meterFfmpegVersion,
    gpuName: trials.gpuName,
    maxConcurrent,
  };
}

export function offeredEncoders(offer: RunnerOffer): EncoderName[] {
  return offer.encoders.map((e) => e.name);
}

export function encoderOffer(offer: RunnerOffer, encoder: EncoderName): EncoderOffer | undefined {
  return offer.encoders.find((e) => e.name === encoder);
}

/** Why a config cannot run on an offer; each caller words it for its own audience. */
export type OfferProblem =
  | { readonly kind: 'encoder'; readonly encoder: EncoderName; readonly available: readonly EncoderName[] }
  | { readonly kind: 'preset'; readonly encoder: EncoderName; readonly preset: string; readonly offered: readonly string[] }
  | { readonly kind: 'pixelFormat'; readonly encoder: EncoderName; readonly pixelFormat: PixelFormat; readonly offered: readonly PixelFormat[] }
  | { readonly kind: 'crf'; readonly encoder: EncoderName; readonly crf: number; readonly min: number; readonly max: number }
  | { readonly kind: 'tune'; readonly encoder: EncoderName; readonly tune: string; readonly offered: readonly string[] };

/**
 * The one rule of whether a (schema-valid) config can run on what the runners offer: the encoder
 * is offered, and its preset, pixel format, CRF and tune are among what is offered for it.
 * Empty: it can run. An unavailable encoder is the only problem reported for it.
 */
export function offerProblems(config: ExperimentConfig, offer: RunnerOffer): OfferProblem[] {
  if (config.strategy === 'parameter_storage') {
    // Every runner fits and renders scenes; a residual needs its codec there.
    const residual = config.residual.codec === 'none' ? null : config.residual;
    if (!residual) return [];
    const offered = encoderOffer(offer, residual.codec);
    if (!offered) return [{ kind: 'encoder', encoder: residual.codec, available: offeredEncoders(offer) }];
    if (residual.crf < offered.crf.min || residual.crf > offered.crf.max) return [{ kind: 'crf', encoder: residual.codec, crf: residual.crf, min: offered.crf.min, max: offered.crf.max }];
    return [];
  }
  const { encoder } = config;
  const offered = encoderOffer(offer, encoder);
  if (!offered) return [{ kind: 'encoder', encoder, available: offeredEncoders(offer) }];
  const problems: OfferProblem[] = [];
  if (!offered.presets.includes(config.preset)) problems.push({ kind: 'preset', encoder, preset: config.preset, offered: offered.presets });
  if (!offered.pixelFormats.includes(config.pixelFormat)) problems.push({ kind: 'pixelFormat', encoder, pixelFormat: config.pixelFormat, offered: offered.pixelFormats });
  const crf = config.rateControl.mode === 'crf' ? config.rateControl.crf : undefined;
  if (crf !== undefined && (crf < offered.crf.min || crf > offered.crf.max)) problems.push({ kind: 'crf', encoder, crf, min: offered.crf.min, max: offered.crf.max });
  if (config.tune !== undefined && !offered.tunes.includes(config.tune)) problems.push({ kind: 'tune', encoder, tune: config.tune, offered: offered.tunes });
  return problems;
}

/** Whether a config can run on an offer. */
export function canRunOn(config: ExperimentConfig, offer: RunnerOffer): boolean {
  return offerProblems(config, offer).length === 0;
}
