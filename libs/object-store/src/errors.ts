import { DomainError } from '@codec-lab/domain';

const NOT_FOUND = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket']);
const DENIED = new Set(['AccessDenied', 'Forbidden', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken']);

/**
 * An S3 failure as a DomainError naming the object: a missing object or bucket is 'not_found'
 * (ERR_OBJECT_NOT_FOUND), refused credentials 'precondition' (ERR_OBJECT_STORE_DENIED), anything
 * else (the store unreachable, a 5xx after the SDK's retries) 'unavailable'.
 */
export function storeError(error: unknown, what: string): DomainError {
  if (error instanceof DomainError) return error;
  const name = (error as { name?: string })?.name ?? '';
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  if (NOT_FOUND.has(name) || status === 404) {
    return new DomainError('not_found', 'ERR_OBJECT_NOT_FOUND', `${what} does not exist${name === 'NoSuchBucket' ? ' (no such bucket)' : ''}`, { cause: error });
  }
  if (DENIED.has(name) || status === 403) {
    return new DomainError('precondition', 'ERR_OBJECT_STORE_DENIED', `the object store refused access to ${what} (${name || status})`, { cause: error });
  }
  return new DomainError('unavailable', 'ERR_OBJECT_STORE_UNAVAILABLE', `the object store failed on ${what}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}
