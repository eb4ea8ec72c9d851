/**
 * The kinds of failure every transport knows how to report. Each transport maps a kind to its own
 * status once (gRPC code, HTTP status); nothing else picks status codes.
 */
export const ERROR_KINDS = [
  'invalid',
  'unauthorized',
  'not_found',
  'conflict',
  'precondition',
  'exhausted',
  'unavailable',
  'timeout',
  'cancelled',
  'internal',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** An error with a stable code (`ERR_CAMPAIGN_NOT_FOUND`) a client can branch on. */
export class DomainError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly details: readonly string[];

  constructor(kind: ErrorKind, code: string, message: string, options?: { cause?: unknown; details?: readonly string[] }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    this.details = options?.details ?? [];
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** zod issues as `path: message` lines, the form every 400 / INVALID_ARGUMENT carries. */
export function formatIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] {
  return issues.map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`);
}
