import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '@codec-lab/domain';

/** `Idempotency-Key`: what a client sends to make a create safe to retry. */
export const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, { message: '1 to 200 visible ASCII characters' })
    .optional()
    .describe('Same key, same answer: a retried create returns the campaign the first one made.'),
});

/**
 * The campaign id a key stands for: a UUID-shaped digest of the key, so that two requests with
 * the same key race for the same conditional write and only one campaign can ever exist.
 */
export function idFromKey(key: string): string {
  const hex = createHash('sha256').update(`idempotency-key:${key}`).digest('hex');
  // Version 8 (custom) and the RFC 9562 variant bits, so it is a well-formed UUID.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** Fingerprint of a request body, to tell a replay (same body) from a misused key (another body). */
export function requestHash(route: string, body: unknown): string {
  return createHash('sha256').update(`${route}\n${canonicalJson(body)}`).digest('hex');
}
