import { createHash } from 'node:crypto';
import { ExperimentConfigSchema, type ExperimentConfig } from './config.schema.ts';

/**
 * JSON with object keys sorted at every depth and undefined members dropped, so that two configs
 * that mean the same thing serialise to the same bytes.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) out[key] = sortKeys(member);
    }
    return out;
  }
  return value;
}

/**
 * sha256 of the canonical JSON of a config, after parsing it (so defaults are filled in): the unit
 * of "already tried" within a campaign.
 */
export function configHash(config: ExperimentConfig): string {
  const parsed = ExperimentConfigSchema.parse(config);
  return createHash('sha256').update(canonicalJson(parsed)).digest('hex');
}
