import { z } from 'zod';
import { MEASUREMENT_TERMS } from './measurement-terms.ts';

/**
 * libvmaf's built-in models: `vmaf_v0.6.1` (the default, what "VMAF" usually means) and
 * `vmaf_v0.6.1neg` (no enhancement gain: sharpening and contrast boosts earn nothing, for comparing
 * codecs rather than pre-processing).
 */
export const VMAF_MODELS = ['vmaf_v0.6.1', 'vmaf_v0.6.1neg'] as const;
export type VmafModel = (typeof VMAF_MODELS)[number];

/** How a campaign wants VMAF computed. */
export const VmafOptionsSchema = z.strictObject({
  model: z.enum(VMAF_MODELS).default('vmaf_v0.6.1'),
  /** Score every n-th frame (libvmaf's n_subsample); 1 scores every frame. */
  subsample: z.int().min(1).max(30).default(1),
});
export type VmafOptions = z.infer<typeof VmafOptionsSchema>;
export const DEFAULT_VMAF_OPTIONS: VmafOptions = { model: 'vmaf_v0.6.1', subsample: 1 };

/** VMAF pooled over the scored frames, with what computed it. */
export const VmafScoreSchema = z.strictObject({
  available: z.literal(true),
  model: z.enum(VMAF_MODELS),
  /** libvmaf's version, from its log. */
  libvmafVersion: z.string(),
  subsample: z.int().min(1),
  /** Frames libvmaf scored (every `subsample`-th compared frame). */
  scoredFrames: z.int().positive(),
  mean: z.number().describe(MEASUREMENT_TERMS.vmaf),
  harmonicMean: z.number().describe(MEASUREMENT_TERMS.vmafHarmonicMean),
  low1Percent: z.number().describe(MEASUREMENT_TERMS.vmafLows),
  low5Percent: z.number().describe(MEASUREMENT_TERMS.vmafLows),
  min: z.number(),
});
export type VmafScore = z.infer<typeof VmafScoreSchema>;

export const VmafSchema = z.discriminatedUnion('available', [
  VmafScoreSchema,
  z.strictObject({ available: z.literal(false), reason: z.string() }),
]);
export type Vmaf = z.infer<typeof VmafSchema>;

