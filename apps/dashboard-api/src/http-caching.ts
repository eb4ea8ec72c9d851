import etag from '@fastify/etag';
import type { FastifyInstance } from 'fastify';

/** How long a browser or proxy may reuse a read without asking: short, because campaigns move. */
export const CACHE_CONTROL = 'public, max-age=5';

/**
 * Weak ETags over every response body (If-None-Match answers 304 without the body; a route may set
 * its own, strong one) and a short Cache-Control on successful API reads, unless the route set a
 * longer one itself (what never changes: a measured experiment's frames). Errors are not cached: a
 * 404 may become a 200 a moment later, when the orchestrator writes the campaign. Call before
 * registering the routes.
 */
export function registerHttpCaching(app: FastifyInstance): void {
  // On the root instance itself (not inside a plugin) so that every route registered after sees it.
  app.register(etag, { weak: true });
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'GET' && request.url.startsWith('/v1/') && (reply.statusCode === 200 || reply.statusCode === 304) && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', CACHE_CONTROL);
    }
    return payload;
  });
}
