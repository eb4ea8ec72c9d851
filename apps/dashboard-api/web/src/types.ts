// The JSON shapes the page reads from dashboard-api: the domain's types and the answers the routes
// declare (apps/dashboard-api/src/responses.ts), imported as types only, so the bundle holds
// nothing of zod or the schemas.
import type { CampaignSummary } from '@codec-lab/domain';
import type { CampaignDetail } from '../../src/responses.ts';

export type { Arm, Campaign, SourceDescription } from '@codec-lab/domain';
export type {
  CampaignDetail,
  Leaderboard,
  ListedCampaign,
  ListedExperiment as Experiment,
  Pareto,
  Post as BlogPost,
  PostSummary as BlogSummary,
  Trend,
  TrendPoint,
} from '../../src/responses.ts';
export type { Frames, WorstFrame } from '../../src/frame-responses.ts';

/** One experiment as a summary names it: the best, or the closest where none met the objective. */
export type Best = NonNullable<CampaignSummary['best']>;

/** What the lab knew when a campaign started; absent on campaigns from before the lab remembered. */
export type Knowledge = NonNullable<CampaignDetail['knowledge']>;

/** A sampled campaign's probes and final full encodes, as its summary tells them. */
export type Sampled = NonNullable<CampaignSummary['sampled']>;
