import { CampaignSchema, ExperimentSchema, type Campaign, type Experiment } from '@codec-lab/domain';

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entity'] as const;

function strip(item: Record<string, unknown>): Record<string, unknown> {
  const out = { ...item };
  for (const key of KEY_ATTRIBUTES) delete out[key];
  return out;
}

/** Items are parsed on the way out too: a row that no longer fits the schema is an error, not data. */
export function campaignFromItem(item: Record<string, unknown>): Campaign {
  return CampaignSchema.parse(strip(item));
}

export function experimentFromItem(item: Record<string, unknown>): Experiment {
  return ExperimentSchema.parse(strip(item));
}

export type { Campaign, Experiment };
