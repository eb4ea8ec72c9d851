import { BASELINE_CONFIG, bestEntry, configHash, describeConfig, ENCODERS, meetsObjective, offeredEncoders, TARGET_TOLERANCE, type CampaignContext, type EncoderName, type CodecConfig, type Proposal } from './domain.ts';
import { crfForBitrate, fitRateModel, halvingStep, predictBitrate, type RateModel } from './rate-model.ts';
import { describeTrack, slowerPreset, trackConfig, trackKey, trackOf, trackPoints, type Track } from './tracks.ts';

export type PlannerDecision = { kind: 'proposal'; proposal: Proposal } | { kind: 'stop'; reason: string };

const mbps = (bps: number) => `${(bps / 1e6).toFixed(3)} Mbps`;

/**
 * The quality the planner steers by, named for its hypotheses: the objective's metric (VMAF with
 * its model), or PSNR for a VMAF objective where the runners measure no VMAF (as qualityOf falls back).
 */
function steeringQuality(context: CampaignContext): string {
  const { metric } = context.objective;
  const scored = context.offer.vmafAvailable || context.history.some((e) => e.result?.vmaf.available);
  if (metric === 'vmaf') return scored ? `VMAF (${context.vmaf.model})` : 'PSNR (VMAF is not measured on these runners)';
  return metric.toUpperCase();
}
/** A track gets at most this many experiments; one that cannot reach the target by then is left. */
const MAX_POINTS_PER_TRACK = 3;

interface Situation {
  readonly context: CampaignContext;
  readonly targetBps: number;
  readonly fresh: (config: CodecConfig) => boolean;
  readonly remaining: number;
}

/**
 * The built-in planner: deterministic and model-based, as the best encoder-search tools work.
 * It fits ln(bitrate) against CRF per track (a config without its CRF: encoder, preset, size, gop,
 * B-frames and every other setting; see Track) from the campaign's own measurements and
 * interpolates the CRF that hits the target; once a track is on target it widens
 * the search (a slower preset, more efficient encoders, a smaller size when bits are scarce),
 * placing each new track with measured cross-encoder priors; it stops early when every candidate
 * has been tried and the objective is met. With one experiment left it refines rather than explores.
 */
export function planNext(context: CampaignContext, rejected: ReadonlySet<string> = new Set()): PlannerDecision {
  const tried = new Set([...context.history.map((e) => e.configHash), ...rejected]);
  const situation: Situation = {
    context,
    targetBps: (context.objective as { targetBitrateMbps: number }).targetBitrateMbps * 1e6,
    fresh: (config) => !tried.has(configHash(config)),
    remaining: context.maxExperiments - context.history.length,
  };
  if (context.history.length === 0 && situation.fresh(BASELINE_CONFIG)) {
    return propose(BASELINE_CONFIG, 'Baseline: libx264 medium CRF 23, the reference every later experiment is compared with.', 'No measurement yet.');
  }

  const tracks = measuredTracks(context);
  if (tracks.length === 0) return unmeasured(situation);
  const current = tracks.at(-1);
  if (current && !settled(situation, current)) {
    const refine = refineTrack(situation, current);
    if (refine) return refine;
  }
  const best = bestEntry(context.history, context.objective);
  const bestTrack = best && trackOf(best.config);
  if (situation.remaining <= 1 && bestTrack && best.result) {
    if (!meetsObjective(best.result, context.objective)) {
      const refine = refineTrack(situation, bestTrack);
      if (refine) return refine;
    }
    // One experiment left and the objective met: the safe bet is more encoder effort at the same rate.
    const slower = slowerPreset(bestTrack);
    const config = slower && (best.config as CodecConfig).rateControl.mode === 'crf' ? trackConfig({ ...bestTrack, preset: slower }, ((best.config as CodecConfig).rateControl as { crf: number }).crf) : undefined;
    if (config && situation.fresh(config)) {
      return propose(
        config,
        `${describeConfig(config)} should keep the bitrate of experiment ${best.seq} (${mbps(best.result.bitrateBps)}) and raise its ${steeringQuality(context)}: a slower preset searches harder at the same CRF.`,
        'One experiment is left: not enough to place and refine a new encoder, so it goes to encoder effort on the best configuration.',
      );
    }
    return { kind: 'stop', reason: `one experiment left and no safe improvement on experiment ${best.seq} (${describeConfig(best.config)})` };
  }
  for (const candidate of candidates(situation, tracks)) {
    const proposal = exploreTrack(situation, candidate, tracks);
    if (proposal) return proposal;
  }
  for (const track of [...tracks].reverse()) {
    const refine = refineTrack(situation, track);
    if (refine && !settled(situation, track)) return refine;
  }
  const met = best?.result && meetsObjective(best.result, context.objective);
  return {
    kind: 'stop',
    reason: met
      ? `objective met by experiment ${best.seq} (${describeConfig(best.config)}); every candidate encoder, preset and size has been tried, so nothing better is expected`
      : 'no untried configuration is expected to reach the objective',
  };
}

