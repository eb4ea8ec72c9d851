import {
  bestMeetingEntry,
  closestEntry,
  describeConfig,
  describeTargetDistance,
  ENCODERS,
  formatQuality,
  MAX_FILM_GRAIN,
  nonDominated,
  objectiveViolations,
  paretoFront as objectiveFront,
  PIXEL_FORMATS,
  qualityOf,
  signedPercent,
  targetDistance,
  TARGET_KBPS,
  type CampaignContext,
  type EncoderName,
  type ExperimentResult,
  type HistoryEntry,
  type Objective,
  type Prediction,
  type VmafScore,
} from '@codec-lab/domain';
import { PROCEDURAL_BPP, PROCEDURAL_PSNR_DB, proceduralEvidence } from '@codec-lab/planner';
import { correctionInForce, probeEstimateCell, steeringMetric } from './knowledge-digest.ts';
import { allowedEncoder, allowedPixelFormats, objectiveLines } from './objective-text.ts';
import { metricLabel, metricText, qualityText } from './quality-text.ts';

// The campaign as the model reads it: compact text built from measured numbers only. Everything
// here is derived from the context the orchestrator sent; nothing is estimated.

type Measured = HistoryEntry & { result: ExperimentResult };

const isMeasured = (entry: HistoryEntry): entry is Measured => entry.status === 'succeeded' && entry.result !== undefined;
const mbps = (bps: number) => (bps / 1e6).toFixed(3);

/**
 * `meets the objective`, or `misses the objective: <why>`. The distance from the target is shown
 * beside it, so a reason that only repeats it (over the budget) is not said twice.
 */
function verdictText(entry: Measured, objective: Objective): string {
  if (entry.result.mode === 'probe') return 'a probe of sampled segments, never an answer';
  const distance = describeTargetDistance(entry.result, objective);
  const reasons = objectiveViolations(entry, objective);
  if (!reasons.length) return 'meets the objective';
  const others = reasons.filter((reason) => !reason.startsWith(distance));
  return others.length ? `misses the objective: ${others.join('; ')}` : 'misses the objective';
}

/** One measured experiment in a line: config, bitrate, quality, speed, distance from the target, verdict and why. */
export function measuredLine(entry: Measured, objective: Objective): string {
  const r = entry.result;
  return `experiment ${entry.seq} (${describeConfig(entry.config)}): ${mbps(r.bitrateBps)} Mbps, ${qualityText(r, objective.metric)}, ${r.encodeFps.toFixed(1)} fps (${describeTargetDistance(r, objective)}), ${verdictText(entry, objective)}`;
}

/** The objective, what answers it, its constraints, the metric, the source and the budget. */
export function objectiveText(context: CampaignContext): string {
  const { source } = context;
  const sourceText =
    source.kind === 'synthetic'
      ? `synthetic ${source.generator} ${source.width}x${source.height} at ${source.fps} fps, ${source.seconds} s`
      : source.kind === 'file'
        ? `file ${source.path}`
        : `object ${source.uri}`;
  return [
    ...objectiveLines(context),
    `- Quality metric: ${metricText(context)}`,
    `- Source: ${sourceText}.`,
    `- Budget: ${context.maxExperiments} experiments, ${context.history.length} run, ${Math.max(0, context.maxExperiments - context.history.length)} left.`,
  ].join('\n');
}

function encoderLine(name: EncoderName): string {
  const spec = ENCODERS[name];
  const options = Object.entries(spec.options).map(([key, o]) => `${key} (${o.integer ? 'integer' : 'number'} ${o.min}..${o.max}: ${o.help})`);
  return [
    `- ${name} (${spec.family}${spec.hardware ? ', hardware' : ''}):`,
    `presets ${spec.presets.join(', ')} (fastest first);`,
    `crf ${spec.crf.min}..${spec.crf.max} (default ${spec.crf.default}, lower is better quality);`,
    `bFrames ${spec.maxBFrames === null ? 'not settable (null)' : `0..${spec.maxBFrames}`};`,
    `tunes ${spec.tunes.length ? spec.tunes.join(', ') : 'none (null)'};`,
    `two-pass ${spec.twoPass ? 'yes' : 'no'};`,
    `filmGrain ${spec.filmGrain ? `0..${MAX_FILM_GRAIN}` : 'no (null)'};`,
    `options ${options.length ? options.join(', ') : 'none'}.`,
  ].join(' ');
}

/**
 * What the runners can do, narrowed to what the objective's constraints allow: one line per
 * allowed encoder, the runners' encoders the constraints exclude, then the limits shared by all.
 */
