import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type preHandlerHookHandler } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { DomainError } from '@codec-lab/domain';
import { addHealthRoutes, instrumentFastify, type Logger } from '@codec-lab/observability';
import { installHttpErrorHandling } from '@codec-lab/rpc';
import type { Registry } from 'prom-client';
import type { Store } from '@codec-lab/store';
import type { CampaignScheduler } from './campaigns/campaign.scheduler.ts';
import { registerCampaignRoutes, type RouteDeps } from './http/campaign.routes.ts';
import { registerEventRoutes } from './http/events.route.ts';
import { registerSourceRoutes, type SourceRouteDeps } from './http/sources.route.ts';

export const SERVICE_NAME = 'orchestrator';
const OPS_ROUTES = ['/metrics', '/healthz', '/readyz'];

/** A preHandler that demands `Authorization: Bearer <token>`, compared in constant time. */
function bearerToken(token: string | undefined): preHandlerHookHandler {
  if (!token) return async () => {};
  const expected = Buffer.from(token);
  return async (request) => {
    const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    const given = Buffer.from(match?.[1] ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new DomainError('unauthorized', 'ERR_UNAUTHORIZED', 'a valid bearer token is required for this endpoint');
    }
  };
}

/** Builds the public REST API without listening, so tests can inject requests. */
export async function buildApp(deps: {
  store: Store;
  scheduler: CampaignScheduler;
  registry: Registry;
  logger: Logger;
  isReady: () => boolean;
  apiToken?: string;
  rateLimitPerMinute: number;
  describeSource: RouteDeps['describeSource'];
  runnerOffer: RouteDeps['runnerOffer'];
  uploadSource: SourceRouteDeps['uploadSource'];
  uploadMaxBytes: number;
  /** How long a request may take to arrive in full: an upload's whole body. */
  requestTimeoutMs: number;
}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: 64 * 1024,
    connectionTimeout: 30_000,
    requestTimeout: deps.requestTimeoutMs,
    return503OnClosing: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installHttpErrorHandling(app);
  instrumentFastify(app, deps.registry);
  addHealthRoutes(app, deps.isReady);

  await app.register(swagger, {
    openapi: {
      info: { title: 'codec-lab orchestrator', description: 'Campaigns of video-compression experiments, measured from real artifacts.', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(rateLimit, {
    max: deps.rateLimitPerMinute,
    timeWindow: '1 minute',
    allowList: (request) => OPS_ROUTES.includes(request.url.split('?')[0] ?? ''),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'ERR_RATE_LIMITED',
      message: `more than ${context.max} requests a minute; retry in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });

  registerCampaignRoutes(app, { store: deps.store, scheduler: deps.scheduler, requireToken: bearerToken(deps.apiToken), describeSource: deps.describeSource, runnerOffer: deps.runnerOffer });
  registerEventRoutes(app, { store: deps.store, events: deps.scheduler.events });
  await registerSourceRoutes(app, { requireToken: bearerToken(deps.apiToken), uploadSource: deps.uploadSource, maxBytes: deps.uploadMaxBytes });
  return app;
}