/**
 * Nothing measured yet (the baseline is still queued in a batched round, or failed): spread CRFs
 * around the encoder's default, four steps apart, so that a round brackets the rate curve.
 */
function unmeasured(situation: Situation): PlannerDecision {
  const offered = offeredEncoders(situation.context.offer);
  const encoder = offered.includes(BASELINE_CONFIG.encoder) ? BASELINE_CONFIG.encoder : offered[0];
  if (!encoder) return { kind: 'stop', reason: 'the runners offer no encoder' };
  const track: Track = { encoder, preset: encoder === BASELINE_CONFIG.encoder ? BASELINE_CONFIG.preset : ENCODERS[encoder].priors.explorePreset };
  const { min, max, default: centre } = ENCODERS[encoder].crf;
  const spread = [0, 4, -4, 8, -8, 12, -12].map((d) => centre + d).filter((c) => c >= min && c <= max);
  for (const crf of [...spread, ...crfCandidates(track, centre)]) {
    const config = trackConfig(track, crf);
    if (situation.fresh(config)) {
      return propose(
        config,
        `${describeConfig(config)} brackets the rate curve of ${describeTrack(track)} before any measurement is in.`,
        'No experiment of this campaign has been measured yet; CRFs four steps apart around the encoder default give the rate model its first points.',
      );
    }
  }
  return { kind: 'stop', reason: `every ${describeTrack(track)} CRF has been tried without a measurement` };
}

/** Tracks in the order they were first measured. */
function measuredTracks(context: CampaignContext): Track[] {
  const seen = new Map<string, Track>();
  for (const entry of context.history) {
    const track = trackOf(entry.config);
    if (track && entry.status === 'succeeded' && !seen.has(trackKey(track))) seen.set(trackKey(track), track);
  }
  return [...seen.values()];
}

function modelOf(situation: Situation, track: Track): RateModel | undefined {
  const points = trackPoints(situation.context.history, track);
  const model = fitRateModel(track.encoder, points);
  if (model?.basis !== 'prior') return model;
  // One point, anchored with the encoder's prior slope. Another preset or size of the same encoder
  // that has been fitted knows this encoder's slope on this source better than the prior does.
  const sibling = measuredTracks(situation.context)
    .filter((t) => t.encoder === track.encoder && trackKey(t) !== trackKey(track))
    .map((t) => fitRateModel(t.encoder, trackPoints(situation.context.history, t)))
    .find((m) => m?.basis === 'fitted');
  if (!sibling) return model;
  const point = points[0]!;
  return { intercept: Math.log(point.bitrateBps) - sibling.slope * point.crf, slope: sibling.slope, points: 1, basis: 'prior' };
}

/** On target (within the tolerance either side), out of attempts, or unable to reach the target. */
function settled(situation: Situation, track: Track): boolean {
  const points = trackPoints(situation.context.history, track);
  if (points.some((p) => Math.abs(p.bitrateBps / situation.targetBps - 1) <= TARGET_TOLERANCE)) return true;
  if (points.length >= MAX_POINTS_PER_TRACK) return true;
  const model = modelOf(situation, track);
  const { min, max } = ENCODERS[track.encoder].crf;
  const ideal = model ? crfForBitrate(model, situation.targetBps) : NaN;
  if (!Number.isFinite(ideal) || ideal > max + 2 || ideal < min - 2) return true;
  // CRF is an integer: once both CRFs either side of the answer are measured, none is closer.
  const measured = new Set(points.map((p) => p.crf));
  return measured.has(Math.floor(ideal)) && measured.has(Math.ceil(ideal));
}

/** CRFs in the encoder's range, nearest the model's (fractional) answer first. */
function crfCandidates(track: Track, ideal: number): number[] {
  const { min, max } = ENCODERS[track.encoder].crf;
  const target = Math.min(max, Math.max(min, ideal));
  return Array.from({ length: max - min + 1 }, (_, i) => min + i).sort((a, b) => Math.abs(a - target) - Math.abs(b - target) || a - b);
}

function modelText(model: RateModel, track: Track): string {
  const basis = model.basis === 'fitted' ? `fitted on ${model.points} measured points` : `one measured point and the ${track.encoder} prior slope`;
  return `the ${describeTrack(track)} rate model ln(bitrate) = ${model.intercept.toFixed(3)} ${model.slope.toFixed(4)} x CRF (${basis}; bitrate halves every ${halvingStep(model).toFixed(1)} CRF)`;
}

