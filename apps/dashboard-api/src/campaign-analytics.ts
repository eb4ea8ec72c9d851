import {
  armExperiments,
  bestMeetingEntry,
  encoderLabel,
  betterAnswer,
  comparableMetric as comparableResultsMetric,
  describeConfig,
  describeTargetDistance,
  nonDominated,
  objectiveViolations,
  qualityOf,
  signedPercent,
  distanceSize,
  toHistoryEntry,
  type Experiment,
  type ExperimentResult,
  type Objective,
  type QualityMetric,
  type VmafModel,
} from '@codec-lab/domain';

// Pure views of one campaign's experiments; the routes only fetch and hand them over.

type Measured = Experiment & { result: ExperimentResult };

const measured = (experiments: readonly Experiment[]): Measured[] =>
  experiments.filter((e): e is Measured => e.status === 'succeeded' && !!e.result);

/** Run on a sampled campaign's segments (probe mode): its figures estimate the whole source, never answer for it. */
const isProbe = (experiment: Experiment): boolean => !!experiment.probe;

/** The metric every point of a campaign is compared in (the domain's comparableMetric over its measured experiments). */
export function comparableMetric(experiments: readonly Experiment[], wanted: QualityMetric): QualityMetric {
  return comparableResultsMetric(measured(experiments).map((e) => e.result), wanted);
}

/** The model that scored the campaign's VMAF (its measured experiments share one), or null where none was scored. */
export function scoredVmafModel(experiments: readonly Experiment[]): VmafModel | null {
  for (const e of measured(experiments)) if (e.result.vmaf.available) return e.result.vmaf.model;
  return null;
}

const vmafMean = (result: ExperimentResult | undefined): number | null => (result?.vmaf.available ? result.vmaf.mean : null);

/**
 * Bitrate and quality per experiment in order, with the best so far in the same arm at each point:
 * the best full encode that meets the objective, null until one does (a probe is never the best).
 */
export function trend(experiments: readonly Experiment[], objective: Objective) {
  return experiments.map((experiment) => {
    const sameArm = armExperiments(experiments, experiment.arm).filter((e) => e.seq <= experiment.seq && !isProbe(e));
    const best = bestMeetingEntry(sameArm.map(toHistoryEntry), objective);
    return {
      seq: experiment.seq,
      arm: experiment.arm,
      status: experiment.status,
      origin: experiment.proposal.origin,
      probe: isProbe(experiment),
      encoder: encoderLabel(experiment.config),
      bitrateBps: experiment.result?.bitrateBps ?? null,
      psnr: experiment.result?.psnr.avg ?? null,
      ssim: experiment.result?.ssim.all ?? null,
      vmaf: vmafMean(experiment.result),
      bestSeq: best?.seq ?? null,
      bestBitrateBps: best?.result.bitrateBps ?? null,
    };
  });
}

/** The bitrate the charts draw as the target: the budget, a Pareto front's upper end; none for a quality target. */
export function targetBitrateBps(objective: Objective): number | null {
  if (objective.kind === 'quality-at-bitrate') return objective.targetBitrateMbps * 1e6;
  if (objective.kind === 'pareto') return objective.maxBitrateMbps * 1e6;
  return null;
}

/**
 * Every measured point, and the seqs of the full encodes that no other full encode beats on both
 * bitrate and quality (the domain's front, speed left out). Probes are points, flagged, never on the front.
 */
export function pareto(experiments: readonly Experiment[], metric: QualityMetric) {
  const points = measured(experiments).map((e) => ({
    seq: e.seq,
    arm: e.arm,
    origin: e.proposal.origin,
    probe: isProbe(e),
    label: describeConfig(e.config),
    bitrateBps: e.result.bitrateBps,
    quality: qualityOf(e.result, metric).value,
  }));
  const front = nonDominated(points.filter((p) => !p.probe).map((p) => ({ seq: p.seq, bitrateMbps: p.bitrateBps / 1e6, quality: p.quality, encodeFps: 0 })));
  return { points, front: front.map((p) => p.seq) };
}

