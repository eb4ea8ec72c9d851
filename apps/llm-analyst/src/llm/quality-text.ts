import { MEASUREMENT_TERMS, qualityOf, type CampaignContext, type ExperimentResult, type QualityMetric, type Vmaf, type VmafScore } from '@codec-lab/domain';

// How the prompts name quality: every figure with its metric and unit, VMAF always with the model
// that scored it, and a PSNR that stands in for an unmeasured VMAF said to be PSNR.

const UNITS: Readonly<Record<QualityMetric, string>> = {
  psnr: 'dB, higher is better',
  ssim: '0 to 1, higher is better',
  vmaf: '0 to 100, higher is better',
};

/** Whether any experiment the model is shown had VMAF measured. */
export function vmafMeasured(context: CampaignContext): boolean {
  return context.history.some((entry) => entry.result?.vmaf.available);
}

/** VMAF is what the objective's quality is in: asked for, and measured here (or, before any result, offered). */
function inVmaf(context: CampaignContext): boolean {
  return context.objective.metric === 'vmaf' && (vmafMeasured(context) || (context.offer.vmafAvailable && !context.history.some((e) => e.result)));
}

/** The metric quality is compared in, with its unit: `VMAF (vmaf_v0.6.1, 0 to 100, higher is better)`. */
export function metricLabel(context: CampaignContext): string {
  if (inVmaf(context)) return `VMAF (${context.vmaf.model}, ${UNITS.vmaf})`;
  const metric: QualityMetric = context.objective.metric === 'vmaf' ? 'psnr' : context.objective.metric;
  return `${metric.toUpperCase()} (${UNITS[metric]})`;
}

/** The objective's quality metric, what it is, and how it falls back where VMAF was not measured. */
export function metricText(context: CampaignContext): string {
  const { objective } = context;
  const floor = objective.kind === 'quality-at-bitrate' ? objective.minQuality : objective.kind === 'bitrate-at-quality' ? objective.targetQuality : undefined;
  const minimum = floor === undefined ? '' : ` The result must reach at least ${floor} in it.`;
  if (objective.metric !== 'vmaf') return `${metricLabel(context)}. ${MEASUREMENT_TERMS[objective.metric]}${minimum}`;
  const scoring = `${context.vmaf.model}${context.vmaf.subsample > 1 ? `, 1 frame in ${context.vmaf.subsample} scored` : ', every frame scored'}`;
  const lines = [`VMAF (${scoring}; ${UNITS.vmaf}). ${MEASUREMENT_TERMS.vmaf}${minimum}`, `  ${MEASUREMENT_TERMS.vmafHarmonicMean}`, `  ${MEASUREMENT_TERMS.vmafLows}`];
  if (!inVmaf(context)) lines.push('  VMAF is not measured here: quality is compared in PSNR (dB) instead, and no VMAF figure exists for this campaign.');
  return lines.join('\n');
}

/** `VMAF 91.50 (vmaf_v0.6.1)`, `PSNR 38.00 dB`, `SSIM 0.9500`; a VMAF objective's unmeasured result in PSNR, said so. */
export function qualityText(result: ExperimentResult, metric: QualityMetric): string {
  const q = qualityOf(result, metric);
  if (q.metric === 'ssim') return `SSIM ${q.value.toFixed(4)}`;
  if (q.metric === 'vmaf' && result.vmaf.available) return `VMAF ${q.value.toFixed(2)} (${result.vmaf.model})`;
  return `PSNR ${q.value.toFixed(2)} dB${metric === 'vmaf' ? ' (VMAF not measured)' : ''}`;
}

/** Every pooled VMAF figure, with the model and libvmaf's version. */
export function vmafDetail(vmaf: Vmaf): string {
  if (!vmaf.available) return `VMAF not measured (${vmaf.reason})`;
  return scoreDetail(vmaf);
}

function scoreDetail(s: VmafScore): string {
  const scored = `${s.scoredFrames} frames scored${s.subsample > 1 ? `, 1 in ${s.subsample}` : ''}`;
  return `VMAF ${s.mean.toFixed(2)} (${s.model}, libvmaf ${s.libvmafVersion}; harmonic mean ${s.harmonicMean.toFixed(2)}, 1% low ${s.low1Percent.toFixed(2)}, 5% low ${s.low5Percent.toFixed(2)}, min ${s.min.toFixed(2)}; ${scored})`;
}
