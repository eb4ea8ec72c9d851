import {
  bestEntry,
  describeConfig,
  describeTargetDistance,
  DomainError,
  formatQuality,
  objectiveViolations,
  qualityOf,
  signedPercent,
  type Analysis,
  type CampaignContext,
  type ExperimentResult,
  type HistoryEntry,
  type Objective,
  type Prediction,
  type QualityMetric,
  type VmafScore,
} from '@codec-lab/domain';
import { campaignProbeCorrection, DEFAULT_PROBE_CORRECTION, predictedFull } from './memory/probe-correction.ts';
import { planNext } from './planner.ts';

const mbps = (bps: number) => `${(bps / 1e6).toFixed(3)} Mbps`;
const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
const db = (value: number) => `${signed(value)} dB`;

/** VMAF as libvmaf pooled it, with the model and how many frames it scored. */
function vmafFigures(vmaf: VmafScore): string {
  const every = vmaf.subsample > 1 ? `, 1 frame in ${vmaf.subsample}` : '';
  return `VMAF ${vmaf.mean.toFixed(2)} (${vmaf.model}: harmonic mean ${vmaf.harmonicMean.toFixed(2)}, 1% low ${vmaf.low1Percent.toFixed(2)}, ${vmaf.scoredFrames} frames scored${every})`;
}

/** Every quality figure measured, the objective's metric first; VMAF only where it was measured. */
function qualityFigures(result: ExperimentResult, metric: QualityMetric): string {
  const psnr = `PSNR ${result.psnr.avg.toFixed(2)} dB (Y ${result.psnr.y.toFixed(2)} dB)`;
  const ssim = `SSIM ${result.ssim.all.toFixed(4)}`;
  const vmaf = result.vmaf.available ? vmafFigures(result.vmaf) : undefined;
  const order = metric === 'vmaf' ? [vmaf, psnr, ssim] : metric === 'ssim' ? [ssim, psnr, vmaf] : [psnr, ssim, vmaf];
  return order.filter((part): part is string => part !== undefined).join(', ');
}

/** One quality value with its unit and, for VMAF, its model: `VMAF 91.50 (vmaf_v0.6.1)`, `PSNR 38.00 dB`. */
function qualityValue(result: ExperimentResult, metric: QualityMetric): string {
  const quality = qualityOf(result, metric);
  if (quality.metric === 'ssim') return `SSIM ${quality.value.toFixed(4)}`;
  if (quality.metric === 'vmaf' && result.vmaf.available) return `VMAF ${quality.value.toFixed(2)} (${result.vmaf.model})`;
  return `PSNR ${quality.value.toFixed(2)} dB`;
}

/**
 * How quality moved from one result to another: in VMAF points (and PSNR) where the objective is
 * VMAF and both were scored, else in PSNR dB, never one metric against another.
 */
function qualityChange(from: ExperimentResult, to: ExperimentResult, metric: QualityMetric): string {
  const psnr = `${db(to.psnr.avg - from.psnr.avg)} PSNR`;
  if (metric === 'vmaf' && from.vmaf.available && to.vmaf.available) return `${signed(to.vmaf.mean - from.vmaf.mean)} VMAF (${to.vmaf.model}), ${psnr}`;
  return psnr;
}

/** `meets the objective` / `misses the objective: VMAF 89.10 is under the 90 target`. */
function verdict(entry: HistoryEntry & { result: ExperimentResult }, objective: Objective): string {
  const reasons = objectiveViolations(entry, objective);
  return reasons.length === 0 ? 'meets the objective' : `misses the objective: ${reasons.join('; ')}`;
}

type PredictionCheck = NonNullable<Analysis['predictionCheck']>;

/**
 * A prediction against the measurement. `result` is what the check compares with: for a probe, its
 * corrected full-length figures (see `checkedResult`), since every prediction is for the whole source.
 */
function predictionCheck(prediction: Prediction | undefined, result: ExperimentResult): PredictionCheck | undefined {
  if (!prediction) return undefined;
  const measuredQuality = qualityOf(result, prediction.quality.metric);
  if (measuredQuality.metric !== prediction.quality.metric) return undefined;
  const qualityError = measuredQuality.value - prediction.quality.value;
  return {
    bitrateError: result.bitrateBps / prediction.bitrateBps - 1,
    qualityError,
    qualitySigmas: prediction.quality.sigma > 0 ? qualityError / prediction.quality.sigma : 0,
    encodeSecondsRatio: prediction.encodeSeconds > 0 ? result.encodeSeconds / prediction.encodeSeconds : 0,
  };
}

