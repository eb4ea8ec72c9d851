import {
  BASELINE_CONFIG,
  bestMeetingEntry,
  comparableMetric,
  configHash,
  describeConfig,
  describeObjective,
  ENCODERS,
  formatQuality,
  measuredEntries,
  offeredEncoders,
  offerProblems,
  qualityOf,
  type CampaignContext,
  type CodecConfig,
  type ExperimentConfig,
  type Prediction,
  type Proposal,
  type QualityMetric,
} from '@codec-lab/domain';
import { pFastEnough, trackAnswer, valuate, worthwhile, type Standing, type Valuation } from './acquisition.ts';
import { plannerView } from './memory/probe-correction.ts';
import { normalCdf } from './normal.ts';
import { PRIORS, priorOf, type PlannerPriors } from './priors.ts';
import { standingOf } from './standing.ts';
import { buildModels, type TrackModel } from './track-model.ts';
import { parameterStorageStep } from './parameter-storage.ts';
import { describeTrack, trackConfig, trackKey, trackOf, type Track } from './tracks.ts';

export type PlannerDecision = { kind: 'proposal'; proposal: Proposal } | { kind: 'stop'; reason: string };

/** One experiment valued: what it is expected to gain, per second of encoding plus measuring. */
export interface Scored {
  readonly model: TrackModel;
  readonly config: CodecConfig;
  readonly valuation: Valuation;
  readonly seconds: number;
  readonly score: number;
}

/** A track's best next experiment, and the track's value: its answer's expected gain per second of finding it. */
export interface TrackOption {
  readonly step: Scored;
  readonly gain: number;
  readonly value: number;
}

/** Below this probability of meeting the objective's speed constraints a track is not tried. */
const TOO_SLOW = 0.25;

/** A proposed experiment should be more likely than not to count as an answer, unless only a less likely one of a measured track can gain. */
const LIKELY_ANSWER = 0.5;

const mbps = (bps: number) => `${(bps / 1e6).toFixed(3)} Mbps`;

/**
 * The built-in planner: deterministic and model-based. Per track (encoder, preset and every other
 * setting but the CRF) it models ln(bitrate) against CRF and quality against ln(bitrate) from the
 * campaign's own measurements, and places tracks it has not measured from the measured ones with
 * priors (what the lab learned from similar sources, `context.knowledge`, else the defaults fitted
 * on other clips, `PRIORS`), each prediction with an uncertainty and an encode cost.
 * Every next experiment is the (track, CRF) whose expected improvement of the campaign's answer,
 * per second it costs, is highest: slow presets and other encoders are tried when what they are
 * expected to gain is worth their time. It stops when no candidate is expected to improve the
 * answer by a noticeable amount.
 */
export function planNext(context: CampaignContext, rejected: ReadonlySet<string> = new Set(), priors: PlannerPriors = context.knowledge?.priors ?? PRIORS): PlannerDecision {
  return planOn(plannerView(context), rejected, priors);
}

/**
 * What planNext models once something is measured, on the planner's view of the campaign: the
 * candidate tracks, their models, and where the campaign stands.
 */
export interface PlannerModels {
  /** The planner's view of the campaign (`plannerView`: probes as the full-length figures they predict). */
  readonly view: CampaignContext;
  readonly priors: PlannerPriors;
  /** The metric the campaign is steered in (PSNR where VMAF is not measured everywhere). */
  readonly metric: QualityMetric;
  readonly tracks: readonly Track[];
  readonly models: readonly TrackModel[];
  readonly standing: Standing;
  /** Seconds an experiment costs besides its encode (`slotSeconds`). */
  readonly overhead: number;
  /** The smallest expected improvement worth an experiment. */
  readonly floor: number;
}

/** The models, and every track still worth trying with its best next experiment, most valuable first (the first is what planNext proposes). */
export interface Weighing extends PlannerModels {
  readonly options: readonly TrackOption[];
}

/**
 * The planner's models of the campaign, exactly as planNext builds them; undefined before anything
 * is measured, or where the objective's target is in a metric nothing measured.
 */
