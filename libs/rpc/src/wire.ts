import { DomainError } from '@codec-lab/domain';

/** A message or field the contract requires was absent: INVALID_ARGUMENT naming it. */
export function missing(what: string): never {
  throw new DomainError('invalid', 'ERR_INVALID_ARGUMENT', `${what} is required`);
}
