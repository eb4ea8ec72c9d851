import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installHttpErrorHandling } from '@codec-lab/rpc';
import { findWebRoot, registerWebRoutes } from '../../src/web.routes.ts';
import { buildWeb } from '../../web/build.ts';

// The page is served from the built bundle with the right types, and nothing outside it is reachable.

let app: FastifyInstance;

beforeAll(async () => {
  const root = findWebRoot();
  if (!root || !existsSync(join(root, 'app.js'))) await buildWeb();
  app = Fastify();
  installHttpErrorHandling(app);
  app.get('/v1/ping', async () => ({ ok: true }));
  registerWebRoutes(app);
  await app.ready();
});

afterAll(() => app?.close());

describe('the dashboard page', () => {
  it('serves index.html at / with a content security policy, and its bundle with the right types', async () => {
    const index = await app.inject('/');
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['content-security-policy']).toContain("default-src 'self'");
    expect(index.body).toContain('<script type="module" src="app.js">');
    expect(index.body).not.toMatch(/https?:\/\//); // nothing from a CDN

    const js = await app.inject('/app.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    const css = await app.inject('/app.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('keeps the API routes and the API 404 for anything else, including traversal attempts', async () => {
    expect((await app.inject('/v1/ping')).json()).toEqual({ ok: true });
    for (const url of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/%2e%2e%2f%2e%2e%2fpackage.json', '/nope.js']) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).not.toContain('"name": "codec-lab"');
    }
    expect((await app.inject('/v1/no-such-route')).json()).toMatchObject({ error: { code: 'ERR_ROUTE_NOT_FOUND' } });
  });
});
