import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createReadStore, createStore, type Store } from '@codec-lab/store';
import { startEmbeddedDynamo } from '@codec-lab/store/embedded';
import { met, type Prerequisite } from '@codec-lab/testing';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { buildWeb } from '../../web/build.ts';
import { openOfflinePage } from './offline-page.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
/** Where the browser tests leave their screenshots. */
export const SCREENSHOTS = join(root, 'test-results', 'screenshots');

export interface SeededDashboard {
  readonly base: string;
  readonly page: Page;
  readonly pageErrors: string[];
}

/**
 * The dashboard over dashboard-api and dynalite seeded by hand (`seed` writes the campaigns), in
 * an offline headless Chromium page, started before the file's tests and stopped after them.
 * `current()` gives the running page once the file's beforeAll hooks have run.
 */
export function seededDashboard(tableName: string, needs: Prerequisite, seed: (store: Store) => Promise<void>): { current(): SeededDashboard } {
  let running: SeededDashboard | undefined;
  const stops: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    if (!met(needs)) return;
    await buildWeb();
    mkdirSync(SCREENSHOTS, { recursive: true });
    const dynamo = await startEmbeddedDynamo({});
    stops.push(() => dynamo.close());
    const options = { endpoint: dynamo.endpoint, region: 'local', tableName };
    const writer = createStore(options);
    stops.push(() => writer.close());
    await writer.ensureTable();
    const reader = createReadStore(options);
    stops.push(() => reader.close());
    await seed(writer);
    const app: FastifyInstance = buildApp({ store: reader, registry: new Registry(), logger: pino({ level: 'silent' }) });
    stops.push(() => app.close());
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const opened: { browser: Browser; page: Page; pageErrors: string[] } = await openOfflinePage(base);
    stops.push(() => opened.browser.close());
    running = { base, page: opened.page, pageErrors: opened.pageErrors };
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });
  return {
    current() {
      if (!running) throw new Error('the seeded dashboard is not running');
      return running;
    },
  };
}
