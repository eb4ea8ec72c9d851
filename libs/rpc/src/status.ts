import { Metadata, status as GrpcStatus, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import { DomainError, formatIssues, type ErrorKind } from '@codec-lab/domain';
import { ZodError } from 'zod';

/** The one table from error kind to gRPC status. */
export const GRPC_STATUS_BY_KIND: Readonly<Record<ErrorKind, GrpcStatus>> = {
  invalid: GrpcStatus.INVALID_ARGUMENT,
  unauthorized: GrpcStatus.UNAUTHENTICATED,
  not_found: GrpcStatus.NOT_FOUND,
  conflict: GrpcStatus.ALREADY_EXISTS,
  precondition: GrpcStatus.FAILED_PRECONDITION,
  exhausted: GrpcStatus.RESOURCE_EXHAUSTED,
  unavailable: GrpcStatus.UNAVAILABLE,
  timeout: GrpcStatus.DEADLINE_EXCEEDED,
  cancelled: GrpcStatus.CANCELLED,
  internal: GrpcStatus.INTERNAL,
};

const KIND_BY_GRPC_STATUS = new Map<number, ErrorKind>(
  Object.entries(GRPC_STATUS_BY_KIND).map(([kind, code]) => [code, kind as ErrorKind]),
);
KIND_BY_GRPC_STATUS.set(GrpcStatus.ABORTED, 'conflict');
KIND_BY_GRPC_STATUS.set(GrpcStatus.OUT_OF_RANGE, 'invalid');
KIND_BY_GRPC_STATUS.set(GrpcStatus.UNKNOWN, 'internal');

const CODE_METADATA_KEY = 'codeclab-error-code';

/** Turns any thrown value into a gRPC status; internals of unexpected errors are not sent. */
export function toGrpcStatus(error: unknown): Partial<StatusObject> & { code: GrpcStatus; details: string } {
  const metadata = new Metadata();
  if (error instanceof ZodError) {
    metadata.set(CODE_METADATA_KEY, 'ERR_INVALID_ARGUMENT');
    return { code: GrpcStatus.INVALID_ARGUMENT, details: formatIssues(error.issues).join('; '), metadata };
  }
  if (error instanceof DomainError) {
    metadata.set(CODE_METADATA_KEY, error.code);
    const details = error.details.length ? `${error.message}: ${error.details.join('; ')}` : error.message;
    return { code: GRPC_STATUS_BY_KIND[error.kind], details, metadata };
  }
  metadata.set(CODE_METADATA_KEY, 'ERR_INTERNAL');
  return { code: GrpcStatus.INTERNAL, details: 'internal error', metadata };
}

/** Turns an error from a gRPC client call back into a DomainError with the same kind. */
export function fromGrpcError(error: unknown, what: string): DomainError {
  if (error instanceof DomainError) return error;
  const serviceError = error as Partial<ServiceError>;
  if (typeof serviceError.code === 'number') {
    const kind = KIND_BY_GRPC_STATUS.get(serviceError.code) ?? 'internal';
    const code = serviceError.metadata?.get(CODE_METADATA_KEY)[0];
    return new DomainError(
      kind,
      typeof code === 'string' ? code : `ERR_${GrpcStatus[serviceError.code] ?? 'UNKNOWN'}`,
      `${what}: ${serviceError.details ?? serviceError.message ?? 'no details'}`,
      { cause: error },
    );
  }
  return new DomainError('internal', 'ERR_INTERNAL', `${what}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}

export function grpcStatusName(code: number): string {
  return GrpcStatus[code] ?? String(code);
}