/**
 * What a prediction is checked against. The planner predicts full-length figures (it plans on
 * `plannerView`, where a probe stands for the full encode it predicts; a final's prediction is its
 * probe corrected), so a probe's measurement on segments is compared on its full-length figures:
 * `predictedFull` with the campaign's probe correction (what it started with, updated by the
 * probe/full pairs it measured). A full encode is compared as measured.
 */
function checkedResult(context: CampaignContext, result: ExperimentResult): ExperimentResult {
  if (result.mode !== 'probe') return result;
  return predictedFull(result, campaignProbeCorrection(context.knowledge?.probeCorrection ?? DEFAULT_PROBE_CORRECTION, context.history));
}

function predictionInsight(label: string, p: Prediction, check: PredictionCheck, probe: boolean): string {
  const metric = p.quality.metric;
  const signedQuality = `${check.qualityError >= 0 ? '+' : ''}${formatQuality(check.qualityError, metric)}`;
  return (
    `${label} ${mbps(p.bitrateBps)} (+-${(100 * p.bitrateSigma).toFixed(0)}%) at ${metric.toUpperCase()} ${formatQuality(p.quality.value, metric)} +- ${formatQuality(p.quality.sigma, metric)} in ${p.encodeSeconds.toFixed(1)} s (${p.basis}); ` +
    `measured${probe ? ' (the probe corrected to full length)' : ''} ${signedPercent(check.bitrateError)} bitrate, ${signedQuality} ${metric.toUpperCase()} (${check.qualitySigmas.toFixed(1)} sigma), ${check.encodeSecondsRatio.toFixed(2)}x the encode time.`
  );
}

function measured(entry: HistoryEntry | undefined): (HistoryEntry & { result: ExperimentResult }) | undefined {
  return entry?.status === 'succeeded' && entry.result ? (entry as HistoryEntry & { result: ExperimentResult }) : undefined;
}

function versus(label: string, entry: HistoryEntry & { result: ExperimentResult }, result: ExperimentResult, metric: QualityMetric): string {
  const rate = (result.bitrateBps - entry.result.bitrateBps) / entry.result.bitrateBps;
  return `${signedPercent(rate)} bitrate at ${qualityChange(entry.result, result, metric)} vs ${label} (experiment ${entry.seq}, ${describeConfig(entry.config)})`;
}

/** What changed between two configs, in words. */
function configChange(from: HistoryEntry, to: HistoryEntry): string {
  const [x, y] = [from.config, to.config];
  if (x.strategy !== 'codec' || y.strategy !== 'codec') return x.strategy === y.strategy ? 'another parameter-storage fit' : `strategy ${x.strategy} -> ${y.strategy}`;
  const parts: string[] = [];
  if (x.encoder !== y.encoder) parts.push(`encoder ${x.encoder} -> ${y.encoder}`);
  if (x.preset !== y.preset) parts.push(`preset ${x.preset} -> ${y.preset}`);
  const a = x.rateControl;
  const b = y.rateControl;
  if (a.mode === 'crf' && b.mode === 'crf' && a.crf !== b.crf) parts.push(`CRF ${a.crf} -> ${b.crf} (${b.crf > a.crf ? 'coarser' : 'finer'} quantisation)`);
  else if (a.mode !== b.mode) parts.push(`rate control ${a.mode} -> ${b.mode}`);
  return parts.length ? parts.join(', ') : 'no change in the rate-relevant settings';
}

/**
 * What a parameter-storage fit stored and, against a codec baseline, whether it paid: the finding
 * the campaign keeps (the planner runs the strategy once per campaign, whatever it measured).
 */
function parameterStorageInsights(result: ExperimentResult, baseline: (HistoryEntry & { result: ExperimentResult }) | undefined): string[] {
  const p = result.parameterStorage!;
  const residual = p.residualBytes > 0 ? ` plus a ${p.residualBytes}-byte residual video` : '';
  const out = [`Stored a ${p.sceneBytes}-byte scene description${residual}; the description alone renders at ${p.fitPsnrAvg.toFixed(2)} dB PSNR. Layers: ${p.layers.join('; ') || 'none'}.`];
  if (p.notFitted.length) out.push(`Not fitted: ${p.notFitted.join('; ')}.`);
  if (baseline && baseline.config.strategy === 'codec') {
    const ratio = baseline.result.bytes / Math.max(1, result.bytes);
    const dq = result.psnr.avg - baseline.result.psnr.avg;
    out.push(
      ratio >= 1 && dq >= 0
        ? `Against the codec baseline: ${ratio.toFixed(1)}x fewer bytes at ${db(dq)} PSNR; the source is procedural enough for a fitted description.`
        : `Against the codec baseline: ${ratio >= 1 ? `${ratio.toFixed(1)}x fewer` : `${(1 / ratio).toFixed(1)}x more`} bytes at ${db(dq)} PSNR; the fit does not pay on this source, a finding this campaign keeps (the codec search goes on).`,
    );
  }
  return out;
}

