import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { createHttpMetrics } from './metrics.ts';

/**
 * Counts and times every request by its route template (never the raw URL, which would let label
 * values grow without end) and serves the registry at `/metrics`.
 */
export function instrumentFastify(app: FastifyInstance, registry: Registry): void {
  const metrics = createHttpMetrics(registry);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}

/** `/healthz` (the process is alive) and `/readyz` (it can do its work now). */
export function addHealthRoutes(app: FastifyInstance, isReady: () => boolean | Promise<boolean>): void {
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    const ready = await isReady();
    reply.code(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not ready' };
  });
}
