import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { addHealthRoutes, instrumentFastify, type Logger } from '@codec-lab/observability';
import { installHttpErrorHandling } from '@codec-lab/rpc';
import type { ReadStore } from '@codec-lab/store';
import { Gauge, type Registry } from 'prom-client';
import { registerArtifactRoutes } from './artifact-routes.ts';
import { noArtifacts, type ArtifactSource } from './artifact-source.ts';
import { unconfiguredRunner, type FrameRunner } from './frame-runner.ts';
import { registerFrameRoutes } from './frame-routes.ts';
import { FrameStore } from './frame-store.ts';
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
  /** agent-runner, for per-frame quality and stills; unset: those routes answer 503 and say why. */
  runner?: FrameRunner;
  /** Bytes of per-frame quality and stills kept in memory (FRAME_CACHE_MB); 128 MiB unset. */
  frameCacheBytes?: number;
  /** Where artifacts are downloaded from (ARTIFACT_STORE or ARTIFACT_DIR); unset: downloads answer 503. */
  artifacts?: ArtifactSource;
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
      info: {
        title: 'codec-lab dashboard-api',
        description: 'Read-only views of campaigns and experiments: summaries, trends, Pareto fronts, leaderboards, the blog, and per-frame quality with stills (from agent-runner).',
        version: '1',
      },
    },
    transform: jsonSchemaTransform,
  });
  app.register(swaggerUi, { routePrefix: '/docs' });
  // A plugin, so it loads after the caching hooks are in place.
  app.register(async (api) => registerReadRoutes(api, deps.store, deps.responseCacheMs ?? 0));
  const frames = new FrameStore(deps.store, deps.runner ?? unconfiguredRunner(), deps.frameCacheBytes ?? 128 * 1024 * 1024);
  app.register(async (api) => registerFrameRoutes(api, frames));
  app.register(async (api) => registerArtifactRoutes(api, deps.store, deps.artifacts ?? noArtifacts()));
  new Gauge({
    name: 'codeclab_dashboard_frame_cache_bytes',
    help: 'Bytes of per-frame quality and stills dashboard-api keeps in memory (bounded by FRAME_CACHE_MB)',
    registers: [deps.registry],
    collect() {
      this.set(frames.cachedBytes);
    },
  });
  app.addHook('onClose', async () => frames.close());
  registerWebRoutes(app);
  return app;
}
