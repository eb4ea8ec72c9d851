import type { FastifyInstance } from 'fastify';
import { summariseCampaign, type Campaign, type Source } from '@codec-lab/domain';
import type { ReadStore } from '@codec-lab/store';
import { comparableMetric, leaderboard, pareto, trend } from './campaign-analytics.ts';
import { CampaignParams, LeaderboardQuery, PageQuery } from './query-schemas.ts';
import type { ReadHandler } from './read-handler.ts';

function sourceLabel(source: Source): string {
  return source.kind === 'file' ? source.path : `${source.generator} ${source.width}x${source.height} ${source.fps}fps ${source.seconds}s`;
}

const targetBps = (campaign: Campaign) => campaign.objective.targetBitrateMbps * 1e6;

/** Campaign views: the stored campaign with a summary, its trend, Pareto front and leaderboards. */
export function registerCampaignRoutes(app: FastifyInstance, store: ReadStore, read: ReadHandler): void {
  // Both reads at once; the GetItem's 404 wins over an empty experiment list.
  const load = async (id: string) => {
    const [campaign, experiments] = await Promise.all([store.campaigns.get(id), store.experiments.listByCampaign(id)]);
    return { campaign, experiments };
  };

  app.get('/v1/campaigns', read(async (request) => {
    const { limit, cursor } = PageQuery.parse(request.query);
    return store.campaigns.list(limit, cursor);
  }));

  app.get('/v1/campaigns/:id', read(async (request) => {
    const { campaign, experiments } = await load(CampaignParams.parse(request.params).id);
    return { ...campaign, summary: summariseCampaign(campaign, experiments) };
  }));

  app.get('/v1/campaigns/:id/trend', read(async (request) => {
    const { campaign, experiments } = await load(CampaignParams.parse(request.params).id);
    return { campaignId: campaign.id, targetBitrateBps: targetBps(campaign), metric: campaign.objective.metric, points: trend(experiments, campaign.objective) };
  }));

  app.get('/v1/campaigns/:id/pareto', read(async (request) => {
    const { campaign, experiments } = await load(CampaignParams.parse(request.params).id);
    const metric = comparableMetric(experiments, campaign.objective.metric);
    return { campaignId: campaign.id, metric, targetBitrateBps: targetBps(campaign), ...pareto(experiments, metric) };
  }));

  app.get('/v1/campaigns/:id/leaderboard', read(async (request) => {
    const { campaign, experiments } = await load(CampaignParams.parse(request.params).id);
    return { campaignId: campaign.id, ...leaderboard(experiments, campaign.objective) };
  }));

  app.get('/v1/leaderboard', read(async (request) => {
    const { limit, cursor } = LeaderboardQuery.parse(request.query);
    const page = await store.campaigns.list(limit, cursor);
    const items = await Promise.all(
      page.items.map(async (campaign) => {
        const board = leaderboard(await store.experiments.listByCampaign(campaign.id), campaign.objective);
        // The best is the best that meets the objective; where none does, the closest is shown as such.
        const top = board.entries[0];
        const standing = top?.meetsObjective ? { metObjective: true, best: top } : top ? { metObjective: false, best: null, closest: top } : { best: null };
        return { campaignId: campaign.id, source: sourceLabel(campaign.source), targetBitrateBps: targetBps(campaign), metric: board.metric, ...standing };
      }),
    );
    return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }));
}
