import { MEMORY_POINTS_LIMIT, sourceLabel, toHistoryEntry, type Campaign, type Experiment, type MemoryPoint, type SourceMemory } from '@codec-lab/domain';
import { trackOf } from '../tracks.ts';
import { probePairs } from './probe-correction.ts';


/**
 * What a campaign has taught the lab so far, as its memory record: every measured experiment of
 * either arm on a track priors are kept for (a CRF-mode config of encoder and preset, every other
 * setting at its default), and the configs measured both on segments and in full. Undefined for a
 * campaign whose source was never described (nothing to compare later sources with).
 */
export function sourceMemory(campaign: Campaign, experiments: readonly Experiment[]): SourceMemory | undefined {
  if (!campaign.sourceDescription) return undefined;
  const measured = experiments.filter((e) => e.status === 'succeeded' && e.result && e.result.bitrateBps > 0);
  const points: MemoryPoint[] = measured.flatMap((e) => {
    const track = trackOf(e.config);
    if (!track || e.config.strategy !== 'codec' || e.config.rateControl.mode !== 'crf' || Object.keys(track).some((k) => k !== 'encoder' && k !== 'preset')) return [];
    const r = e.result!;
    return [
      {
        encoder: e.config.encoder,
        preset: e.config.preset,
        crf: e.config.rateControl.crf,
        bitrateBps: r.bitrateBps,
        psnr: r.psnr.avg,
        ssim: r.ssim.all,
        ...(r.vmaf.available ? { vmaf: r.vmaf.mean } : {}),
        encodeSeconds: r.encodeSeconds,
        ...(r.mode === 'probe' ? { probe: true } : {}),
      },
    ];
  });
  return {
    campaignId: campaign.id,
    createdAt: campaign.createdAt,
    label: sourceLabel(campaign.source).slice(0, 600),
    description: campaign.sourceDescription,
    points: points.slice(-MEMORY_POINTS_LIMIT),
    probePairs: probePairs(measured.map(toHistoryEntry)).slice(-MEMORY_POINTS_LIMIT),
  };
}
