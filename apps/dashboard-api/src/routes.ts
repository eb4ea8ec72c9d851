import type { FastifyInstance } from 'fastify';
import type { ReadStore } from '@codec-lab/store';
import { parsePostId, post, postSummary } from './blog-post.ts';
import { registerCampaignRoutes } from './campaign-routes.ts';
import { ExperimentQuery, PageQuery, PostParams } from './query-schemas.ts';
import type { ReadHandler } from './read-handler.ts';
import { cached, ResponseCache } from './response-cache.ts';

/**
 * Read-only routes: everything here is a Query or a GetItem through the read store, answered
 * through a cache of serialized bodies that lives `cacheMs` (0: every request reads the store).
 */
export function registerReadRoutes(app: FastifyInstance, store: ReadStore, cacheMs: number): void {
  const cache = new ResponseCache(cacheMs);
  const read: ReadHandler = (handler) => cached(cache, handler);
  app.get('/v1/experiments', read(async (request) => {
    const { campaignId, limit, cursor, ...filter } = ExperimentQuery.parse(request.query);
    const filtered = Object.values(filter).some((value) => value !== undefined);
    // Without a filter one Query fills the page exactly; with one, the store reads on until it is full.
    return filtered ? store.experiments.listRecentMatching({ campaignId, limit, cursor, filter }) : store.experiments.listRecent({ campaignId, limit, cursor });
  }));

  app.get('/v1/blog', read(async (request) => {
    const { limit, cursor } = PageQuery.parse(request.query);
    const page = await store.experiments.listRecentMatching({ limit, cursor, filter: { finished: true } });
    return { items: page.items.map(postSummary), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }));

  app.get('/v1/blog/:id', read(async (request) => {
    const { campaignId, seq } = parsePostId(PostParams.parse(request.params).id);
    return post(await store.experiments.get(campaignId, seq));
  }));

  registerCampaignRoutes(app, store, read);
}
