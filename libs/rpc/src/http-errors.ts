import type { FastifyError, FastifyInstance } from 'fastify';
import { DomainError, formatIssues, type ErrorKind } from '@codec-lab/domain';
import { ZodError } from 'zod';

/** The one table from error kind to HTTP status. */
export const HTTP_STATUS_BY_KIND: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  precondition: 409,
  exhausted: 429,
  unavailable: 503,
  timeout: 504,
  cancelled: 409,
  internal: 500,
};

export interface ErrorBody {
  error: { code: string; message: string; issues?: string[] };
}

/** Maps a thrown value to a status and a body; 5xx bodies never carry internals. */
export function toHttpError(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof ZodError) {
    const issues = formatIssues(error.issues);
    return { status: 400, body: { error: { code: 'ERR_VALIDATION', message: `invalid request: ${issues.join('; ')}`, issues } } };
  }
  // Fastify's request validation (the zod type provider's issues have the same shape).
  const validation = (error as { validation?: unknown }).validation;
  if (Array.isArray(validation)) {
    const issues = validation.map((v: { instancePath?: string; message?: string }) => {
      const path = (v.instancePath ?? '').split('/').filter(Boolean).join('.');
      return `${path || '(root)'}: ${v.message ?? 'invalid'}`;
    });
    return { status: 400, body: { error: { code: 'ERR_VALIDATION', message: `invalid request: ${issues.join('; ')}`, issues } } };
  }
  if (error instanceof DomainError) {
    const status = HTTP_STATUS_BY_KIND[error.kind];
    const message = status >= 500 && error.kind === 'internal' ? 'internal error' : error.message;
    return { status, body: { error: { code: error.code, message, ...(error.details.length ? { issues: [...error.details] } : {}) } } };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return {
      status: fastifyError.statusCode,
      body: { error: { code: fastifyError.code ?? 'ERR_BAD_REQUEST', message: fastifyError.message ?? 'bad request' } },
    };
  }
  return { status: 500, body: { error: { code: 'ERR_INTERNAL', message: 'internal error' } } };
}

/** Installs the error and not-found handlers that give every failure the same JSON shape. */
export function installHttpErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = toHttpError(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: { code: 'ERR_ROUTE_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` } });
  });
}