export function capabilitiesText(context: CampaignContext): string {
  const { objective, offer } = context;
  const allowed = offer.encoders.filter((e) => allowedEncoder(objective, e.name));
  const excluded = offer.encoders.filter((e) => !allowedEncoder(objective, e.name)).map((e) => e.name);
  const required = objective.constraints?.pixelFormat;
  const lines = allowed.map((e) => {
    const formats = allowedPixelFormats(objective, e.pixelFormats);
    return `${encoderLine(e.name)} On these runners: presets ${e.presets.join(', ')}; pixelFormat ${formats.length ? formats.join(' or ') : `none the constraints allow (they require ${required})`}.`;
  });
  if (!allowed.length) lines.push('- (no encoder on these runners is allowed by the constraints)');
  if (excluded.length) lines.push(`- Excluded by the constraints (on the runners, never to be proposed): ${excluded.join(', ')}.`);
  lines.push(
    offer.vmafAvailable
      ? `- VMAF: measured by ffmpeg ${offer.meterFfmpegVersion} with libvmaf (models ${offer.vmafModels.join(', ')}); this campaign scores with ${context.vmaf.model}. Encoding is by ffmpeg ${offer.ffmpegVersion}.`
      : `- VMAF: not measured on these runners (their measuring ffmpeg ${offer.meterFfmpegVersion} has no libvmaf); a VMAF objective falls back to PSNR.`,
  );
  lines.push(parameterStorageLine(context));
  lines.push(
    `- Every encoder: kbps ${TARGET_KBPS.min}..${TARGET_KBPS.max}; gop 1..1000 frames; pixelFormat ${required ? `${required} only (the constraints require it)` : PIXEL_FORMATS.join(' or ')};`,
    '  width/height even, 16..7680 x 16..4320 (quality is measured at the source size after scaling back up).',
  );
  return lines.join('\n');
}

/** The parameter_storage strategy in one line: excluded, not for this source (its baseline says camera-like), or what it is and its settings. */
function parameterStorageLine(context: CampaignContext): string {
  const constraints = context.objective.constraints;
  if (constraints?.encoders || (constraints?.pixelFormat && constraints.pixelFormat !== 'yuv420p')) return '- parameter_storage: excluded by the constraints (never to be proposed).';
  const evidence = proceduralEvidence(context);
  if (evidence && !evidence.procedural) {
    return `- parameter_storage: not for this source (baseline ${evidence.bpp.toFixed(3)} bits/pixel at ${evidence.psnr.toFixed(1)} dB; procedural is <= ${PROCEDURAL_BPP} at >= ${PROCEDURAL_PSNR_DB} dB).`;
  }
  return [
    '- parameter_storage (strategy "parameter_storage", not an encoder): fits a keyframed procedural scene (fill, linear/radial gradients, 2-D sinusoids, moving rects and ellipses, lines of text) to the frames and stores it in a few hundred bytes, plus an optional residual video for what the fit missed.',
    `  For computer-generated content only (a baseline at <= ${PROCEDURAL_BPP} bits per pixel and >= ${PROCEDURAL_PSNR_DB} dB); on camera video it loses, and a measured loss is a finding, not a retry.`,
    "  Settings: vocabulary (layer kinds), effort 1..5, positionBits 0..8, colorBits 0..6, phaseBits 4..16, residualCodec none|libx264|libx265|libsvtav1 with residualCrf in that codec's range. Whole source, yuv420p.",
  ].join('\n');
}

function statusCell(entry: HistoryEntry): string {
  if (entry.status !== 'failed') return entry.status;
  return `failed: ${entry.failure ? `${entry.failure.code} ${entry.failure.message}` : 'no reason recorded'}`.replace(/\|/g, '/');
}

const cell = (text: string) => text.replace(/\|/g, '/');

/** A prediction in a table cell: `0.125 +-10% / 91.50 +-0.80 / 0.12`. */
function predictionCell(p: Prediction): string {
  const { quality } = p;
  return `${mbps(p.bitrateBps)} +-${(p.bitrateSigma * 100).toFixed(0)}% / ${formatQuality(quality.value, quality.metric)} +-${formatQuality(quality.sigma, quality.metric)} / ${p.encodeSeconds.toFixed(2)}`;
}

/** A prediction in a few words: `0.125 Mbps +-10%, VMAF 91.50 +-0.80, 0.12 s`. */
export function predictionText(p: Prediction): string {
  const { quality } = p;
  return `${mbps(p.bitrateBps)} Mbps +-${(p.bitrateSigma * 100).toFixed(0)}%, ${quality.metric.toUpperCase()} ${formatQuality(quality.value, quality.metric)} +-${formatQuality(quality.sigma, quality.metric)}, ${p.encodeSeconds.toFixed(2)} s`;
}

