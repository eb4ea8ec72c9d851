/**
 * Why a language-model answer was not used. The set is closed so that it can label metrics; the
 * stored `fallbackReason` is `<reason>: <detail>` so that a person reading it also learns what happened.
 */
export const FALLBACK_REASONS = [
  'not_configured',
  'circuit_open',
  'orchestrator_refused',
  'timeout',
  'rate_limited',
  'server_error',
  'connection_error',
  'request_rejected',
  'invalid_json',
  'schema_violation',
  'semantic_invalid',
  'repeat',
  'refusal',
  'truncated',
  'unexpected',
] as const;
export type FallbackReason = (typeof FALLBACK_REASONS)[number];

/** Reasons a second, corrective request can fix: the model answered, but not acceptably. */
const REPAIRABLE: ReadonlySet<FallbackReason> = new Set(['invalid_json', 'schema_violation', 'semantic_invalid', 'repeat', 'truncated']);

/** True when one repair request carrying the errors is worth sending. */
export function isRepairable(reason: FallbackReason): boolean {
  return REPAIRABLE.has(reason);
}

/** The stored form of a fallback reason: the bounded code first, then the detail. */
export function formatFallbackReason(reason: FallbackReason, detail: string): string {
  return `${reason}: ${detail}`;
}

/** A failed call to the endpoint (after the SDK's own retries), classified. */
export class LlmCallError extends Error {
  readonly reason: FallbackReason;

  constructor(reason: FallbackReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LlmCallError';
    this.reason = reason;
  }
}
