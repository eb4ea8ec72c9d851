import type { FastifyRequest } from 'fastify';
import type { cached } from './response-cache.ts';

/** Wraps a read handler (parse, query, shape) into a route handler that serves through the cache. */
export type ReadHandler = (handler: (request: FastifyRequest) => Promise<unknown>) => ReturnType<typeof cached>;
