import { comparableMetric, configHash, ENCODERS, measuredEntries, type CampaignContext, type CodecConfig, type ExperimentConfig, type Prediction, type QualityMetric } from '@codec-lab/domain';
import { optionOf, plannerModels, scoreStep, stepPrediction, trackOptions, type PlannerModels } from './planner.ts';
import { buildModels } from './track-model.ts';
import { describeTrack, trackKey, trackOf, type Track } from './tracks.ts';

/** One track the planner would consider next, at its best untried CRF, with what the planner expects of it. */
export interface Candidate {
  readonly track: Track;
  /** `libx264 slow`, `libsvtav1 8 (gop 48)`. */
  readonly label: string;
  readonly crf: number;
  readonly config: CodecConfig;
  /**
   * The numbers planNext would attach to this experiment: bitrate and quality (full-length figures,
   * in the steering metric) with their sigmas, encode seconds, and `gainPerSecond`, the track's value.
   */
  readonly prediction: Prediction;
  /** Expected improvement of the campaign's answer by the track's own answer, in the objective's unit. */
  readonly gain: number;
  /** Probability that this experiment counts as an answer (within the ceiling, or reaching the target). */
  readonly pAnswer: number;
}

/** What the planner would consider next, most valuable first; `none` says why there is nothing. */
export interface Candidates {
  /** The metric the planner steers in (PSNR where VMAF is not measured everywhere). */
  readonly metric: QualityMetric;
  /** Tracks still worth trying, of which `candidates` are the first. */
  readonly considered: number;
  readonly candidates: readonly Candidate[];
  readonly none?: string;
}

/** Candidate tracks a prompt shows by default. */
export const CANDIDATES_SHOWN = 6;

/**
 * The planner's candidates for the campaign's next experiment: the `limit` most valuable tracks it
 * still considers worth trying, each at the CRF it would run, with the prediction it would attach,
 * exactly as planNext weighs them (the first is planNext's proposal). Pure and deterministic.
 */
export function plannerCandidates(context: CampaignContext, options: { readonly limit?: number; readonly rejected?: ReadonlySet<string> } = {}): Candidates {
  const weighed = trackOptions(context, options.rejected);
  if (!weighed) {
    const { objective } = context;
    const metric = comparableMetric(measuredEntries(context.history).map((e) => e.result), objective.metric);
    const none =
      objective.kind === 'bitrate-at-quality' && metric !== objective.metric
        ? `the target is in ${objective.metric.toUpperCase()}, which these experiments did not measure`
        : 'no CRF experiment of a track the planner models is measured yet';
    return { metric, considered: 0, candidates: [], none };
  }
  const candidates = weighed.options.slice(0, options.limit ?? CANDIDATES_SHOWN).map((option): Candidate => {
    const { step } = option;
    return {
      track: step.model.track,
      label: describeTrack(step.model.track),
      // Every step is a CRF of its track.
      crf: step.config.rateControl.mode === 'crf' ? step.config.rateControl.crf : 0,
      config: step.config,
      prediction: stepPrediction(step, weighed.metric, option.value),
      gain: option.gain,
      pAnswer: step.valuation.pAnswer,
    };
  });
  return {
    metric: weighed.metric,
    considered: weighed.options.length,
    candidates,
    ...(candidates.length === 0 ? { none: 'no untried configuration is expected to improve the answer by a noticeable amount' } : {}),
  };
}

/**
 * The planner's prediction for `config`: its model of the config's track at the config's CRF, the
 * same numbers planNext attaches when it proposes that config (full-length figures, in the steering
 * metric). `gainPerSecond` is the track's value where `config` is the experiment the planner would
 * run on it (with `rejected` refused, as planNext is told), else this CRF's own expected gain per
 * second. Undefined where the planner cannot model the config (bitrate mode, a CRF outside the
 * encoder's range) or makes no prediction yet (nothing measured, or a quality target in a metric
 * nothing measured).
 */
export function predictConfig(context: CampaignContext, config: ExperimentConfig, rejected: ReadonlySet<string> = new Set()): Prediction | undefined {
  const track = trackOf(config);
  if (!track || config.strategy !== 'codec' || config.rateControl.mode !== 'crf') return undefined;
  const { crf } = config.rateControl;
  const range = ENCODERS[config.encoder].crf;
  if (crf < range.min || crf > range.max) return undefined;
  const modelled = plannerModels(context);
  if (!modelled) return undefined;
  const model = modelOf(modelled, track);
  const step = scoreStep(model, crf, modelled.standing, modelled.overhead, config);
  // Only this track's option is weighed (not every track's, as planNext does to rank them).
  const option = optionOf(modelled, model, rejected);
  const chosen = option && configHash(option.step.config) === configHash(config);
  return stepPrediction(step, modelled.metric, chosen ? option.value : step.score);
}

/** The planner's model of `track`: its own where it is a candidate, else built beside the candidates (placed from the same measured tracks). */
function modelOf(modelled: PlannerModels, track: Track) {
  const key = trackKey(track);
  const own = modelled.models.find((m) => trackKey(m.track) === key);
  if (own) return own;
  return buildModels(modelled.view.history, [...modelled.tracks, track], modelled.metric, modelled.priors).find((m) => trackKey(m.track) === key)!;
}
