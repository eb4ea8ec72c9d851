export { CampaignReader, CampaignRepository, type Page } from './campaign.repository.ts';
export type { DynamoOptions } from './client.ts';
export { ExperimentReader, ExperimentRepository } from './experiment.repository.ts';
export { createReadStore, createStore, type ReadStore, type Store } from './stores.ts';
export { MemoryRepository, type MemoryRead } from './memory.repository.ts';
export { RunnerSlotRepository, runnerSlotsPk } from './runner-slot.repository.ts';
export { SlotRepository } from './slot.repository.ts';
