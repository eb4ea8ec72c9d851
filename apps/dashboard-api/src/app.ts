import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { addHealthRoutes, instrumentFastify, type Logger } from '@codec-lab/observability';
import { installHttpErrorHandling } from '@codec-lab/rpc';
import type { ReadStore } from '@codec-lab/store';
import type { Registry } from 'prom-client';
import { registerHttpCaching } from './http-caching.ts';
import { registerReadRoutes } from './routes.ts';
import { registerWebRoutes } from './web.routes.ts';

export const SERVICE_NAME = 'dashboard-api';

/** Builds the read-only API without listening. */
export function buildApp(deps: {
  store: ReadStore;
  registry: Registry;
  logger: Logger;
  /** How long a serialized answer is reused (RESPONSE_CACHE_MS); 0 or unset reads the store every time. */
  responseCacheMs?: number;
}): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: 16 * 1024,
    connectionTimeout: 30_000,
    requestTimeout: 30_000,
    return503OnClosing: true,
  });
  // Queries and parameters are parsed, and answers checked, with the zod schemas the routes declare.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installHttpErrorHandling(app);
  instrumentFastify(app, deps.registry);
  addHealthRoutes(app, () => true);
  registerHttpCaching(app);
  app.register(swagger, {
    openapi: {
      info: { title: 'codec-lab dashboard-api', description: 'Read-only views of campaigns and experiments: summaries, trends, Pareto fronts, leaderboards and the blog.', version: '1' },
    },
    transform: jsonSchemaTransform,
  });
  app.register(swaggerUi, { routePrefix: '/docs' });
  // A plugin, so it loads after the caching hooks are in place.
  app.register(async (api) => registerReadRoutes(api, deps.store, deps.responseCacheMs ?? 0));
  registerWebRoutes(app);
  return app;
}
