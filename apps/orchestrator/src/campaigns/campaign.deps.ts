import type { Logger } from '@codec-lab/observability';
import type { Store } from '@codec-lab/store';
import type { AnalystGateway } from '../gateways/analyst.gateway.ts';
import type { RunnerGateway } from '../gateways/runner.gateway.ts';
import type { CampaignEvent } from './campaign.events.ts';
import type { CampaignMetrics } from './campaign.metrics.ts';

/** What a campaign's driver works with: the store, the gateways, and its limits. */
export interface DriverDeps {
  readonly store: Store;
  readonly runner: RunnerGateway;
  readonly analyst: AnalystGateway;
  readonly metrics: CampaignMetrics;
  readonly logger: Logger;
  readonly stepRetries: number;
  readonly maxExperimentAttempts: number;
  /** Experiments running at once across every orchestrator replica, and the lease on each slot. */
  readonly slots: { readonly count: number; readonly ttlMs: number };
  readonly onEvent: (campaignId: string, event: CampaignEvent) => void;
}
