import { QUALITY_METRICS, type Estimate, type PlannerPriors, type QualityMetric, type SourceMemory, type TrackPrior } from '@codec-lab/domain';
import { loosePrior, PRIOR_FLOORS, priorOf } from '../priors.ts';
import { solveSpd } from '../normal.ts';
import { observeSource, type TrackObservation } from './observations.ts';
import { similarity } from './similarity.ts';

/** A remembered source and how similar it is to the new campaign's source (0 to 1). */
export interface WeightedMemory {
  readonly memory: SourceMemory;
  readonly similarity: number;
}

type Sample = { readonly value: number; readonly weight: number };

const round = (x: number) => Number(x.toPrecision(5));

/**
 * An estimate as one pseudo-measurement, updated by measurements each counting as much as its
 * weight: the weighted mean of all, and their weighted spread around it with the estimate's own
 * spread as its share (probe mode's correction, from measured probe/full pairs). Never under `floor`.
 */
export function updateEstimate(prior: Estimate, samples: readonly Sample[], floor: number): Estimate {
  const usable = samples.filter((s) => Number.isFinite(s.value) && s.weight > 0);
  if (usable.length === 0 || prior.sd === 0) return prior;
  const total = 1 + usable.reduce((a, s) => a + s.weight, 0);
  const mean = (prior.mean + usable.reduce((a, s) => a + s.weight * s.value, 0)) / total;
  const variance = (prior.sd ** 2 + (prior.mean - mean) ** 2 + usable.reduce((a, s) => a + s.weight * (s.value - mean) ** 2, 0)) / total;
  return { mean: round(mean), sd: round(Math.max(floor, Math.sqrt(variance))) };
}

/** One remembered source's value of a prior, by the index of the source among those remembered. */
type Observed = { readonly source: number; readonly value: number };

/**
 * A prior value for the new source, from the default and the remembered sources' values of it,
 * with similarity as the correlation between sources (a Gaussian process over the feature space:
 * `exp(-d^2/2)` is its kernel). The default is the mean and its spread the variance of a source
 * nothing is known of; each remembered value is that source's measurement, with a nugget (a fifth
 * of the default's spread, or the floor) for what its few points could not pin down. So a remembered
 * source identical to the new one all but fixes the value, a dissimilar one leaves the default as it
 * was, and sources like each other count together as little more than one. Never under `floor`.
 */
export function krigeEstimate(prior: Estimate, observed: readonly Observed[], toNew: readonly number[], among: readonly (readonly number[])[], floor: number): Estimate {
  const usable = observed.filter((o) => Number.isFinite(o.value) && (toNew[o.source] ?? 0) > 0);
  if (usable.length === 0 || prior.sd === 0) return prior;
  const variance = prior.sd ** 2;
  const nugget = Math.max(floor, 0.2 * prior.sd) ** 2;
  const k = usable.map((o) => variance * toNew[o.source]!);
  const K = usable.map((a, i) => usable.map((b, j) => variance * (i === j ? 1 : among[a.source]![b.source]!) + (i === j ? nugget : 0)));
  const alpha = solveSpd(K, usable.map((o) => o.value - prior.mean));
  const beta = solveSpd(K, k);
  if (!alpha || !beta) return prior;
  const mean = prior.mean + k.reduce((a, x, i) => a + x * alpha[i]!, 0);
  const rest = variance - k.reduce((a, x, i) => a + x * beta[i]!, 0);
  return { mean: round(mean), sd: round(Math.max(floor, Math.sqrt(Math.max(0, rest)))) };
}

/**
 * Priors for a new campaign: the defaults, each track's values conditioned on what the remembered
 * sources measured of it (`krigeEstimate`, similarity as correlation). A track the defaults have no
 * prior for starts from the loose prior and is kept once its remembered sources' similarities sum to
 * at least `MIN_NEW_TRACK_WEIGHT`. The reference track's relative values stay fixed by definition.
 */
export function learnPriors(defaults: PlannerPriors, remembered: readonly WeightedMemory[]): PlannerPriors {
  const observations = remembered.flatMap(({ memory, similarity: weight }, source) => observeSource(memory, defaults).map((o) => ({ o, weight, source })));
  if (observations.length === 0) return defaults;
  const toNew = remembered.map((r) => r.similarity);
  const among = remembered.map((a, i) => remembered.map((b, j) => (i === j ? 1 : similarity(a.memory.description, b.memory.description))));
  const keyOf = (t: { encoder: string; preset: string }) => `${t.encoder} ${t.preset}`;
  const keys = [...new Set([...defaults.tracks.map(keyOf), ...observations.map(({ o }) => keyOf(o))])];
  const tracks: TrackPrior[] = [];
  for (const key of keys) {
    const own = observations.filter(({ o }) => keyOf(o) === key);
    const fitted = defaults.tracks.find((t) => keyOf(t) === key);
    if (!fitted && own.reduce((a, s) => a + s.weight, 0) < MIN_NEW_TRACK_WEIGHT) continue;
    const first = own[0]?.o ?? fitted!;
    const prior = fitted ?? priorOf(first.encoder, first.preset, defaults) ?? loosePrior(first.encoder, first.preset);
    const learn = (value: Estimate, pick: (o: TrackObservation) => number | undefined, floor: number) =>
      krigeEstimate(
        value,
        own.flatMap(({ o, source }) => {
          const v = pick(o);
          return v === undefined ? [] : [{ source, value: v }];
        }),
        toNew,
        among,
        floor,
      );
    const perMetric = (field: 'gain' | 'qualitySlope') =>
      Object.fromEntries(QUALITY_METRICS.map((m) => [m, learn(prior[field][m], (o) => o[field][m], PRIOR_FLOORS[field][m])])) as Record<QualityMetric, Estimate>;
    tracks.push({
      encoder: prior.encoder,
      preset: prior.preset,
      equivalentCrf: learn(prior.equivalentCrf, (o) => o.equivalentCrf, PRIOR_FLOORS.equivalentCrf),
      rateSlope: learn(prior.rateSlope, (o) => o.rateSlope, PRIOR_FLOORS.rateSlope),
      gain: perMetric('gain'),
      qualitySlope: perMetric('qualitySlope'),
      logCost: learn(prior.logCost, (o) => o.logCost, PRIOR_FLOORS.logCost),
    });
  }
  const sources = remembered.filter((r) => r.similarity > 0);
  const weight = sources.reduce((a, r) => a + r.similarity, 0);
  return {
    ...defaults,
    provenance: `${defaults.provenance}; updated by ${sources.length} remembered campaigns (similarity-weighted, total weight ${weight.toFixed(2)})`.slice(0, 2000),
    tracks,
  };
}

/** Remembered weight a track without a default prior needs before it gets a learned one. */
export const MIN_NEW_TRACK_WEIGHT = 0.5;