export function plannerModels(context: CampaignContext, priors: PlannerPriors = context.knowledge?.priors ?? PRIORS): PlannerModels | undefined {
  const view = plannerView(context);
  const metric = steeringMetric(view);
  return metric ? modelsOf(view, metric, priors) : undefined;
}

/** The planner's weighing of the campaign's next experiment, exactly as planNext does it (undefined as for `plannerModels`). */
export function trackOptions(context: CampaignContext, rejected: ReadonlySet<string> = new Set(), priors: PlannerPriors = context.knowledge?.priors ?? PRIORS): Weighing | undefined {
  const view = plannerView(context);
  const metric = steeringMetric(view);
  return metric ? weigh(view, metric, freshness(view, rejected), priors) : undefined;
}

/** One track's best next experiment and value as planNext weighs it, or nothing where it has nothing worth running. */
export function optionOf(models: PlannerModels, model: TrackModel, rejected: ReadonlySet<string> = new Set()): TrackOption | undefined {
  return trackOption(model, models.standing, freshness(models.view, rejected), models.overhead, models.floor);
}

/** Configs planNext may still propose: neither run nor refused, and runnable on the offer. */
function freshness(context: CampaignContext, rejected: ReadonlySet<string>): (config: ExperimentConfig) => boolean {
  const tried = new Set([...context.history.map((e) => e.configHash), ...rejected]);
  return (config) => !tried.has(configHash(config)) && offerProblems(config, context.offer).length === 0;
}

/** The metric the campaign is steered in, or undefined where a quality target's metric was not measured. */
function steeringMetric(context: CampaignContext): QualityMetric | undefined {
  const metric = comparableMetric(measuredEntries(context.history).map((e) => e.result), context.objective.metric);
  return context.objective.kind === 'bitrate-at-quality' && metric !== context.objective.metric ? undefined : metric;
}

function modelsOf(context: CampaignContext, metric: QualityMetric, priors: PlannerPriors): PlannerModels | undefined {
  const tracks = candidateTracks(context, priors);
  const models = buildModels(context.history, tracks, metric, priors);
  if (!models.some((m) => m.points.length > 0)) return undefined;
  const standing = standingOf(context, metric);
  return { view: context, priors, metric, tracks, models, standing, overhead: slotSeconds(context, models), floor: worthwhile(standing) };
}

function weigh(context: CampaignContext, metric: QualityMetric, fresh: (config: ExperimentConfig) => boolean, priors: PlannerPriors): Weighing | undefined {
  const modelled = modelsOf(context, metric, priors);
  if (!modelled) return undefined;
  const { models, standing, overhead, floor } = modelled;
  const options = models.map((model) => trackOption(model, standing, fresh, overhead, floor)).filter((o): o is TrackOption => o !== undefined);
  options.sort((a, b) => b.value - a.value || a.step.seconds - b.step.seconds);
  return { ...modelled, options };
}

/** planNext on the planner's view of the campaign (probes as the full-length figures they predict). */
function planOn(context: CampaignContext, rejected: ReadonlySet<string>, priors: PlannerPriors): PlannerDecision {
  const fresh = freshness(context, rejected);
  const opening = context.history.length === 0 ? openingConfig(context, priors) : undefined;
  if (opening && fresh(opening)) {
    return propose(opening, `Baseline: ${describeConfig(opening)}, the reference every later experiment is compared with.`, 'No measurement yet.');
  }
  const procedural = parameterStorageStep(context, fresh);
  if (procedural) return propose(procedural.config, procedural.hypothesis, procedural.rationale);
  const metric = steeringMetric(context);
  if (!metric) {
    return { kind: 'stop', reason: `the target is in ${context.objective.metric.toUpperCase()}, which these experiments did not measure` };
  }
  const weighed = weigh(context, metric, fresh, priors);
  if (!weighed) return unmeasured(context, candidateTracks(context, priors), fresh, priors);
  const { options, standing, floor } = weighed;
  const top = options[0];
  if (!top) {
    const best = bestMeetingEntry(context.history, context.objective);
    return {
      kind: 'stop',
      reason: best
        ? `no untried configuration is expected to improve on experiment ${best.seq} (${describeConfig(best.config)}) by more than ${gainText(floor, standing)}`
        : 'no untried configuration is expected to meet the objective',
    };
  }
  return proposeScored(top, options, standing, context);
}