/**
 * The planner's analysis of one experiment. Every sentence is built from measured numbers in the
 * history; the next step is the planner's own next proposal.
 */
export function analyseExperiment(context: CampaignContext, seq: number): Analysis {
  const entry = context.history.find((e) => e.seq === seq);
  if (!entry) throw new DomainError('invalid', 'ERR_UNKNOWN_EXPERIMENT', `experiment ${seq} is not in the history sent`);
  const remaining = context.maxExperiments - context.history.length;
  const next = remaining > 0 ? planNext(context) : undefined;
  const nextStep =
    next === undefined
      ? `Budget spent (${context.history.length} of ${context.maxExperiments} experiments); no further experiment.`
      : next.kind === 'stop'
        ? `Stop: ${next.reason}.`
        : `Next: ${describeConfig(next.proposal.config)}. ${next.proposal.hypothesis} Why: ${next.proposal.rationale}`;

  const result = measured(entry)?.result;
  if (!result) {
    const failure = entry.failure ?? { code: 'ERR_UNKNOWN', message: 'no result was recorded' };
    return {
      summary: `Experiment ${seq} (${describeConfig(entry.config)}) produced no measurement: ${failure.message}`,
      rootCause: `${failure.code}: ${failure.message}`,
      insights: ['A failed experiment is not evidence about rate or quality; the planner does not fit on it.'],
      nextStep,
      origin: 'planner',
    };
  }

  const { objective } = context;
  const { metric } = objective;
  const summary = [
    `Experiment ${seq} (${describeConfig(entry.config)}) measured ${mbps(result.bitrateBps)} (${describeTargetDistance(result, objective)})`,
    qualityFigures(result, metric),
    `${verdict({ ...entry, result }, objective)}.`,
  ].join(', ');

  const baseline = measured(context.history[0]);
  const previous = measured([...context.history].reverse().find((e) => e.seq < seq && e.status === 'succeeded'));
  const best = measured(bestEntry(context.history, objective));
  const insights: string[] = [];
  if (baseline && baseline.seq !== seq) insights.push(`${versus('baseline', baseline, result, metric)}.`);
  if (best && best.seq !== seq) insights.push(`${versus('best so far', best, result, metric)}.`);
  if (best && best.seq === seq) insights.push(`This is the best experiment so far (${qualityValue(result, metric)}).`);
  insights.push(`Encoded at ${result.encodeFps.toFixed(1)} fps; ${result.frames} of ${result.sourceFrames} source frames measured.`);
  if (result.parameterStorage) insights.push(...parameterStorageInsights(result, baseline && baseline.seq !== seq ? baseline : undefined));
  if (metric === 'vmaf' && !result.vmaf.available) insights.push(`VMAF not available (${result.vmaf.reason}); PSNR used instead.`);
  const checked = checkedResult(context, result);
  const probe = result.mode === 'probe';
  const check = predictionCheck(entry.prediction, checked);
  if (check) insights.push(predictionInsight('Predicted', entry.prediction!, check, probe));
  const plannerCheck = predictionCheck(entry.plannerPrediction, checked);
  if (plannerCheck) insights.push(predictionInsight("The planner's model of this config predicted", entry.plannerPrediction!, plannerCheck, probe));

  const rootCause = previous
    ? `Against experiment ${previous.seq}: ${configChange(previous, entry)}; bitrate ${signedPercent((result.bitrateBps - previous.result.bitrateBps) / previous.result.bitrateBps)}, quality ${qualityChange(previous.result, result, metric)}.`
    : 'First measured experiment of the campaign; it sets the reference point.';

  return { summary, rootCause, insights, nextStep, origin: 'planner', ...(check ? { predictionCheck: check } : {}), ...(plannerCheck ? { plannerPredictionCheck: plannerCheck } : {}) };
}
