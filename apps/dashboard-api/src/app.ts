import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { addHealthRoutes, instrumentFastify, type Logger } from '@codec-lab/observability';
import { installHttpErrorHandling } from '@codec-lab/rpc';
import type { ReadStore } from '@codec-lab/store';
import type { Registry } from 'prom-client';
import { registerReadRoutes } from './routes.ts';

export const SERVICE_NAME = 'dashboard-api';

/** Builds the read-only API without listening. */
export function buildApp(deps: { store: ReadStore; registry: Registry; logger: Logger }): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: 16 * 1024,
    connectionTimeout: 30_000,
    requestTimeout: 30_000,
    return503OnClosing: true,
  });
  installHttpErrorHandling(app);
  instrumentFastify(app, deps.registry);
  addHealthRoutes(app, () => true);
  registerReadRoutes(app, deps.store);
  return app;
}
