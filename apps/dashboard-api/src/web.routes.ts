import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const WEB_DIR = join('dist', 'apps', 'dashboard-api', 'web');

// The page loads only its own bundle and talks only to this server.
const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * Finds the built page (`dist/apps/dashboard-api/web`) by walking up from this module, which works
 * from the sources, from a service bundle in `dist/` (the lab's too), and in the container image.
 */
export function findWebRoot(start = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = start;
  for (;;) {
    const candidate = join(dir, WEB_DIR);
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Serves the dashboard page at `/` and its bundle beside it. Only the files present at start-up are
 * routed (no wildcard), so no request can reach outside the folder, and unknown paths keep the API's
 * 404. Without a built page, `/` says how to build it.
 */
export function registerWebRoutes(app: FastifyInstance, root = findWebRoot()): void {
  if (!root) {
    app.get('/', async (_request, reply) =>
      reply.code(503).type('text/plain; charset=utf-8').send('The dashboard page is not built: run `node apps/dashboard-api/web/build.ts`.\n'),
    );
    return;
  }
  app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: false,
    serveDotFiles: false,
    setHeaders: (reply, path) => {
      if (path.endsWith('.html')) {
        reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
        reply.header('cache-control', 'no-cache');
      }
    },
  });
  app.get('/', (_request, reply) => reply.sendFile('index.html'));
}