/** The distance from the target in a table cell: `+15.0%` over a bitrate, `-2.00 VMAF` from a quality (the objective line names the target). */
function distanceCell(result: ExperimentResult, objective: Objective): string {
  const distance = targetDistance(result, objective);
  if (distance.kind === 'bitrate') return signedPercent(distance.fraction);
  return `${distance.delta > 0 ? '+' : ''}${formatQuality(distance.delta, distance.metric)} ${distance.metric.toUpperCase()}`;
}

/** The history as a table, oldest first: each measured row with its distance from the target and, when it misses the objective, why. */
export function historyTable(context: CampaignContext): string {
  if (context.history.length === 0) return '(no experiment has run yet)';
  const { objective } = context;
  // A VMAF objective also shows the worst frames' score: a mean can hide a few bad frames.
  const lows = objective.metric === 'vmaf';
  // What the planner predicted, beside what was measured, where any proposal carried a prediction
  // (a language model's proposal carries the planner's prediction for its config).
  const predictionOf = (entry: HistoryEntry) => entry.prediction ?? entry.plannerPrediction;
  const predicted = context.history.some((entry) => predictionOf(entry));
  // A probe's figures are of sampled segments: its full-length estimate (the probe correction in force) beside them.
  const probes = context.history.some((entry) => entry.result?.mode === 'probe');
  const correction = probes ? correctionInForce(context) : undefined;
  const metric = steeringMetric(context);
  const verdict = (entry: Measured) => (entry.result.mode === 'probe' ? 'probe' : verdictText(entry, objective).replace(' the objective', ''));
  const vmaf = (r: ExperimentResult | undefined, pick: (score: VmafScore) => number) => (r ? (r.vmaf.available ? pick(r.vmaf).toFixed(2) : 'n/a') : '-');
  const rows = context.history.map((entry) => {
    const r = isMeasured(entry) ? entry.result : undefined;
    const cells = [
      String(entry.seq),
      entry.origin,
      describeConfig(entry.config),
      r ? mbps(r.bitrateBps) : '-',
      r ? r.psnr.avg.toFixed(2) : '-',
      r ? r.ssim.all.toFixed(4) : '-',
      vmaf(r, (score) => score.mean),
      ...(lows ? [vmaf(r, (score) => score.low1Percent)] : []),
      r ? r.encodeFps.toFixed(1) : '-',
      r ? distanceCell(r, objective) : '-',
      isMeasured(entry) ? verdict(entry) : '-',
      ...(correction ? [probeEstimateCell(r, correction, metric)] : []),
      ...(predicted ? [predictionOf(entry) ? predictionCell(predictionOf(entry)!) : '-'] : []),
      statusCell(entry),
    ];
    return `| ${cells.map(cell).join(' | ')} |`;
  });
  const titles = ['seq', 'origin', 'config', 'Mbps', 'PSNR dB', 'SSIM', `VMAF ${context.vmaf.model}`, ...(lows ? ['VMAF 1% low'] : []), 'fps', 'vs target', 'objective', ...(correction ? [`full-length est. Mbps / ${metric.toUpperCase()}`] : []), ...(predicted ? ['predicted Mbps / quality / encode s'] : []), 'status'];
  return [`| ${titles.join(' | ')} |`, `|${titles.map(() => '---|').join('')}`, ...rows, ...parameterStorageLines(context.history)].join('\n');
}

/** What each parameter-storage experiment stored, below the table: the description's and the residual's bytes, the fit's own PSNR and its layers. */
function parameterStorageLines(history: readonly HistoryEntry[]): string[] {
  const stored = history.filter((e) => e.result?.parameterStorage);
  if (!stored.length) return [];
  return [
    '',
    ...stored.map((e) => {
      const p = e.result!.parameterStorage!;
      const missed = p.notFitted.length ? `; not fitted: ${p.notFitted.join('; ')}` : '';
      return `- experiment ${e.seq}, parameter storage: description ${p.sceneBytes} bytes, residual ${p.residualBytes} bytes, the description alone ${p.fitPsnrAvg.toFixed(2)} dB PSNR; layers: ${p.layers.join('; ') || 'none'}${missed}`;
    }),
  ];
}

/** The experiments that can be an answer: full encodes (a probe of sampled segments is an estimate of one). */
const fullEncodes = (history: readonly HistoryEntry[]) => history.filter((e) => e.result?.mode !== 'probe');
const probesLeftOut = (history: readonly HistoryEntry[]) => (history.some((e) => e.result?.mode === 'probe') ? ' (full encodes only: probes are estimates)' : '');