/** One ffmpeg binary as a result names it. */
export const FfmpegBuildSchema = z.strictObject({
  /** The banner's version: `5.1.9-0+deb12u1`, `7.0.2-static`. */
  version: z.string(),
  /** sha256 of the binary that ran. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type FfmpegBuild = z.infer<typeof FfmpegBuildSchema>;

/**
 * Probe mode: instead of the whole source, encode `segments` short pieces of `segmentSeconds`
 * each and measure each against the same piece of the source. Where `starts` is given (seconds
 * from the source's start, ascending, one per segment, no two overlapping) the pieces start there;
 * else they sit in the middle of `segments` equal slices of the source.
 */
export const ProbeSpecSchema = z
  .strictObject({
    segments: z.int().min(1).max(10),
    segmentSeconds: z.number().min(0.5).max(10),
    starts: z.array(z.number().nonnegative().max(1e6)).min(1).max(10).optional(),
  })
  .refine((p) => !p.starts || p.starts.length === p.segments, { message: 'starts must give one time per segment', path: ['starts'] })
  .refine((p) => !p.starts || p.starts.every((t, i) => i === 0 || t - p.starts![i - 1]! >= p.segmentSeconds), {
    message: 'starts must ascend and be at least segmentSeconds apart (segments never overlap)',
    path: ['starts'],
  });

/**
 * Probes that would cover this share of the source or more are not worth it: the saving is under
 * 1.33x and a full run is exact, so such sources are measured in full.
 */
export const PROBE_MAX_SHARE = 0.75;

/** One encoded and measured piece of a probe-mode experiment. */
export const ProbeSegmentSchema = z.strictObject({
  /** Presentation time of the segment's first source frame, seconds from the source's start. */
  startSeconds: z.number().nonnegative(),
  /** Duration of the segment's artifact, from ffprobe. */
  durationSeconds: z.number().positive(),
  /** Frames encoded, equal to the source frames in the segment and to the frames compared. */
  frames: z.int().positive(),
  bytes: z.int().nonnegative(),
  psnrAvg: z.number(),
  ssimAll: z.number(),
  /** The segment's mean VMAF, where VMAF was measured. */
  vmafMean: z.number().optional(),
  artifactUri: z.string(),
  artifactSha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * What a parameter-storage experiment stored: the scene description the fit found (one line per
 * layer), what it could not explain, and the artifact's bytes split into the compressed description
 * and the residual video (bytes = sceneBytes + residualBytes + the container's few bytes).
 */
export const ParameterStorageReportSchema = z.strictObject({
  layers: z.array(z.string().max(300)).max(256),
  notFitted: z.array(z.string().max(300)).max(64),
  sceneBytes: z.int().nonnegative(),
  residualBytes: z.int().nonnegative(),
  /** PSNR (average) of the rendered description alone against the source, before any residual. */
  fitPsnrAvg: z.number(),
  fitSeconds: z.number().nonnegative(),
});
export type ParameterStorageReport = z.infer<typeof ParameterStorageReportSchema>;

/**
 * What agent-runner measured from the artifact it wrote. Every number here comes from ffprobe or
 * from one decode of the artifact against the source; nothing is estimated.
 */
export const ExperimentResultSchema = z.strictObject({
  bytes: z.int().nonnegative(),
  /** The artifact's video stream's own duration, from its packets (not the container's). */
  durationSeconds: z.number().positive(),
  /** bytes x 8 / durationSeconds, both read from the artifact. */
  bitrateBps: z.number().nonnegative().describe(MEASUREMENT_TERMS.bitrate),
  width: z.int().positive(),
  height: z.int().positive(),
  frames: z.int().nonnegative(),
  sourceFrames: z.int().nonnegative(),
  psnr: z.strictObject({ y: z.number(), u: z.number(), v: z.number(), avg: z.number() }).describe(MEASUREMENT_TERMS.psnr),
  ssim: z.strictObject({ y: z.number(), u: z.number(), v: z.number(), all: z.number() }).describe(MEASUREMENT_TERMS.ssim),
  vmaf: VmafSchema,
  encodeSeconds: z.number().nonnegative(),
  encodeFps: z.number().nonnegative(),
  measureSeconds: z.number().nonnegative(),
  artifactUri: z.string(),
  artifactSha256: z.string().regex(/^[0-9a-f]{64}$/),
  mode: z.enum(['full', 'probe']),
  /** The version of the ffmpeg that encoded (and probed) the artifact. */
  ffmpegVersion: z.string(),
  /**
   * The ffmpeg that encoded and the one that measured PSNR, SSIM and VMAF (a separate build with
   * libvmaf where the encoding one has none). Absent only on results recorded before results
   * named them; those were encoded and measured by the one ffmpeg of `ffmpegVersion`.
   */
  ffmpeg: z.strictObject({ encoder: FfmpegBuildSchema, meter: FfmpegBuildSchema }).optional(),
  /**
   * Probe mode only: the segments measured. Then bytes, durationSeconds and frames are their sums,
   * sourceFrames is the whole source's count, PSNR is pooled over every compared frame (as one
   * pass over them would report it), and artifactUri names a JSON manifest of the segments.
   */
  segments: z.array(ProbeSegmentSchema).min(1).max(10).optional(),
  /** Parameter-storage experiments only: what was fit, and how the artifact's bytes split. */
  parameterStorage: ParameterStorageReportSchema.optional(),
});


export type ExperimentResult = z.infer<typeof ExperimentResultSchema>;
export type ProbeSpec = z.infer<typeof ProbeSpecSchema>;
export type ProbeSegment = z.infer<typeof ProbeSegmentSchema>;

export function bitrateMbps(result: Pick<ExperimentResult, 'bitrateBps'>): number {
  return result.bitrateBps / 1e6;
}
