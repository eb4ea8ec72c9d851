import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { addHealthRoutes, instrumentFastify, type Logger } from '@codec-lab/observability';
import { installHttpErrorHandling } from '@codec-lab/rpc';
import type { Registry } from 'prom-client';
import type { Store } from '@codec-lab/store';
import type { CampaignScheduler } from './campaigns/campaign.scheduler.ts';
import { registerCampaignRoutes } from './http/campaign.routes.ts';

export const SERVICE_NAME = 'orchestrator';

/** Builds the public REST API without listening, so tests can inject requests. */
export function buildApp(deps: {
  store: Store;
  scheduler: CampaignScheduler;
  registry: Registry;
  logger: Logger;
  isReady: () => boolean;
}): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: 64 * 1024,
    connectionTimeout: 30_000,
    requestTimeout: 30_000,
    return503OnClosing: true,
  });
  installHttpErrorHandling(app);
  instrumentFastify(app, deps.registry);
  addHealthRoutes(app, deps.isReady);
  registerCampaignRoutes(app, deps);
  return app;
}
