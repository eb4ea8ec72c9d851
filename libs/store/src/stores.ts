import { CampaignReader, CampaignRepository } from './campaign.repository.ts';
import { createDocumentClient, type DynamoOptions } from './client.ts';
import { ExperimentReader, ExperimentRepository } from './experiment.repository.ts';
import { MemoryRepository } from './memory.repository.ts';
import { RunnerSlotRepository } from './runner-slot.repository.ts';
import { SlotRepository } from './slot.repository.ts';
import { ensureTable } from './table.ts';

/** The orchestrator's store: reads and conditional writes. */
export interface Store {
  readonly campaigns: CampaignRepository;
  readonly experiments: ExperimentRepository;
  readonly slots: SlotRepository;
  /** Each agent-runner's experiment slots (one partition per runner process), shared by every replica. */
  readonly runnerSlots: RunnerSlotRepository;
  /** What earlier campaigns measured, by source (read when a campaign starts, written as it measures). */
  readonly memory: MemoryRepository;
  /** Creates the table and its indexes if they do not exist yet. */
  ensureTable(): Promise<'created' | 'exists'>;
  close(): void;
}

/** dashboard-api's store: its types have no write methods at all. */
export interface ReadStore {
  readonly campaigns: CampaignReader;
  readonly experiments: ExperimentReader;
  close(): void;
}

export function createStore(options: DynamoOptions): Store {
  const { client, doc } = createDocumentClient(options);
  return {
    campaigns: new CampaignRepository(doc, options.tableName),
    experiments: new ExperimentRepository(doc, options.tableName),
    slots: new SlotRepository(doc, options.tableName),
    runnerSlots: new RunnerSlotRepository(doc, options.tableName),
    memory: new MemoryRepository(doc, options.tableName),
    ensureTable: () => ensureTable(client, options.tableName),
    close: () => client.destroy(),
  };
}

export function createReadStore(options: DynamoOptions): ReadStore {
  const { client, doc } = createDocumentClient(options);
  return {
    campaigns: new CampaignReader(doc, options.tableName),
    experiments: new ExperimentReader(doc, options.tableName),
    close: () => client.destroy(),
  };
}
