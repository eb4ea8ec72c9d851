import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ACTIVE_CAMPAIGN_STATUSES, type CampaignStatus } from '@codec-lab/domain';
import type { Store } from '@codec-lab/store';
import type { CampaignEvent, CampaignEvents } from '../campaigns/campaign.events.ts';
import { IdParams } from './campaign.routes.ts';
import { EventStreamResponse } from './responses.ts';

const HEARTBEAT_MS = 15_000;

/** A campaign whose stream stays open: one still to be driven, or paused (it may be resumed). */
const STREAMED: readonly CampaignStatus[] = [...ACTIVE_CAMPAIGN_STATUSES, 'paused'];

const EVENTS_DESCRIPTION = [
  'Server-sent events until the campaign ends. The first event is the campaign as stored (`campaign`); then, as they happen:',
  '- `experiment-queued`, `experiment-started`, `progress`, `experiment-finished`, `analysis`: the steps of the orchestrator driving the campaign;',
  '- `campaign-paused` (with `experimentsInFlight`: those still running finish and are stored), `campaign-resumed`, `campaign-budget` (`maxExperiments`, `previousMaxExperiments`, `status`): what was asked through the API;',
  '- `campaign-finished` (`status`, `stopReason`), after which the stream ends. A paused campaign has not ended: its stream stays open.',
  'The stream of a campaign that already ended sends `campaign` and `campaign-finished` and ends.',
].join('\n');

/**
 * `GET /v1/campaigns/:id/events`: server-sent events while the campaign runs or is paused. The
 * first event is the campaign as stored (`campaign`), then experiment-queued, experiment-started,
 * progress, experiment-finished, analysis, campaign-paused, campaign-resumed, campaign-budget, and
 * campaign-finished, after which the stream ends. Events come from the orchestrator driving the
 * campaign and the one that was asked to pause, resume or extend it; the store stays the source of
 * truth.
 */
export function registerEventRoutes(server: FastifyInstance, deps: { store: Store; events: CampaignEvents }): void {
  const app = server.withTypeProvider<ZodTypeProvider>();
  const open = new Set<() => void>();
  server.addHook('onClose', async () => {
    for (const close of open) close();
  });

  app.get(
    '/v1/campaigns/:id/events',
    { schema: { summary: "A campaign's progress as server-sent events", description: EVENTS_DESCRIPTION, tags: ['campaigns'], params: IdParams, response: { 200: EventStreamResponse } } },
    async (request, reply) => {
      const { id } = request.params;
      const early: CampaignEvent[] = [];
      // Subscribe before reading, so nothing between the read and the subscription is lost.
      let forward: (event: CampaignEvent) => void = (event) => early.push(event);
      const unsubscribe = deps.events.subscribe(id, (event) => forward(event));
      let campaign;
      try {
        campaign = await deps.store.campaigns.get(id);
      } catch (error) {
        unsubscribe();
        throw error;
      }

      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      let sequence = 0;
      const send = (type: string, data: unknown) => raw.write(`id: ${++sequence}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
      const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        open.delete(close);
        raw.end();
      };
      open.add(close);
      request.raw.on('close', close);

      send('campaign', campaign);
      if (!STREAMED.includes(campaign.status)) {
        send('campaign-finished', { type: 'campaign-finished', status: campaign.status, stopReason: campaign.stopReason ?? '' });
        return close();
      }
      forward = (event) => {
        send(event.type, event);
        if (event.type === 'campaign-finished') close();
      };
      for (const event of early.splice(0)) forward(event);
    },
  );
}
