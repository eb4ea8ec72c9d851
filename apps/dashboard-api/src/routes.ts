import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { describeConfig } from '@codec-lab/domain';
import type { ReadStore } from '@codec-lab/store';
import { parsePostId, post, postSummary } from './blog-post.ts';
import { registerCampaignRoutes } from './campaign-routes.ts';
import { ExperimentQuery, PageQuery, PostParams } from './query-schemas.ts';
import type { ReadRoute } from './read-handler.ts';
import { cached, ResponseCache } from './response-cache.ts';
import { BlogPageSchema, ExperimentPageSchema, PostSchema } from './responses.ts';

/**
 * Read-only routes: everything here is a Query or a GetItem through the read store, answered
 * through a cache of serialized bodies that lives `cacheMs` (0: every request reads the store).
 * Queries and parameters are parsed, and answers checked, by the zod type provider.
 */
export function registerReadRoutes(app: FastifyInstance, store: ReadStore, cacheMs: number): void {
  const cache = new ResponseCache(cacheMs);
  const read: ReadRoute = (path, schema, handler) => {
    app.get(path, { schema: schema as FastifySchema }, cached(cache, handler as (request: FastifyRequest) => Promise<unknown>));
  };

  read(
    '/v1/experiments',
    { summary: 'Experiments, newest first', tags: ['experiments'], querystring: ExperimentQuery, response: { 200: ExperimentPageSchema } },
    async (request) => {
      const { campaignId, limit, cursor, ...filter } = request.query;
      const filtered = Object.values(filter).some((value) => value !== undefined);
      // Without a filter one Query fills the page exactly; with one, the store reads on until it is full.
      const page = filtered ? await store.experiments.listRecentMatching({ campaignId, limit, cursor, filter }) : await store.experiments.listRecent({ campaignId, limit, cursor });
      return { ...page, items: page.items.map((e) => ({ ...e, configLabel: describeConfig(e.config) })) };
    },
  );

  read(
    '/v1/blog',
    { summary: 'Finished experiments as posts, newest first', tags: ['blog'], querystring: PageQuery, response: { 200: BlogPageSchema } },
    async (request) => {
      const { limit, cursor } = request.query;
      const page = await store.experiments.listRecentMatching({ limit, cursor, filter: { finished: true } });
      return { items: page.items.map(postSummary), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    },
  );

  read(
    '/v1/blog/:id',
    { summary: 'One experiment told as a post, with markdown', tags: ['blog'], params: PostParams, response: { 200: PostSchema } },
    async (request) => {
      const { campaignId, seq } = parsePostId(request.params.id);
      return post(await store.experiments.get(campaignId, seq));
    },
  );

  registerCampaignRoutes(read, store);
}
