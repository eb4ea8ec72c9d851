import { QUALITY_METRICS, type Estimate, type PlannerPriors, type QualityMetric, type SourceMemory, type TrackPrior } from '@codec-lab/domain';
import { loosePrior, PRIOR_FLOORS, priorOf } from '../priors.ts';
import { observeSource, type TrackObservation } from './observations.ts';

/** A remembered source and how similar it is to the new campaign's source (0 to 1). */
export interface WeightedMemory {
  readonly memory: SourceMemory;
  readonly similarity: number;
}

type Sample = { readonly value: number; readonly weight: number };

const round = (x: number) => Number(x.toPrecision(5));

/**
 * The prior as one pseudo-source, updated by the remembered sources' observations, each counting
 * as much as its similarity: the mean is the weighted mean of the prior's and theirs, the spread the
 * weighted spread around it with the prior's own spread as its share. So an observation that agrees
 * with the prior narrows it (one identical source halves its variance), one that disagrees widens
 * or moves it, and a dissimilar source (similarity near 0) changes nothing. Never under `floor`.
 */
export function updateEstimate(prior: Estimate, samples: readonly Sample[], floor: number): Estimate {
  const usable = samples.filter((s) => Number.isFinite(s.value) && s.weight > 0);
  if (usable.length === 0 || prior.sd === 0) return prior;
  const total = 1 + usable.reduce((a, s) => a + s.weight, 0);
  const mean = (prior.mean + usable.reduce((a, s) => a + s.weight * s.value, 0)) / total;
  const variance = (prior.sd ** 2 + (prior.mean - mean) ** 2 + usable.reduce((a, s) => a + s.weight * (s.value - mean) ** 2, 0)) / total;
  return { mean: round(mean), sd: round(Math.max(floor, Math.sqrt(variance))) };
}

/**
 * Priors for a new campaign: the defaults, each track's values updated by what the remembered
 * sources measured of it, weighted by how similar each source is to this one. A track the defaults
 * have no prior for starts from the loose prior and is kept once its remembered sources weigh at
 * least `MIN_NEW_TRACK_WEIGHT`. The reference track's relative values stay fixed by definition.
 */
export function learnPriors(defaults: PlannerPriors, remembered: readonly WeightedMemory[]): PlannerPriors {
  const observations = remembered.flatMap(({ memory, similarity }) => observeSource(memory, defaults).map((o) => ({ o, weight: similarity })));
  if (observations.length === 0) return defaults;
  const keyOf = (t: { encoder: string; preset: string }) => `${t.encoder} ${t.preset}`;
  const keys = [...new Set([...defaults.tracks.map(keyOf), ...observations.map(({ o }) => keyOf(o))])];
  const tracks: TrackPrior[] = [];
  for (const key of keys) {
    const own = observations.filter(({ o }) => keyOf(o) === key);
    const fitted = defaults.tracks.find((t) => keyOf(t) === key);
    if (!fitted && own.reduce((a, s) => a + s.weight, 0) < MIN_NEW_TRACK_WEIGHT) continue;
    const first = own[0]?.o ?? fitted!;
    const prior = fitted ?? priorOf(first.encoder, first.preset, defaults) ?? loosePrior(first.encoder, first.preset);
    const samples = (pick: (o: TrackObservation) => number | undefined): Sample[] =>
      own.flatMap(({ o, weight }) => {
        const value = pick(o);
        return value === undefined ? [] : [{ value, weight }];
      });
    const perMetric = (field: 'gain' | 'qualitySlope') =>
      Object.fromEntries(QUALITY_METRICS.map((m) => [m, updateEstimate(prior[field][m], samples((o) => o[field][m]), PRIOR_FLOORS[field][m])])) as Record<QualityMetric, Estimate>;
    tracks.push({
      encoder: prior.encoder,
      preset: prior.preset,
      equivalentCrf: updateEstimate(prior.equivalentCrf, samples((o) => o.equivalentCrf), PRIOR_FLOORS.equivalentCrf),
      rateSlope: updateEstimate(prior.rateSlope, samples((o) => o.rateSlope), PRIOR_FLOORS.rateSlope),
      gain: perMetric('gain'),
      qualitySlope: perMetric('qualitySlope'),
      logCost: updateEstimate(prior.logCost, samples((o) => o.logCost), PRIOR_FLOORS.logCost),
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
