import { DEFAULT_VMAF_OPTIONS, METRIC_SCALE, type Objective, type QualityMetric, type RunnerOffer, type VmafOptions } from '@codec-lab/domain';

/**
 * Why a campaign cannot be measured as it asks: a stable code a client can branch on, and the
 * issue as `path: reason`, naming the field of the request.
 */
export interface MeasurementProblem {
  readonly code: 'ERR_VALIDATION' | 'ERR_METRIC_UNAVAILABLE' | 'ERR_VMAF_MODEL_UNAVAILABLE';
  readonly issue: string;
}

/** What a create request says about measuring: the objective, and the VMAF options if it gave any. */
export interface MeasurementRequest {
  readonly objective: Objective;
  readonly vmaf?: VmafOptions | undefined;
}

/** Each metric's own scale, for `minQuality` and `targetQuality`, in words a caller can act on. */
const SCALE: Readonly<Record<QualityMetric, { readonly max: number; readonly text: string }>> = {
  psnr: { max: METRIC_SCALE.psnr.max, text: 'PSNR is in dB, 100 for identical pictures' },
  ssim: { max: METRIC_SCALE.ssim.max, text: 'SSIM is 0 to 1' },
  vmaf: { max: METRIC_SCALE.vmaf.max, text: 'VMAF is 0 to 100' },
};

/**
 * A quality outside its metric's scale could never be reached: a budget's minimum (SSIM 40) or a
 * quality target (VMAF 120). The schema refuses them too; this says why in the metric's terms.
 */
export function objectiveProblems(objective: Objective): MeasurementProblem[] {
  const { metric } = objective;
  const [field, value, what] =
    objective.kind === 'bitrate-at-quality'
      ? (['targetQuality', objective.targetQuality, 'a target'] as const)
      : objective.kind === 'quality-at-bitrate'
        ? (['minQuality', objective.minQuality, 'a minimum'] as const)
        : (['', undefined, ''] as const);
  if (value === undefined || value <= SCALE[metric].max) return [];
  return [{ code: 'ERR_VALIDATION', issue: `objective.${field}: ${SCALE[metric].text}, so ${what} of ${value} could never be met` }];
}

/**
 * Whether the runners' VMAF matters to a request: its objective (of any kind) is in VMAF, or it said how VMAF is
 * to be computed. A PSNR or SSIM campaign that says nothing about VMAF runs anywhere, and its
 * results report VMAF as not available where it was not measured.
 */
export function vmafWanted(request: MeasurementRequest): boolean {
  return request.objective.metric === 'vmaf' || request.vmaf !== undefined;
}

/**
 * What the runners cannot measure of a request that wants VMAF: VMAF at all (their measuring
 * ffmpeg has no working libvmaf), or the model asked for (the default, vmaf_v0.6.1, when none was
 * given). Empty when the request does not want VMAF.
 */
export function vmafProblems(request: MeasurementRequest, offer: RunnerOffer): MeasurementProblem[] {
  if (!vmafWanted(request)) return [];
  if (!offer.vmafAvailable) {
    const why = `VMAF is not measured on these runners (their measuring ffmpeg, ${offer.meterFfmpegVersion || 'of unknown version'}, has no working libvmaf)`;
    const cure = 'or give agent-runner an ffmpeg with libvmaf to measure with (METRICS_FFMPEG_PATH)';
    return [
      ...(request.objective.metric === 'vmaf' ? [{ code: 'ERR_METRIC_UNAVAILABLE' as const, issue: `objective.metric: ${why}; use psnr or ssim, ${cure}` }] : []),
      ...(request.vmaf !== undefined ? [{ code: 'ERR_METRIC_UNAVAILABLE' as const, issue: `vmaf: ${why}; leave vmaf out, ${cure}` }] : []),
    ];
  }
  const model = (request.vmaf ?? DEFAULT_VMAF_OPTIONS).model;
  if (offer.vmafModels.includes(model)) return [];
  const named = request.vmaf === undefined ? `${model} (the default)` : model;
  return [{ code: 'ERR_VMAF_MODEL_UNAVAILABLE', issue: `vmaf.model: ${named} is not a VMAF model these runners offer (they offer ${offer.vmafModels.join(', ')})` }];
}