function refineTrack(situation: Situation, track: Track): PlannerDecision | undefined {
  const model = modelOf(situation, track);
  if (!model) return undefined;
  const ideal = crfForBitrate(model, situation.targetBps);
  for (const crf of crfCandidates(track, ideal)) {
    const config = trackConfig(track, crf);
    if (!situation.fresh(config)) continue;
    const expected = predictBitrate(model, crf);
    return propose(
      config,
      `${describeConfig(config)} should land near the ${mbps(situation.targetBps)} target (predicted ${mbps(expected)}).`,
      `${modelText(model, track)} puts the target at CRF ${ideal.toFixed(2)}; CRF ${crf} is the nearest one not yet run.`,
      expected,
    );
  }
  return undefined;
}

/** New tracks worth trying, most promising first; none while fewer than two experiments remain. */
function candidates(situation: Situation, tracks: readonly Track[]): Track[] {
  if (situation.remaining < 2 || tracks.length === 0) return [];
  const reference = tracks[0]!;
  const known = new Set(tracks.map(trackKey));
  const available = offeredEncoders(situation.context.offer).filter((e) => !ENCODERS[e].hardware);
  const list: Track[] = [];
  const referenceModel = modelOf(situation, reference);
  const source = sourceSize(situation.context);
  // Starved of bits (the target needs a CRF far above the encoder's default): a smaller picture
  // usually looks better than a blocky full-size one, and matters more than anything else here.
  if (referenceModel && source && crfForBitrate(referenceModel, situation.targetBps) > ENCODERS[reference.encoder].crf.default + 8) {
    const even = (n: number) => Math.max(16, 2 * Math.round((n * 0.75) / 2));
    list.push({ ...reference, resolution: { width: even(source.width), height: even(source.height) } });
  }
  // Newer encoders gain more at the same rate than a slower preset does; the slowest ones last.
  const encoder = (name: EncoderName) => (available.includes(name) && name !== reference.encoder ? [{ encoder: name, preset: ENCODERS[name].priors.explorePreset }] : []);
  // More effort goes where it pays most: the best track so far.
  const best = bestEntry(situation.context.history, situation.context.objective);
  const effortTrack = (best && trackOf(best.config)) ?? reference;
  const slower = slowerPreset(effortTrack);
  list.push(...encoder('libsvtav1'), ...encoder('libx265'), ...(slower ? [{ ...effortTrack, preset: slower }] : []), ...encoder('libvpx-vp9'), ...encoder('libaom-av1'));
  return list.filter((t) => !known.has(trackKey(t)));
}

/** Places the first experiment of a new track from the reference track's model and the priors. */
function exploreTrack(situation: Situation, track: Track, tracks: readonly Track[]): PlannerDecision | undefined {
  const reference = tracks[0]!;
  const refModel = modelOf(situation, reference);
  if (!refModel) return undefined;
  const refIdeal = crfForBitrate(refModel, situation.targetBps);
  const from = ENCODERS[reference.encoder].priors;
  const to = ENCODERS[track.encoder].priors;
  // Same bitrate ratio against each encoder's "x264 CRF 23" point, in each encoder's own CRF steps.
  let ideal = to.equivalentCrf + (refIdeal - from.equivalentCrf) * (to.halvingStep / from.halvingStep);
  if (track.encoder === reference.encoder) ideal = refIdeal;
  const source = sourceSize(situation.context);
  if (track.resolution && source) {
    const pixels = (track.resolution.width * track.resolution.height) / (source.width * source.height);
    // At the same CRF, bitrate falls roughly as pixels^0.75: spend that saving on a lower CRF.
    ideal += (0.75 * Math.log(pixels)) / (Math.LN2 / to.halvingStep);
  }
  for (const crf of crfCandidates(track, ideal)) {
    const config = trackConfig(track, crf);
    if (!situation.fresh(config)) continue;
    return propose(
      config,
      `${describeConfig(config)} should reach about the ${mbps(situation.targetBps)} target at a higher ${steeringQuality(situation.context)} than ${describeTrack(reference)}.`,
      `${describeTrack(reference)} is on target near CRF ${refIdeal.toFixed(1)}; the measured ${track.encoder} prior (same bitrate as x264 CRF 23 at CRF ${to.equivalentCrf}, halving every ${to.halvingStep} CRF) places the target at CRF ${ideal.toFixed(1)}.`,
    );
  }
  return undefined;
}

/** The source's size: given for synthetic sources, measured (full-size encodes) for files. */
function sourceSize(context: CampaignContext): { width: number; height: number } | undefined {
  if (context.source.kind === 'synthetic') return context.source;
  const full = context.history.find((e) => e.result && !(e.config as CodecConfig).resolution);
  return full?.result ? { width: full.result.width, height: full.result.height } : undefined;
}

function propose(config: CodecConfig, hypothesis: string, rationale: string, expectedBitrateBps?: number): PlannerDecision {
  return { kind: 'proposal', proposal: { hypothesis, rationale, config, expectedBitrateBps, origin: 'planner', validationErrors: [] } };
}
