import {
  comparableMetric,
  formatQuality,
  measuredEntries,
  qualityOf,
  type CampaignContext,
  type Estimate,
  type ExperimentResult,
  type HistoryEntry,
  type Objective,
  type PlannerPriors,
  type ProbeCorrection,
  type QualityMetric,
  type TrackPrior,
} from '@codec-lab/domain';
import { bitrateCorrectionText, campaignProbeCorrection, DEFAULT_PROBE_CORRECTION, plannerCandidates, PRIOR_FLOORS, PRIORS, priorOf, predictedFull, probePairs, type Candidate } from '@codec-lab/planner';
import { vmafMeasured } from './quality-text.ts';

// What the lab knows, as the model reads it: the planner's predictions for its next candidates,
// what similar remembered sources taught, and how probes are corrected to full length. Every
// figure is the planner's or the lab's memory's, and each section says so: predictions and
// priors, never measurements of this campaign.

const mbps = (bps: number) => (bps / 1e6).toFixed(3);
const signed = (value: number, metric: QualityMetric) => `${value >= 0 ? '+' : ''}${formatQuality(value, metric)}`;
const UNIT: Readonly<Record<QualityMetric, string>> = { psnr: ' dB', ssim: '', vmaf: '' };

/** The metric the planner steers in: the objective's, or PSNR where VMAF was not measured everywhere. */
export function steeringMetric(context: CampaignContext): QualityMetric {
  const results = measuredEntries(context.history).map((e) => e.result);
  if (results.length === 0 && context.objective.metric === 'vmaf' && !context.offer.vmafAvailable) return 'psnr';
  return comparableMetric(results, context.objective.metric);
}

/** The campaign's probe correction: what it started with (the defaults without knowledge), updated by the pairs it measured. */
export function correctionInForce(context: CampaignContext): ProbeCorrection {
  return campaignProbeCorrection(context.knowledge?.probeCorrection ?? DEFAULT_PROBE_CORRECTION, context.history);
}

/** A probe's full-length estimate in a table cell: `0.195 / 38.30`; a full encode's: `-`. */
export function probeEstimateCell(result: ExperimentResult | undefined, correction: ProbeCorrection, metric: QualityMetric): string {
  if (result?.mode !== 'probe') return '-';
  const full = predictedFull(result, correction);
  const quality = qualityOf(full, metric);
  return `${mbps(full.bitrateBps)} / ${formatQuality(quality.value, quality.metric)}`;
}

/** The expected gain per second in the objective's unit, for the table's header and cells. */
function gainUnit(objective: Objective, metric: QualityMetric): string {
  if (objective.kind === 'bitrate-at-quality') return '% of bitrate per s';
  if (objective.kind === 'pareto') return 'hypervolume per s';
  return `${metric.toUpperCase()}${UNIT[metric]} per s`;
}

function gainCell(value: number, objective: Objective): string {
  // A quality target's gain is in ln(bitrate): x100 is, for gains this small, a percentage.
  const scaled = objective.kind === 'bitrate-at-quality' ? 100 * value : value;
  return scaled.toPrecision(2);
}

/** Where a candidate's numbers come from, in a word or two. */
function basisCell(c: Candidate): string {
  const fitted = /^fitted on (\d+) measured points/.exec(c.prediction.basis);
  if (fitted) return `fit on ${fitted[1]}`;
  if (c.prediction.basis.startsWith('one measured point')) return '1 point + prior';
  return c.prediction.basis.startsWith('loose') ? 'loose prior' : 'prior';
}

/**
 * The planner's candidates for the next experiment, most valuable first: the track, the CRF it
 * would run, and its predicted full-length bitrate, quality and encode time with their sigmas, and
 * the expected gain per second that ranks them.
 */
