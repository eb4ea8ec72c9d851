import { ObjectiveSchema, PredictionSchema, type Analysis, type Constraints, type Objective, type Prediction } from '@codec-lab/domain';
import type {
  WireConstraints,
  WireConstraintsOutput,
  WireObjective,
  WireObjectiveOutput,
  WirePrediction,
  WirePredictionCheck,
  WirePredictionCheckOutput,
  WirePredictionOutput,
} from '@codec-lab/contracts';
import { missing } from './wire.ts';

// The objective, its constraints and the proposer's predictions on the wire and back. The wire's
// Objective is one flat message whose `kind` says which fields apply; an empty kind is a bitrate
// budget, as every objective was before kinds existed. Coming back, every field the wire carries
// is handed to the domain's strict schema, so a field that does not belong to the kind (a
// tolerance on a quality target, say) is refused, naming it, rather than dropped.

type PredictionCheck = NonNullable<Analysis['predictionCheck']>;

export function constraintsToWire(constraints: Constraints): WireConstraints {
  return { ...constraints };
}

/** Empty lists and strings are absent limits; numbers are kept as sent (the schema refuses a 0). */
export function constraintsFromWire(wire: WireConstraintsOutput): Record<string, unknown> {
  return {
    ...(wire.minEncodeFps !== undefined ? { minEncodeFps: wire.minEncodeFps } : {}),
    ...(wire.minRealtime !== undefined ? { minRealtime: wire.minRealtime } : {}),
    ...(wire.encoders?.length ? { encoders: wire.encoders } : {}),
    ...(wire.maxSizeBytes !== undefined ? { maxSizeBytes: wire.maxSizeBytes } : {}),
    ...(wire.pixelFormat ? { pixelFormat: wire.pixelFormat } : {}),
  };
}

export function objectiveToWire(objective: Objective): WireObjective {
  const constraints = objective.constraints ? { constraints: constraintsToWire(objective.constraints) } : {};
  if (objective.kind === 'quality-at-bitrate') {
    return {
      kind: objective.kind,
      targetBitrateMbps: objective.targetBitrateMbps,
      tolerance: objective.tolerance,
      metric: objective.metric,
      minQuality: objective.minQuality,
      ...constraints,
    };
  }
  if (objective.kind === 'bitrate-at-quality') return { kind: objective.kind, metric: objective.metric, targetQuality: objective.targetQuality, ...constraints };
  return { kind: objective.kind, metric: objective.metric, maxBitrateMbps: objective.maxBitrateMbps, ...constraints };
}

/**
 * The fields the wire carries, as the domain's input: the kind's own fields always (a missing
 * number as 0, which the schema refuses where it must be positive), any other field only where
 * it was set, so that the strict schema names it.
 */
export function objectiveInputFromWire(wire: WireObjectiveOutput): Record<string, unknown> {
  const kind = wire.kind || 'quality-at-bitrate';
  const set = (name: string, value: number | undefined) => (value !== undefined && value !== 0 ? { [name]: value } : {});
  return {
    kind,
    ...(kind === 'quality-at-bitrate' ? { targetBitrateMbps: wire.targetBitrateMbps ?? 0 } : set('targetBitrateMbps', wire.targetBitrateMbps)),
    ...set('tolerance', wire.tolerance),
    ...(kind === 'bitrate-at-quality' ? { targetQuality: wire.targetQuality ?? 0 } : set('targetQuality', wire.targetQuality)),
    ...(kind === 'pareto' ? { maxBitrateMbps: wire.maxBitrateMbps ?? 0 } : set('maxBitrateMbps', wire.maxBitrateMbps)),
    metric: wire.metric || undefined,
    ...(wire.minQuality !== undefined ? { minQuality: wire.minQuality } : {}),
    ...(wire.constraints ? { constraints: constraintsFromWire(wire.constraints) } : {}),
  };
}

export function objectiveFromWire(wire: WireObjectiveOutput | null | undefined): Objective {
  if (!wire) return missing('objective');
  return ObjectiveSchema.parse(objectiveInputFromWire(wire));
}

export function predictionToWire(prediction: Prediction): WirePrediction {
  return { ...prediction, quality: { ...prediction.quality } };
}

export function predictionFromWire(wire: WirePredictionOutput): Prediction {
  return PredictionSchema.parse(predictionInputFromWire(wire));
}

/** As the domain's input, for a caller that parses it inside a larger schema (paths then name the field). */
export function predictionInputFromWire(wire: WirePredictionOutput): Record<string, unknown> {
  return {
    bitrateBps: wire.bitrateBps ?? 0,
    bitrateSigma: wire.bitrateSigma ?? 0,
    quality: { value: wire.quality?.value ?? 0, sigma: wire.quality?.sigma ?? 0, metric: wire.quality?.metric ?? '' },
    encodeSeconds: wire.encodeSeconds ?? 0,
    ...(wire.gainPerSecond !== undefined ? { gainPerSecond: wire.gainPerSecond } : {}),
    basis: wire.basis ?? '',
  };
}

export function predictionCheckToWire(check: PredictionCheck): WirePredictionCheck {
  return { ...check };
}

export function predictionCheckFromWire(wire: WirePredictionCheckOutput): PredictionCheck {
  return {
    bitrateError: wire.bitrateError ?? 0,
    qualityError: wire.qualityError ?? 0,
    qualitySigmas: wire.qualitySigmas ?? 0,
    encodeSecondsRatio: wire.encodeSecondsRatio ?? 0,
  };
}
