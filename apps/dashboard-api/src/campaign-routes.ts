import { describeObjective, sourceLabel, summariseCampaign, type Campaign } from '@codec-lab/domain';
import type { ReadStore } from '@codec-lab/store';
import { comparableMetric, leaderboard, pareto, scoredVmafModel, targetBitrateBps, trend } from './campaign-analytics.ts';
import { CampaignParams, LeaderboardQuery, PageQuery } from './query-schemas.ts';
import type { ReadRoute } from './read-handler.ts';
import { CampaignDetailSchema, CampaignPageSchema, LeaderboardPageSchema, LeaderboardSchema, ParetoSchema, TrendSchema } from './responses.ts';

const targetBps = (campaign: Campaign) => targetBitrateBps(campaign.objective);
const withObjectiveText = <T extends Campaign>(campaign: T) => ({ ...campaign, objectiveText: describeObjective(campaign.objective) });

const STANDING_DESCRIPTION = [
  'The stored campaign with `sourceDescription` and a `summary`, the same shape the orchestrator answers, plus `objectiveText` (the objective in words): experiment counts and, for the analyst arm and per arm under `summary.arms` where a control arm ran:',
  '- `best`: the answer, the best experiment that meets the objective (the highest quality within a budget, the smallest bitrate reaching a quality target);',
  '- where none does, no `best`: `metObjective` is false and `closest` names the experiment nearest the target;',
  '- for a Pareto objective, `summary.pareto`: the front of the experiments that meet it, its hypervolume and the reference corner it is measured from;',
  '- for a sampled campaign (`sampling`), `summary.sampled`: which experiments were probes (run on the sampled segments: estimates, never the answer), encode seconds on probes and in full, and each final full encode with what its probe predicted and what it measured.',
  '`knowledge` (campaigns started since the lab remembers): what the lab knew when the campaign started, the similar sources its priors were learned from, the probe correction and the priors\' provenance.',
].join('\n');

/** Campaign views: the stored campaign with a summary, its trend, Pareto front and leaderboards. */
export function registerCampaignRoutes(read: ReadRoute, store: ReadStore): void {
  const tags = ['campaigns'];
  // Both reads at once; the GetItem's 404 wins over an empty experiment list.
  const load = async (id: string) => {
    const [campaign, experiments] = await Promise.all([store.campaigns.get(id), store.experiments.listByCampaign(id)]);
    return { campaign, experiments };
  };

  read(
    '/v1/campaigns',
    { summary: 'Campaigns, newest first', tags, querystring: PageQuery, response: { 200: CampaignPageSchema } },
    async (request) => {
      const page = await store.campaigns.list(request.query.limit, request.query.cursor);
      return { ...page, items: page.items.map(withObjectiveText) };
    },
  );

  read(
    '/v1/campaigns/:id',
    { summary: 'A campaign with its summary and both arms', description: STANDING_DESCRIPTION, tags, params: CampaignParams, response: { 200: CampaignDetailSchema } },
    async (request) => {
      const { campaign, experiments } = await load(request.params.id);
      return { ...withObjectiveText(campaign), summary: summariseCampaign(campaign, experiments) };
    },
  );

  read(
    '/v1/campaigns/:id/trend',
    { summary: 'Bitrate and quality per experiment, the best so far, the target', tags, params: CampaignParams, response: { 200: TrendSchema } },
    async (request) => {
      const { campaign, experiments } = await load(request.params.id);
      return {
        campaignId: campaign.id,
        targetBitrateBps: targetBps(campaign),
        metric: campaign.objective.metric,
        vmafModel: scoredVmafModel(experiments),
        points: trend(experiments, campaign.objective),
      };
    },
  );

  read(
    '/v1/campaigns/:id/pareto',
    { summary: 'Bitrate against quality, and the Pareto front', tags, params: CampaignParams, response: { 200: ParetoSchema } },
    async (request) => {
      const { campaign, experiments } = await load(request.params.id);
      const metric = comparableMetric(experiments, campaign.objective.metric);
      return { campaignId: campaign.id, metric, vmafModel: metric === 'vmaf' ? scoredVmafModel(experiments) : null, targetBitrateBps: targetBps(campaign), ...pareto(experiments, metric) };
    },
  );

  read(
    '/v1/campaigns/:id/leaderboard',
    { summary: "A campaign's measured experiments ranked, with the change against the baseline", tags, params: CampaignParams, response: { 200: LeaderboardSchema } },
    async (request) => {
      const { campaign, experiments } = await load(request.params.id);
      return { campaignId: campaign.id, ...leaderboard(experiments, campaign.objective) };
    },
  );

  read(
    '/v1/leaderboard',
    { summary: 'The best of each recent campaign', tags, querystring: LeaderboardQuery, response: { 200: LeaderboardPageSchema } },
    async (request) => {
      const { limit, cursor } = request.query;
      const page = await store.campaigns.list(limit, cursor);
      const items = await Promise.all(
        page.items.map(async (campaign) => {
          const board = leaderboard(await store.experiments.listByCampaign(campaign.id), campaign.objective);
          // The best is the best full encode that meets the objective; where none does, the closest
          // is shown as such. A probe (an estimate from sampled segments) is neither.
          const top = board.entries.find((e) => !e.probe);
          const standing = top?.meetsObjective ? { metObjective: true, best: top } : top ? { metObjective: false, best: null, closest: top } : { best: null };
          return {
            campaignId: campaign.id,
            source: sourceLabel(campaign.source),
            objectiveText: describeObjective(campaign.objective),
            targetBitrateBps: targetBps(campaign),
            metric: board.metric,
            vmafModel: board.vmafModel,
            ...standing,
          };
        }),
      );
      return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    },
  );
}