/** The best full encode that meets the objective; while none does, the closest to the target, said as such. */
export function bestText(context: CampaignContext): string {
  const { objective } = context;
  const history = fullEncodes(context.history);
  const best = bestMeetingEntry(history, objective);
  if (best) return measuredLine(best, objective);
  const closest = closestEntry(history, objective);
  if (closest) return `none meets the objective yet; the closest to the target is ${measuredLine(closest, objective)}`;
  return probesLeftOut(context.history) ? '(no full encode measured yet: probes are estimates, never an answer)' : '(nothing measured yet)';
}

/**
 * The measured experiments no other one beats on both bitrate (lower) and quality (higher, in the
 * objective's metric), cheapest first: the domain's front with every speed left equal.
 */
export function rateQualityFront(history: readonly HistoryEntry[], objective: Objective): Measured[] {
  const measured = history.filter(isMeasured);
  const points = measured.map((e) => ({ seq: e.seq, bitrateMbps: e.result.bitrateBps / 1e6, quality: qualityOf(e.result, objective.metric).value, encodeFps: 0 }));
  return nonDominated(points).map((p) => measured.find((e) => e.seq === p.seq)!);
}

/** A longer front is named by its experiments, whose rows the table has: the prompt stays within a small model's context. */
const FRONT_LINES = 12;

/**
 * The Pareto front, one line per point: for a Pareto objective the campaign's answer (bitrate x
 * quality x speed among the experiments that meet it) with its hypervolume, otherwise bitrate vs quality.
 */
export function paretoText(context: CampaignContext): string {
  const { objective } = context;
  const history = fullEncodes(context.history);
  const note = probesLeftOut(context.history);
  // The table beside it has each point's distance and verdict: a front line is the point alone.
  const line = (e: Measured) => `- experiment ${e.seq} (${describeConfig(e.config)}): ${mbps(e.result.bitrateBps)} Mbps, ${qualityText(e.result, objective.metric)}, ${e.result.encodeFps.toFixed(1)} fps`;
  if (objective.kind !== 'pareto') {
    const front = rateQualityFront(history, objective);
    const title = `Bitrate vs ${metricLabel(context)}; no other experiment is both cheaper and better${note}:`;
    return front.length ? [title, ...front.map(line)].join('\n') : note ? '(no full encode measured yet: probes are estimates)' : '(nothing measured yet)';
  }
  const answer = objectiveFront(history, objective);
  const measured = history.filter(isMeasured);
  if (!answer.front.length) return measured.length || note ? `(no experiment meets the objective yet: the front is empty, its hypervolume 0)${note}` : '(nothing measured yet)';
  const { reference, metric } = answer;
  return [
    `Bitrate x ${metric.toUpperCase()} x encode speed, among the experiments that meet the objective; no other is cheaper, better and faster together (the answer)${note}:`,
    ...(answer.front.length > FRONT_LINES
      ? [`- experiments ${answer.front.map((p) => p.seq).join(', ')} (their numbers are in the history table)`]
      : answer.front.map((p) => line(measured.find((e) => e.seq === p.seq)!))),
    `Hypervolume ${answer.hypervolume.toPrecision(4)} (Mbps x ${metric.toUpperCase()} x fps) from the corner ${mbps(reference.bitrateMbps * 1e6)} Mbps, ${metric.toUpperCase()} ${formatQuality(reference.quality, metric)}, 0 fps; a new point off the front raises it.`,
  ].join('\n');
}

/** Failed experiments with their reasons. */
export function failuresText(context: CampaignContext): string {
  const failed = context.history.filter((entry) => entry.status === 'failed');
  if (!failed.length) return '(none)';
  return failed
    .map((entry) => `- experiment ${entry.seq} (${describeConfig(entry.config)}): ${entry.failure ? `${entry.failure.code}: ${entry.failure.message}` : 'no reason recorded'}`)
    .join('\n');
}

/**
 * Every config already run, and those refused in this round with the reasons, each by the first
 * 12 hex digits of its hash (the repeat check quotes the same): the labels are what a model reads,
 * and 12 digits tell 50 configs apart as surely as 64 at a fifth of the prompt.
 */
export function hashesText(context: CampaignContext, rejected: ReadonlyMap<string, string>): string {
  const short = (hash: string) => hash.slice(0, 12);
  const lines = context.history.map((entry) => `- ${short(entry.configHash)} experiment ${entry.seq}: ${describeConfig(entry.config)}`);
  for (const [hash, reason] of rejected) lines.push(`- ${short(hash)} refused in this round: ${reason || 'no reason given'}`);
  return lines.length ? lines.join('\n') : '(none)';
}
