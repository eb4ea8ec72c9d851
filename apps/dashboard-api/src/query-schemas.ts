import { z } from 'zod';
import { ENCODER_NAMES, ORIGINS } from '@codec-lab/domain';

// Every query string and path parameter is parsed here; a zod failure becomes a 400 naming the field.

const campaignId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { message: 'not a campaign id' });
const cursor = z.string().max(2048).optional();
const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/** `GET /v1/experiments`. */
export const ExperimentQuery = z.strictObject({
  campaignId: campaignId.optional(),
  strategy: z.enum(['codec', 'parameter_storage']).optional(),
  encoder: z.enum(ENCODER_NAMES).optional(),
  origin: z.enum(ORIGINS).optional(),
  limit: limit(200, 50),
  cursor,
});

/** Paged lists without filters: campaigns, the blog. */
export const PageQuery = z.strictObject({ limit: limit(100, 50), cursor });

/** `GET /v1/leaderboard`: each campaign costs a query, so the page is small. */
export const LeaderboardQuery = z.strictObject({ limit: limit(50, 10), cursor });

export const CampaignParams = z.strictObject({ id: campaignId });

export const PostParams = z.strictObject({ id: z.string().max(80) });
