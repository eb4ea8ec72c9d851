import { DomainError } from '@codec-lab/domain';

export const campaignPk = (campaignId: string) => `CAMPAIGN#${campaignId}`;
export const CAMPAIGN_SK = 'META';
export const experimentSk = (seq: number) => `EXP#${String(seq).padStart(5, '0')}`;
export const EXPERIMENT_SK_PREFIX = 'EXP#';
export const hashSk = (configHash: string) => `HASH#${configHash}`;
export const ALL_CAMPAIGNS = 'CAMPAIGNS';
export const ALL_EXPERIMENTS = 'EXPERIMENTS';
export const ACTIVE_CAMPAIGNS = 'ACTIVE';
/** The lab's memory: one partition per cell of similar sources (`memoryCell` in the planner). */
export const memoryPk = (cell: string) => `MEMORY#${cell}`;
export const timeSortKey = (iso: string, id: string) => `${iso}#${id}`;

/** Opaque continuation token: the last evaluated key, base64url-encoded. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const entries = Object.entries(value);
      if (entries.length <= 6 && entries.every(([, v]) => typeof v === 'string' && v.length < 512)) {
        return value as Record<string, unknown>;
      }
    }
  } catch {
    // reported below
  }
  throw new DomainError('invalid', 'ERR_INVALID_CURSOR', 'the continuation token is not one this API issued');
}
