import type { WireLabKnowledge, WireLabKnowledgeOutput } from '@codec-lab/contracts';
import { LabKnowledgeSchema, type LabKnowledge } from '@codec-lab/domain';
import { missing } from './wire.ts';

// What the lab knew when a campaign started (priors, similar sources, probe correction) on the
// wire. Its fields are named alike on both sides; proto3 leaves zeros off, so every number is
// defaulted on the way in and the whole is parsed with the domain schema.

type WireEstimate = { mean?: number; sd?: number } | null | undefined;
type WireMetricEstimates = { psnr?: WireEstimate; ssim?: WireEstimate; vmaf?: WireEstimate } | null | undefined;

const estimate = (e: WireEstimate) => ({ mean: e?.mean ?? 0, sd: e?.sd ?? 0 });
const perMetric = (m: WireMetricEstimates) => ({ psnr: estimate(m?.psnr), ssim: estimate(m?.ssim), vmaf: estimate(m?.vmaf) });

export function knowledgeToWire(knowledge: LabKnowledge): WireLabKnowledge {
  return knowledge;
}

export function knowledgeFromWire(wire: WireLabKnowledgeOutput): LabKnowledge {
  const priors = wire.priors ?? missing('context.knowledge.priors');
  const correction = wire.probeCorrection ?? missing('context.knowledge.probeCorrection');
  return LabKnowledgeSchema.parse({
    priors: {
      reference: { encoder: priors.reference?.encoder ?? '', preset: priors.reference?.preset ?? '', crf: priors.reference?.crf ?? 0 },
      clips: priors.clips,
      provenance: priors.provenance ?? '',
      tracks: priors.tracks.map((t) => ({
        encoder: t.encoder ?? '',
        preset: t.preset ?? '',
        equivalentCrf: estimate(t.equivalentCrf),
        rateSlope: estimate(t.rateSlope),
        gain: perMetric(t.gain),
        qualitySlope: perMetric(t.qualitySlope),
        logCost: estimate(t.logCost),
      })),
    },
    similar: wire.similar.map((s) => ({ campaignId: s.campaignId ?? '', label: s.label ?? '', similarity: s.similarity ?? 0, points: s.points ?? 0, finding: s.finding ?? '' })),
    probeCorrection: {
      lnBitrateRatio: estimate(correction.lnBitrateRatio),
      psnr: estimate(correction.psnr),
      ssim: estimate(correction.ssim),
      vmaf: estimate(correction.vmaf),
      pairs: correction.pairs ?? 0,
      basis: correction.basis ?? '',
    },
    recordsRead: wire.recordsRead ?? 0,
    learnedAt: wire.learnedAt ?? '',
  });
}
