import type { Campaign, Experiment } from '@codec-lab/domain';
import { cellKey, labKnowledge, memoryCell, nearbyCells, sourceMemory } from '@codec-lab/planner';
import type { DriverDeps } from './campaign.deps.ts';
import { now } from './retry.ts';

/**
 * Memory records read per cell when a campaign starts: the newest of each of the (at most 9) cells
 * near its source. The bound on what a start reads however large the memory grows: 9 x 40 records.
 */
export const MEMORY_PER_CELL = 40;

/**
 * What the lab knows for this campaign, learned once when it first starts and stored on it, so a
 * restart, a pause or a budget increase continues with the same priors (memory written since does
 * not move a campaign under way). Reads the memory near the campaign's source: Query only.
 */
export async function ensureKnowledge(campaign: Campaign, deps: DriverDeps): Promise<Campaign> {
  if (campaign.knowledge) return campaign;
  const description = campaign.sourceDescription;
  const read = description ? await deps.store.memory.read(nearbyCells(description).map(cellKey), MEMORY_PER_CELL) : undefined;
  const knowledge = labKnowledge({ description, memories: read?.memories ?? [], campaignId: campaign.id, now: now() });
  deps.metrics.memoryRead(knowledge.recordsRead, knowledge.similar.length);
  deps.logger.info(
    { campaignId: campaign.id, recordsRead: knowledge.recordsRead, roundTrips: read?.roundTrips ?? 0, skipped: read?.skipped ?? 0, similar: knowledge.similar.length, probePairs: knowledge.probeCorrection.pairs },
    'lab memory read',
  );
  return deps.store.campaigns.modify(campaign.id, (current) => (current.knowledge ? {} : { knowledge }));
}

/**
 * Rewrites the campaign's memory record from its experiments as measured so far (the whole record
 * each time, so a write lost to a crash is repaired by the next). Memory informs later campaigns;
 * failing to write it is logged and never fails this one.
 */
export async function rememberCampaign(campaign: Campaign, experiments: readonly Experiment[], deps: DriverDeps): Promise<void> {
  const memory = sourceMemory(campaign, experiments);
  if (!memory || !campaign.sourceDescription || memory.points.length === 0) return;
  try {
    await deps.store.memory.record(cellKey(memoryCell(campaign.sourceDescription)), memory);
  } catch (error) {
    deps.logger.warn({ err: error, campaignId: campaign.id }, 'could not write the campaign to the lab memory');
  }
}
