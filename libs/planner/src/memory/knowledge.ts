import type { LabKnowledge, PlannerPriors, SimilarSource, SourceDescription, SourceMemory } from '@codec-lab/domain';
import { PRIORS } from '../priors.ts';
import { learnPriors, type WeightedMemory } from './learn.ts';
import { observeSource } from './observations.ts';
import { DEFAULT_PROBE_CORRECTION, learnProbeCorrection } from './probe-correction.ts';
import { similarity } from './similarity.ts';

/** Remembered sources a campaign learns from at most: the most similar ones. */
export const LEARN_FROM = 32;
/** Below this similarity a remembered source teaches nothing (three units of feature distance away). */
export const MIN_SIMILARITY = 0.01;
/** Similar sources a campaign names (in its knowledge, the analyst's prompt and the dashboard). */
const NAMED = 8;

/**
 * What the lab knows for a new campaign on `description`, from the memory records it read: the
 * priors learned from the most similar remembered sources, the probe correction learned from their
 * probe/full pairs, and the sources it learned from, most similar first. A fresh lab (nothing
 * remembered, or nothing similar) gives the default priors and correction.
 */
export function labKnowledge(options: {
  readonly description: SourceDescription | undefined;
  readonly memories: readonly SourceMemory[];
  readonly campaignId: string;
  readonly now: string;
  readonly defaults?: PlannerPriors;
}): LabKnowledge {
  const defaults = options.defaults ?? PRIORS;
  const { description } = options;
  const weighted: WeightedMemory[] = description
    ? options.memories
        .filter((m) => m.campaignId !== options.campaignId)
        .map((memory) => ({ memory, similarity: similarity(description, memory.description) }))
        .filter((w) => w.similarity >= MIN_SIMILARITY)
        .sort((a, b) => b.similarity - a.similarity || (a.memory.createdAt < b.memory.createdAt ? 1 : -1))
        .slice(0, LEARN_FROM)
    : [];
  const pairs = weighted.flatMap(({ memory, similarity: weight }) => memory.probePairs.map((pair) => ({ pair, weight })));
  return {
    priors: learnPriors(defaults, weighted),
    similar: weighted.slice(0, NAMED).map((w) => similarSource(w, defaults)),
    probeCorrection: learnProbeCorrection(DEFAULT_PROBE_CORRECTION, pairs, `learned from ${pairs.length} probe/full pair(s) of ${weighted.filter((w) => w.memory.probePairs.length > 0).length} similar remembered source(s)`),
    recordsRead: options.memories.length,
    learnedAt: options.now,
  };
}

function similarSource({ memory, similarity: weight }: WeightedMemory, defaults: PlannerPriors): SimilarSource {
  const { reference } = defaults;
  const gains = observeSource(memory, defaults)
    .filter((o) => o.gain.psnr !== undefined)
    .sort((a, b) => b.gain.psnr! - a.gain.psnr!);
  const top = gains[0];
  const finding = top
    ? `best at equal bitrate: ${top.encoder} ${top.preset}, ${top.gain.psnr! >= 0 ? '+' : ''}${top.gain.psnr!.toFixed(2)} dB PSNR against ${reference.encoder} ${reference.preset}` +
      (gains.length > 1 ? `; ${gains.length} tracks compared` : '')
    : `no track comparable with ${reference.encoder} ${reference.preset}`;
  return { campaignId: memory.campaignId, label: memory.label.slice(0, 200), similarity: Number(weight.toFixed(4)), points: memory.points.length, finding };
}
