import {
  BASELINE_CONFIG,
  bestEntry,
  configHash,
  describeConfig,
  ENCODERS,
  ExperimentConfigSchema,
  TARGET_TOLERANCE,
  targetError,
  type CampaignContext,
  type EncoderName,
  type ExperimentConfig,
  type HistoryEntry,
  type Proposal,
} from '@codec-lab/domain';
import { crfForBitrate, fitRateModel, halvingStep, predictBitrate, type RateModel } from './rate-model.ts';

export type PlannerDecision = { kind: 'proposal'; proposal: Proposal } | { kind: 'stop'; reason: string };

interface Track {
  readonly encoder: EncoderName;
  readonly preset: string;
}

const mbps = (bps: number) => `${(bps / 1e6).toFixed(3)} Mbps`;

function measuredCrfPoints(history: readonly HistoryEntry[], track: Track) {
  return history.flatMap((e) =>
    e.status === 'succeeded' && e.result && e.config.encoder === track.encoder && e.config.preset === track.preset && e.config.rateControl.mode === 'crf'
      ? [{ crf: e.config.rateControl.crf, bitrateBps: e.result.bitrateBps }]
      : [],
  );
}

/** The encoder and preset the campaign is currently refining: those of the latest measured experiment. */
function currentTrack(context: CampaignContext): Track {
  const last = [...context.history].reverse().find((e) => e.status === 'succeeded' && e.config.rateControl.mode === 'crf');
  const encoder = last?.config.encoder ?? BASELINE_CONFIG.encoder;
  if (!context.availableEncoders.includes(encoder) && context.availableEncoders[0]) {
    const fallback = context.availableEncoders[0];
    return { encoder: fallback, preset: ENCODERS[fallback].defaultPreset };
  }
  return { encoder, preset: last?.config.preset ?? BASELINE_CONFIG.preset };
}

function crfConfig(track: Track, crf: number): ExperimentConfig {
  return ExperimentConfigSchema.parse({ strategy: 'codec', encoder: track.encoder, preset: track.preset, rateControl: { mode: 'crf', crf } });
}

/** Untried CRFs nearest the model's answer first: c, c+1, c-1, c+2, ... within the encoder's range. */
function* crfCandidates(track: Track, ideal: number): Generator<number> {
  const { min, max } = ENCODERS[track.encoder].crf;
  const centre = Math.min(max, Math.max(min, Math.round(ideal)));
  for (let step = 0; step <= max - min; step++) {
    for (const crf of step === 0 ? [centre] : [centre + step, centre - step]) {
      if (crf >= min && crf <= max) yield crf;
    }
  }
}

function slowerPreset(track: Track): string | undefined {
  const presets = ENCODERS[track.encoder].presets;
  return presets[presets.indexOf(track.preset) + 1];
}

function modelText(model: RateModel, track: Track): string {
  const basis =
    model.basis === 'fitted'
      ? `fitted on ${model.points} measured ${track.encoder} ${track.preset} points`
      : `one measured point and the ${track.encoder} rule of thumb`;
  return `rate model ln(bitrate) = ${model.intercept.toFixed(3)} ${model.slope.toFixed(4)} x CRF (${basis}; bitrate halves every ${halvingStep(model).toFixed(1)} CRF)`;
}

/**
 * The built-in planner: deterministic and model-based. It fits the rate model of the current
 * encoder and preset from the campaign's own measurements and interpolates the CRF that should hit
 * the target; once a result is on target it spends the budget on a slower preset at that rate.
 */
export function planNext(context: CampaignContext, rejected: ReadonlySet<string> = new Set()): PlannerDecision {
  const tried = new Set([...context.history.map((e) => e.configHash), ...rejected]);
  const fresh = (config: ExperimentConfig) => !tried.has(configHash(config));
  const targetBps = context.objective.targetBitrateMbps * 1e6;

  if (context.history.length === 0 && fresh(BASELINE_CONFIG)) {
    return proposal(BASELINE_CONFIG, 'Baseline: libx264 medium CRF 23, the reference every later experiment is compared with.', 'No measurement yet.');
  }

  const track = currentTrack(context);
  const model = fitRateModel(track.encoder, measuredCrfPoints(context.history, track));
  if (!model) {
    const spec = ENCODERS[track.encoder];
    for (const crf of crfCandidates(track, spec.crf.default)) {
      const config = crfConfig(track, crf);
      if (fresh(config)) {
        return proposal(config, `${describeConfig(config)} should produce a measurable result where earlier attempts failed.`, 'No experiment of this campaign has been measured yet; trying the encoder default region.');
      }
    }
    return { kind: 'stop', reason: `no untried ${track.encoder} CRF is left` };
  }

  const ideal = crfForBitrate(model, targetBps);
  const best = bestEntry(context.history, context.objective);
  const bestOnTarget = best?.result && Math.abs(targetError(best.result, context.objective)) <= TARGET_TOLERANCE;
  const nextPreset = slowerPreset(track);
  if (bestOnTarget && best && nextPreset && !fresh(crfConfig(track, Math.round(ideal)))) {
    const slower = { ...track, preset: nextPreset };
    const crf = best.config.rateControl.mode === 'crf' ? best.config.rateControl.crf : Math.round(ideal);
    for (const candidate of crfCandidates(slower, crf)) {
      const config = crfConfig(slower, candidate);
      if (fresh(config)) {
        return proposal(
          config,
          `${describeConfig(config)} should keep the bitrate near ${mbps(best.result!.bitrateBps)} and raise quality: a slower preset searches harder for the same rate.`,
          `Experiment ${best.seq} (${describeConfig(best.config)}) is on target at ${mbps(best.result!.bitrateBps)}; the CRF the ${modelText(model, track)} points to is already measured, so the remaining budget goes to encoder effort.`,
          predictBitrate(model, candidate),
        );
      }
    }
  }

  for (const crf of crfCandidates(track, ideal)) {
    const config = crfConfig(track, crf);
    if (!fresh(config)) continue;
    const expected = predictBitrate(model, crf);
    return proposal(
      config,
      `${describeConfig(config)} should land near the ${mbps(targetBps)} target (predicted ${mbps(expected)}).`,
      `The ${modelText(model, track)} puts the target at CRF ${ideal.toFixed(2)}; CRF ${crf} is the nearest one not yet run.`,
      expected,
    );
  }
  return { kind: 'stop', reason: `every ${track.encoder} ${track.preset} CRF has been tried` };
}

function proposal(config: ExperimentConfig, hypothesis: string, rationale: string, expectedBitrateBps?: number): PlannerDecision {
  return {
    kind: 'proposal',
    proposal: { hypothesis, rationale, config, expectedBitrateBps, origin: 'planner', validationErrors: [] },
  };
}