/** Running `crf` on the track of `model`, valued: its expected gain per second of encoding plus `overhead`, discounted by its odds of being fast enough. */
export function scoreStep(model: TrackModel, crf: number, standing: Standing, overhead: number, config: CodecConfig = trackConfig(model.track, crf)): Scored {
  const seconds = model.expectedEncodeSeconds();
  const valuation = valuate(model, crf, standing);
  return { model, config, valuation, seconds, score: (valuation.gain * pFastEnough(model, standing)) / (seconds + overhead) };
}

/**
 * What the planner expects `step` to measure, as a proposal carries it: its bitrate (the sigma of its
 * ln as the fraction), its quality in the steering metric, its encode seconds, and `gainPerSecond`.
 */
export function stepPrediction(step: Scored, metric: QualityMetric, gainPerSecond: number): Prediction {
  const { valuation, model, seconds } = step;
  return {
    bitrateBps: Math.exp(valuation.lnRate.mean),
    bitrateSigma: valuation.lnRate.sigma,
    quality: { value: valuation.quality.mean, sigma: valuation.quality.sigma, metric },
    encodeSeconds: seconds,
    gainPerSecond: Math.max(0, gainPerSecond),
    basis: model.basis(),
  };
}

/** A track's best next experiment and the track's value, or nothing where the track has nothing worth running. */
function trackOption(model: TrackModel, standing: Standing, fresh: (config: ExperimentConfig) => boolean, overhead: number, floor: number): TrackOption | undefined {
  const seconds = model.expectedEncodeSeconds();
  const fast = pFastEnough(model, standing);
  // A track expected to break a speed constraint is left; one that may meet it is discounted.
  if (fast < TOO_SLOW) return undefined;
  const { min, max } = ENCODERS[model.track.encoder].crf;
  const steps: Scored[] = [];
  for (let crf = min; crf <= max; crf++) {
    const config = trackConfig(model.track, crf);
    if (!fresh(config) || hopeless(model, crf, standing)) continue;
    steps.push(scoreStep(model, crf, standing, overhead, config));
  }
  // The CRF to run: the most valuable of those likely to count as an answer. Without that floor a
  // very uncertain track's value is all in its tails (a CRF far past the target that would be a
  // bargain if it happened to meet it).
  const best = (xs: readonly Scored[]) => xs.reduce<Scored | undefined>((top, x) => (!top || x.score > top.score ? x : top), undefined);
  const likely = best(steps.filter((x) => standing.objective.kind === 'pareto' || x.valuation.pAnswer >= LIKELY_ANSWER));
  // Where no likely CRF of a measured track gains anything (its answer sits between a measured CRF
  // and an untried one that may just miss), the untried one is the step, likely or not.
  const refine = model.points.length > 0 ? best(steps.filter((x) => x.valuation.gain >= floor)) : undefined;
  const step = likely && likely.valuation.gain >= floor ? likely : refine;
  // A track is ranked by what its own answer is expected to gain per second of finding it (several
  // experiments, when its curve near the target is uncertain); Pareto by the next point's gain.
  const answer = trackAnswer(model, standing);
  if (!step || answer?.resolved) return undefined;
  const gain = answer ? answer.gain : step.valuation.gain;
  const value = answer ? (answer.gain * fast) / (answer.experiments * (seconds + overhead)) : step.score;
  return Math.max(gain, step.valuation.gain) >= floor ? { step, gain, value } : undefined;
}

/**
 * A CRF not worth valuing: almost surely over the ceiling, under a fifth of a budget (its quality
 * is far below what the budget buys), or far above the bitrate of the answer it would have to beat.
 */