/** "+0.40 dB": a signed difference with a fixed number of digits, and no "-0.00". */
function signedFixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  if (Number(text) === 0) return (0).toFixed(digits);
  return value > 0 ? `+${text}` : text;
}

/**
 * Measured experiments ranked: full encodes before probes (a probe's figures are estimates), and
 * within each those meeting the objective by the objective's own order (the higher quality, or the
 * smaller bitrate for a quality target), then the rest by distance to the target. A probe is
 * compared with the baseline's own probe where there is one (the same segments, the same bias).
 */
export function leaderboard(experiments: readonly Experiment[], objective: Objective) {
  const metric = comparableMetric(experiments, objective.metric);
  const baselines = measured(experiments).filter((e) => e.proposal.origin === 'baseline');
  const fullBaseline = baselines.find((e) => !isProbe(e));
  const probeBaseline = baselines.find(isProbe);
  const entries = measured(experiments).map((e) => {
    const baseline = isProbe(e) ? probeBaseline : fullBaseline;
    const bitrateChange = baseline ? (e.result.bitrateBps - baseline.result.bitrateBps) / baseline.result.bitrateBps : null;
    const psnrChange = baseline ? e.result.psnr.avg - baseline.result.psnr.avg : null;
    const vmaf = vmafMean(e.result);
    const baselineVmaf = vmafMean(baseline?.result);
    const vmafChange = vmaf !== null && baselineVmaf !== null ? vmaf - baselineVmaf : null;
    const violations = objectiveViolations(e, objective);
    // In a campaign compared in VMAF the change leads with VMAF points; PSNR is said beside it.
    const qualityChange = psnrChange === null ? '' : `${metric === 'vmaf' && vmafChange !== null ? `${signedFixed(vmafChange, 2)} VMAF, ` : ''}${signedFixed(psnrChange, 2)} dB PSNR`;
    const versusBaseline =
      e === baseline
        ? isProbe(e) ? "the baseline's probe" : 'baseline'
        : bitrateChange === null || psnrChange === null
          ? isProbe(e) ? "no measured probe of the baseline to compare with" : 'no measured baseline to compare with'
          : `${signedPercent(Number(bitrateChange.toFixed(3)))} bitrate at ${qualityChange} vs ${isProbe(e) ? "the baseline's probe" : 'baseline'}`;
    return {
      seq: e.seq,
      arm: e.arm,
      origin: e.proposal.origin,
      probe: isProbe(e),
      label: describeConfig(e.config),
      bitrateBps: e.result.bitrateBps,
      psnr: e.result.psnr.avg,
      psnrY: e.result.psnr.y,
      ssim: e.result.ssim.all,
      vmaf,
      bitrateChange,
      psnrChange,
      vmafChange,
      versusBaseline,
      targetDistance: describeTargetDistance(e.result, objective),
      meetsObjective: violations.length === 0,
      violations,
      encodeFps: e.result.encodeFps,
      result: e.result,
    };
  });
  entries.sort((a, b) => {
    if (a.probe !== b.probe) return a.probe ? 1 : -1;
    if (a.meetsObjective !== b.meetsObjective) return a.meetsObjective ? -1 : 1;
    if (a.meetsObjective) return betterAnswer(a.result, b.result, objective, metric) ? -1 : betterAnswer(b.result, a.result, objective, metric) ? 1 : a.seq - b.seq;
    return distanceSize(a.result, objective) - distanceSize(b.result, objective) || a.seq - b.seq;
  });
  return {
    baselineSeq: fullBaseline?.seq ?? null,
    metric,
    vmafModel: metric === 'vmaf' ? scoredVmafModel(experiments) : null,
    entries: entries.map(({ result: _result, ...entry }) => entry),
  };
}
