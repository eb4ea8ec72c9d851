import {
  bestEntry,
  describeConfig,
  ENCODERS,
  MAX_FILM_GRAIN,
  meetsObjective,
  PIXEL_FORMATS,
  qualityOf,
  signedPercent,
  TARGET_KBPS,
  TARGET_TOLERANCE,
  targetError,
  type CampaignContext,
  type EncoderName,
  type ExperimentResult,
  type HistoryEntry,
  type Objective,
  type VmafScore,
} from '@codec-lab/domain';
import { metricText, qualityText } from './quality-text.ts';

// The campaign as the model reads it: compact text built from measured numbers only. Everything
// here is derived from the context the orchestrator sent; nothing is estimated.

type Measured = HistoryEntry & { result: ExperimentResult };

const isMeasured = (entry: HistoryEntry): entry is Measured => entry.status === 'succeeded' && entry.result !== undefined;
const mbps = (bps: number) => (bps / 1e6).toFixed(3);

/** One measured experiment in a line: config, bitrate against the target, quality. */
export function measuredLine(entry: Measured, objective: Objective): string {
  const verdict = meetsObjective(entry.result, objective) ? 'meets the objective' : 'misses the objective';
  return `experiment ${entry.seq} (${describeConfig(entry.config)}): ${mbps(entry.result.bitrateBps)} Mbps (${signedPercent(targetError(entry.result, objective))} vs target), ${qualityText(entry.result, objective.metric)}, ${verdict}`;
}

/** The objective, the source and the budget, in a few lines. */
export function objectiveText(context: CampaignContext): string {
  const { objective, source } = context;
  const sourceText =
    source.kind === 'synthetic'
      ? `synthetic ${source.generator} ${source.width}x${source.height} at ${source.fps} fps, ${source.seconds} s`
      : `file ${source.path}`;
  return [
    `- Target bitrate: ${objective.targetBitrateMbps.toFixed(3)} Mbps (within +${(TARGET_TOLERANCE * 100).toFixed(0)}% counts as on target; under is allowed).`,
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

/** What the runners can do: one line per available encoder, then the limits shared by all. */
export function capabilitiesText(context: CampaignContext): string {
  // The runners' offer, as the orchestrator sent it, narrows the generic table.
  const lines = context.offer.encoders.map((offer) => `${encoderLine(offer.name)} On these runners: presets ${offer.presets.join(', ')}; pixelFormat ${offer.pixelFormats.join(' or ')}.`);
  const { offer } = context;
  lines.push(
    offer.vmafAvailable
      ? `- VMAF: measured by ffmpeg ${offer.meterFfmpegVersion} with libvmaf (models ${offer.vmafModels.join(', ')}); this campaign scores with ${context.vmaf.model}. Encoding is by ffmpeg ${offer.ffmpegVersion}.`
      : `- VMAF: not measured on these runners (their measuring ffmpeg ${offer.meterFfmpegVersion} has no libvmaf); a VMAF objective falls back to PSNR.`,
  );
  lines.push(
    `- Every encoder: kbps ${TARGET_KBPS.min}..${TARGET_KBPS.max}; gop 1..1000 frames; pixelFormat ${PIXEL_FORMATS.join(' or ')};`,
    '  width/height even, 16..7680 x 16..4320 (quality is measured at the source size after scaling back up).',
  );
  return lines.join('\n');
}

function statusCell(entry: HistoryEntry): string {
  if (entry.status !== 'failed') return entry.status;
  return `failed: ${entry.failure ? `${entry.failure.code} ${entry.failure.message}` : 'no reason recorded'}`.replace(/\|/g, '/');
}

/** The history as a table, oldest first. */
export function historyTable(context: CampaignContext): string {
  if (context.history.length === 0) return '(no experiment has run yet)';
  // A VMAF objective also shows the worst frames' score: a mean can hide a few bad frames.
  const lows = context.objective.metric === 'vmaf';
  const vmaf = (r: ExperimentResult | undefined, cell: (score: VmafScore) => number) => (r ? (r.vmaf.available ? cell(r.vmaf).toFixed(2) : 'n/a') : '-');
  const rows = context.history.map((entry) => {
    const r = isMeasured(entry) ? entry.result : undefined;
    const cells = [
      String(entry.seq),
      entry.origin,
      describeConfig(entry.config),
      r ? mbps(r.bitrateBps) : '-',
      r ? signedPercent(targetError(r, context.objective)) : '-',
      r ? r.psnr.avg.toFixed(2) : '-',
      r ? r.ssim.all.toFixed(4) : '-',
      vmaf(r, (score) => score.mean),
      ...(lows ? [vmaf(r, (score) => score.low1Percent)] : []),
      statusCell(entry),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  const titles = ['seq', 'origin', 'config', 'Mbps', 'vs target', 'PSNR dB', 'SSIM', `VMAF ${context.vmaf.model}`, ...(lows ? ['VMAF 1% low'] : []), 'status'];
  return [`| ${titles.join(' | ')} |`, `|${titles.map(() => '---|').join('')}`, ...rows].join('\n');
}

/** The best experiment so far, by the domain's own rule. */
export function bestText(context: CampaignContext): string {
  const best = bestEntry(context.history, context.objective);
  return best && isMeasured(best) ? measuredLine(best, context.objective) : '(nothing measured yet)';
}

/**
 * The measured experiments no other one beats on both bitrate (lower) and quality (higher, in the
 * objective's metric), cheapest first.
 */
export function paretoFront(history: readonly HistoryEntry[], objective: Objective): Measured[] {
  const points = history.filter(isMeasured).map((entry) => ({ entry, rate: entry.result.bitrateBps, q: qualityOf(entry.result, objective.metric).value }));
  const dominated = (p: (typeof points)[number]) =>
    points.some((o) => o !== p && o.rate <= p.rate && o.q >= p.q && (o.rate < p.rate || o.q > p.q));
  return points
    .filter((p) => !dominated(p))
    .sort((a, b) => a.rate - b.rate)
    .map((p) => p.entry);
}

/** The Pareto front, one line per point. */
export function paretoText(context: CampaignContext): string {
  const front = paretoFront(context.history, context.objective);
  return front.length ? front.map((entry) => `- ${measuredLine(entry, context.objective)}`).join('\n') : '(nothing measured yet)';
}

/** Failed experiments with their reasons. */
export function failuresText(context: CampaignContext): string {
  const failed = context.history.filter((entry) => entry.status === 'failed');
  if (!failed.length) return '(none)';
  return failed
    .map((entry) => `- experiment ${entry.seq} (${describeConfig(entry.config)}): ${entry.failure ? `${entry.failure.code}: ${entry.failure.message}` : 'no reason recorded'}`)
    .join('\n');
}

/** The hashes of every config already run, and of those refused in this round with the reasons. */
export function hashesText(context: CampaignContext, rejected: ReadonlyMap<string, string>): string {
  const lines = context.history.map((entry) => `- ${entry.configHash} experiment ${entry.seq}: ${describeConfig(entry.config)}`);
  for (const [hash, reason] of rejected) lines.push(`- ${hash} refused in this round: ${reason || 'no reason given'}`);
  return lines.length ? lines.join('\n') : '(none)';
}
