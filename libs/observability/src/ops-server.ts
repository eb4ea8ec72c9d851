import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { addHealthRoutes, instrumentFastify } from './http.ts';

/**
 * The small HTTP server a gRPC service runs beside its gRPC port: `/metrics`, `/healthz`,
 * `/readyz`. Built, not listening; the caller listens.
 */
export function buildOpsServer(options: {
  registry: Registry;
  logger: Logger;
  isReady: () => boolean | Promise<boolean>;
}): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    connectionTimeout: 10_000,
    requestTimeout: 10_000,
  });
  instrumentFastify(app, options.registry);
  addHealthRoutes(app, options.isReady);
  return app;
}