export function candidatesText(context: CampaignContext, rejected: ReadonlySet<string> = new Set()): string {
  const { candidates, considered, metric, none } = plannerCandidates(context, { rejected });
  if (candidates.length === 0) return `(none: ${none ?? 'the planner has no candidate'})`;
  const name = metric.toUpperCase();
  const rows = candidates.map((c) => {
    const p = c.prediction;
    return `| ${c.label} | ${c.crf} | ${mbps(p.bitrateBps)} +-${(100 * p.bitrateSigma).toFixed(0)}% | ${formatQuality(p.quality.value, metric)} +-${formatQuality(p.quality.sigma, metric)} | ${p.encodeSeconds.toFixed(2)} | ${gainCell(p.gainPerSecond ?? 0, context.objective)} | ${basisCell(c)} |`;
  });
  return [
    `Predictions of the planner's models, not measurements (full-length figures, quality in ${name}): its ${candidates.length} most valuable of ${considered} tracks still worth trying, each at the CRF it would run; the first is its own choice.`,
    `| track | CRF | Mbps +-sd | ${name} +-sd | encode s | gain (${gainUnit(context.objective, metric)}) | basis |`,
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** A prior's mean has moved notably when it shifted by at least this many of the default's standard deviations. */
const NOTABLE_SHIFT = 0.5;
const PRIOR_LINES = 6;

interface Shift {
  readonly text: string;
  /** The shift in the default's standard deviations. */
  readonly size: number;
}

function shiftOf(label: string, before: Estimate, after: Estimate, floor: number, format: (mean: number) => string): Shift | undefined {
  const size = Math.abs(after.mean - before.mean) / Math.max(before.sd, floor);
  return size >= NOTABLE_SHIFT ? { text: `${label} ${format(before.mean)} -> ${format(after.mean)}`, size } : undefined;
}

/** What a learned prior changed from the default, field by field, in the steering metric. */
function trackShifts(learned: TrackPrior, base: TrackPrior, metric: QualityMetric): Shift[] {
  const halving = (slope: number) => (slope < 0 ? (-Math.LN2 / slope).toFixed(1) : 'n/a');
  return [
    shiftOf('equivalent CRF', base.equivalentCrf, learned.equivalentCrf, PRIOR_FLOORS.equivalentCrf, (m) => m.toFixed(1)),
    shiftOf('bitrate halves every', base.rateSlope, learned.rateSlope, PRIOR_FLOORS.rateSlope, (m) => `${halving(m)} CRF`),
    shiftOf(`${metric.toUpperCase()} at equal bitrate`, base.gain[metric], learned.gain[metric], PRIOR_FLOORS.gain[metric], (m) => `${signed(m, metric)}${UNIT[metric]}`),
    shiftOf('encode time', base.logCost, learned.logCost, PRIOR_FLOORS.logCost, (m) => `x${Math.exp(m).toFixed(2)}`),
  ].filter((s): s is Shift => s !== undefined);
}

/** One line per track whose learned prior differs notably from the default (largest shift first), and tracks only the lab's memory has a prior for. */
function priorShiftLines(learned: PlannerPriors, metric: QualityMetric): string[] {
  const lines: Shift[] = [];
  for (const track of learned.tracks) {
    const base = priorOf(track.encoder, track.preset, PRIORS);
    const name = `${track.encoder} ${track.preset}`;
    if (!base) {
      lines.push({ text: `- ${name}: learned from remembered sources only (no default prior): equivalent CRF ${track.equivalentCrf.mean.toFixed(1)}, ${metric.toUpperCase()} at equal bitrate ${signed(track.gain[metric].mean, metric)}${UNIT[metric]}, encode time x${Math.exp(track.logCost.mean).toFixed(2)}`, size: Infinity });
      continue;
    }
    const shifts = trackShifts(track, base, metric);
    if (shifts.length) lines.push({ text: `- ${name}: ${shifts.map((s) => s.text).join('; ')}`, size: Math.max(...shifts.map((s) => s.size)) });
  }
  lines.sort((a, b) => b.size - a.size);
  const shown = lines.slice(0, PRIOR_LINES).map((l) => l.text);
  if (lines.length > PRIOR_LINES) shown.push(`- (${lines.length - PRIOR_LINES} more tracks shifted less)`);
  return shown;
}

/** Similar sources named one per line, most similar first (the priors weigh the others less). */
const SIMILAR_LINES = 5;

/** A remembered source's name within a few words: a long path keeps its end, where the file name is. */
const LABEL_CHARS = 40;
const shortLabel = (label: string) => (label.length <= LABEL_CHARS ? label : `...${label.slice(-(LABEL_CHARS - 3))}`);

const defaults = () => `its default priors (fitted on the clips ${PRIORS.clips.join(', ')})`;

/**
 * What similar remembered sources taught the lab: each with its similarity and what it found, and
 * the tracks whose learned priors differ notably from the defaults. Without knowledge (or with
 * nothing similar remembered), that the defaults are used.
 */
export function knowledgeText(context: CampaignContext): string {
  const { knowledge } = context;
  if (!knowledge) return `No lab knowledge came with this campaign: the planner uses ${defaults()} and the default probe correction.`;
  if (knowledge.similar.length === 0) return `No remembered source is similar to this one (${knowledge.recordsRead} memory records read): the planner uses ${defaults()}.`;
  const metric = steeringMetric(context);
  const ref = `${knowledge.priors.reference.encoder} ${knowledge.priors.reference.preset}`;
  const shifts = priorShiftLines(knowledge.priors, metric);
  const named = knowledge.similar.slice(0, SIMILAR_LINES);
  const rest = knowledge.similar.slice(SIMILAR_LINES);
  return [
    `Similar sources the lab remembers (${knowledge.recordsRead} memory records read; similarity 1 is the same content), what each measured, not this source:`,
    ...named.map((s) => `- ${shortLabel(s.label)} (similarity ${s.similarity.toFixed(2)}, ${s.points} points): ${s.finding}`),
    ...(rest.length ? [`- and ${rest.length} less similar (${rest.at(-1)!.similarity.toFixed(2)} to ${rest[0]!.similarity.toFixed(2)})`] : []),
    shifts.length
      ? `The planner's priors learned from them, where they differ notably from the defaults (relative to ${ref} on the same source):`
      : `The planner's priors learned from them differ little from the defaults (relative to ${ref}).`,
    ...shifts,
  ].join('\n');
}

/** The correction in a few words: `bitrate x0.932 (+-3%), PSNR +0.20 +-0.10 dB`. */
function correctionFigures(correction: ProbeCorrection, context: CampaignContext): string {
  const metrics: QualityMetric[] = ['psnr'];
  if (context.objective.metric === 'ssim') metrics.push('ssim');
  if (context.objective.metric === 'vmaf' && vmafMeasured(context)) metrics.push('vmaf');
  const quality = metrics.map((m) => `${m.toUpperCase()} ${signed(correction[m].mean, m)} +-${formatQuality(correction[m].sd, m)}${UNIT[m]}`);
  return [`bitrate ${bitrateCorrectionText(correction)}`, ...quality].join(', ');
}

const probesOf = (history: readonly HistoryEntry[]) => history.filter((e) => e.result?.mode === 'probe');

/**
 * The probe correction in force and, where the campaign has probes, what they are: estimates on
 * sampled segments, shown with their full-length estimates, never an answer.
 */
export function probesText(context: CampaignContext): string {
  const correction = correctionInForce(context);
  const start = context.knowledge?.probeCorrection;
  const own = probePairs(context.history).length;
  const learned = start && start.pairs > 0 ? `${start.pairs} probe/full pair(s) of similar remembered sources` : context.knowledge ? 'the default (no remembered pair: no correction, wide spreads)' : 'the default (no lab knowledge came with this campaign: no correction, wide spreads)';
  const source = own > 0 ? `${learned}, updated by ${own} pair(s) measured on this source` : learned;
  const inForce = `Probe correction in force (full-length figure = probe figure corrected): ${correctionFigures(correction, context)}; from ${source}.`;
  const probes = probesOf(context.history);
  if (probes.length === 0) return `No probe in this campaign: every figure is of a full encode.\n${inForce}`;
  const segments = probes[0]!.result!.segments;
  const sampled = segments?.length ? ` on ${segments.length} sampled segments of about ${(segments.reduce((a, s) => a + s.durationSeconds, 0) / segments.length).toFixed(1)} s` : ' on sampled segments';
  const finals = context.history.filter((e) => e.origin === 'final').map((e) => e.seq);
  return [
    `${probes.length} experiments are probes (objective "probe"): measured${sampled}, not the whole source, so their figures are estimates of it; the history shows each as measured and, under "full-length est.", corrected.`,
    inForce,
    `A probe is never an answer: that is a full encode of the config the probes chose (origin final${finals.length ? `: ${finals.map((s) => `#${s}`).join(', ')}` : ', none yet'}).`,
  ].join('\n');
}