function hopeless(model: TrackModel, crf: number, standing: Standing): boolean {
  const rate = model.lnRateAt(crf);
  const sigma = Math.max(rate.sigma, 1e-6);
  if (normalCdf((standing.lnCeiling - rate.mean) / sigma) < 0.005) return true;
  if (standing.objective.kind === 'quality-at-bitrate' && rate.mean < standing.lnCeiling - 1.6) return true;
  return standing.objective.kind === 'bitrate-at-quality' && standing.incumbent !== undefined && rate.mean - 3 * sigma > standing.incumbent.lnRate;
}

/** The baseline where the objective allows it, else the cheapest allowed encoder at its default CRF. */
function openingConfig(context: CampaignContext, priors: PlannerPriors): ExperimentConfig | undefined {
  const tracks = candidateTracks(context, priors);
  const baselineTrack = trackOf(BASELINE_CONFIG)!;
  const allowed = tracks.find((t) => trackKey(t) === trackKey({ ...baselineTrack, ...(t.pixelFormat ? { pixelFormat: t.pixelFormat } : {}) }));
  if (allowed) return trackConfig(allowed, BASELINE_CONFIG.rateControl.mode === 'crf' ? BASELINE_CONFIG.rateControl.crf : 23);
  const cheapest = cheapestTrack(tracks, priors);
  return cheapest ? trackConfig(cheapest, ENCODERS[cheapest.encoder].crf.default) : undefined;
}

/** The track the priors expect to encode fastest (one without a prior, last). */
function cheapestTrack(tracks: readonly Track[], priors: PlannerPriors): Track | undefined {
  const cost = (track: Track) => priorOf(track.encoder, track.preset, priors)?.logCost.mean ?? 1e9;
  return [...tracks].sort((a, b) => cost(a) - cost(b))[0];
}

/**
 * Tracks the planner may propose: every track with a prior, on an encoder the runners offer and
 * the objective allows (CPU encoders: no prior was fitted on a GPU), in the constrained pixel
 * format; and every track the campaign has measured that the objective allows, so that a track an
 * LLM or a person opened is refined too.
 */
function candidateTracks(context: CampaignContext, priors: PlannerPriors): Track[] {
  const { constraints } = context.objective;
  const offered = new Set(offeredEncoders(context.offer));
  const allowed = (track: Track) => offered.has(track.encoder) && (!constraints?.encoders || constraints.encoders.includes(track.encoder)) && (!constraints?.pixelFormat || (track.pixelFormat ?? 'yuv420p') === constraints.pixelFormat);
  const format = constraints?.pixelFormat && constraints.pixelFormat !== 'yuv420p' ? { pixelFormat: constraints.pixelFormat } : {};
  const list = new Map<string, Track>();
  for (const prior of priors.tracks) {
    if (ENCODERS[prior.encoder].hardware) continue;
    const track: Track = { encoder: prior.encoder, preset: prior.preset, ...format };
    if (allowed(track)) list.set(trackKey(track), track);
  }
  for (const entry of context.history) {
    const track = trackOf(entry.config);
    if (track && entry.status === 'succeeded' && allowed(track)) list.set(trackKey(track), track);
  }
  return [...list.values()];
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * What an experiment costs besides its encode, in seconds: the measurement pass as measured so far,
 * and at least the median encode of the candidate tracks, because an experiment is also one of the
 * campaign's limited slots. It keeps a fast track from winning on cheap, tiny steps alone.
 */
function slotSeconds(context: CampaignContext, models: readonly TrackModel[]): number {
  const measure = median(measuredEntries(context.history).map((e) => e.result.measureSeconds)) ?? 1;
  const encode = median(models.map((m) => m.expectedEncodeSeconds())) ?? 1;
  return Math.max(0.5, measure, encode);
}

/**
 * Nothing measured yet (the baseline is still queued in a batched round, or failed): spread CRFs
 * around the cheapest allowed track's default, four steps apart, so that a round brackets its curve.
 */
function unmeasured(context: CampaignContext, tracks: readonly Track[], fresh: (config: ExperimentConfig) => boolean, priors: PlannerPriors): PlannerDecision {
  const track = cheapestTrack(tracks, priors);
  if (!track) return { kind: 'stop', reason: `the runners offer no encoder the objective allows (${describeObjective(context.objective)})` };
  const { min, max, default: centre } = ENCODERS[track.encoder].crf;
  for (const d of [0, 4, -4, 8, -8, 12, -12, 16, -16]) {
    const crf = centre + d;
    if (crf < min || crf > max) continue;
    const config = trackConfig(track, crf);
    if (fresh(config)) {
      return propose(
        config,
        `${describeConfig(config)} brackets the rate curve of ${describeTrack(track)} before any measurement is in.`,
        'No experiment of this campaign has been measured yet; CRFs four steps apart around the encoder default give the models their first points.',
      );
    }
  }
  return { kind: 'stop', reason: `every nearby ${describeTrack(track)} CRF has been tried without a measurement` };
}

const unit = (metric: QualityMetric) => (metric === 'psnr' ? ' dB' : '');

function qualityText(value: number, sigma: number, metric: QualityMetric): string {
  return `${metric.toUpperCase()} ${formatQuality(value, metric)} +- ${formatQuality(sigma, metric)}${unit(metric)}`;
}

function gainText(gain: number, standing: Standing): string {
  if (standing.objective.kind === 'bitrate-at-quality') return `${(100 * (1 - Math.exp(-gain))).toFixed(2)}% of bitrate`;
  if (standing.objective.kind === 'pareto') return `${gain.toPrecision(3)} of hypervolume`;
  return `${formatQuality(gain, standing.metric)}${unit(standing.metric)} ${standing.metric.toUpperCase()}`;
}

function proposeScored(top: TrackOption, options: readonly TrackOption[], standing: Standing, context: CampaignContext): PlannerDecision {
  const { valuation, model, config, seconds } = top.step;
  const rate = Math.exp(valuation.lnRate.mean);
  const runnerUp = options[1];
  const objective = context.objective;
  const answerOdds =
    objective.kind === 'bitrate-at-quality'
      ? `reaching ${objective.metric.toUpperCase()} ${objective.targetQuality} with probability ${valuation.pAnswer.toFixed(2)}`
      : `within the ${mbps(Math.exp(standing.lnCeiling))} ceiling with probability ${valuation.pAnswer.toFixed(2)}`;
  const hypothesis = `${describeConfig(config)} should measure ${mbps(rate)} (+-${(100 * valuation.lnRate.sigma).toFixed(0)}%) at ${qualityText(valuation.quality.mean, valuation.quality.sigma, standing.metric)}, ${answerOdds}, in about ${seconds.toFixed(1)} s of encoding.`;
  const best = bestMeetingEntry(context.history, objective);
  const against = best?.result
    ? `experiment ${best.seq} (${describeConfig(best.config)}, ${mbps(best.result.bitrateBps)}, ${standing.metric.toUpperCase()} ${formatQuality(qualityOf(best.result, standing.metric).value, standing.metric)})`
    : '';
  const track = describeTrack(model.track);
  const rationale = [
    best
      ? `${track}'s own answer is expected to improve on ${against} by ${gainText(top.gain, standing)}; this experiment by ${gainText(valuation.gain, standing)} for ${seconds.toFixed(1)} s of encoding`
      : `No experiment meets the objective yet; this one is expected to (probability ${valuation.pAnswer.toFixed(2)}), for ${seconds.toFixed(1)} s of encoding`,
    `: the most per second of ${options.length} tracks still worth trying`,
    runnerUp && best ? ` (next: ${describeTrack(runnerUp.step.model.track)}, ${gainText(runnerUp.gain, standing)} for ${runnerUp.step.seconds.toFixed(1)} s per experiment)` : '',
    `. Model: ${model.basis()}.`,
  ].join('');
  return propose(config, hypothesis, rationale, stepPrediction(top.step, standing.metric, top.value));
}

function propose(config: ExperimentConfig, hypothesis: string, rationale: string, prediction?: Prediction): PlannerDecision {
  return {
    kind: 'proposal',
    proposal: { hypothesis, rationale, config, ...(prediction ? { prediction, expectedBitrateBps: prediction.bitrateBps } : {}), origin: 'planner', validationErrors: [] },
  };
}

