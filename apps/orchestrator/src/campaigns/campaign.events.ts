import { EventEmitter } from 'node:events';
import type { Arm, CampaignStatus, ExperimentConfig, ExperimentStatus, Failure, Origin } from '@codec-lab/domain';

/**
 * What a campaign's driver reports as it goes, and what was asked of the campaign through the
 * API (paused, resumed, budget extended); `GET /v1/campaigns/:id/events` streams these.
 * - `campaign-paused`: no new step starts; `experimentsInFlight` experiments already running
 *   finish and are stored (their experiment-finished events follow).
 * - `campaign-resumed`: queued again, to go on from where it stopped.
 * - `campaign-budget`: `maxExperiments` raised from `previousMaxExperiments`; `status` is the
 *   campaign's after it (queued where a succeeded campaign was reopened).
 */
export type CampaignEvent =
  | { type: 'experiment-queued'; seq: number; arm: Arm; origin: Origin; hypothesis: string; config: ExperimentConfig }
  | { type: 'experiment-started'; seq: number; attempt: number }
  | { type: 'progress'; seq: number; phase: string; percent: number; fps: number }
  | { type: 'experiment-finished'; seq: number; status: ExperimentStatus; bitrateBps?: number; psnr?: number; ssim?: number; vmaf?: number; failure?: Failure }
  | { type: 'analysis'; seq: number; origin: Origin; summary: string; nextStep: string }
  | { type: 'campaign-paused'; status: 'paused'; experimentsInFlight: number }
  | { type: 'campaign-resumed'; status: 'queued' }
  | { type: 'campaign-budget'; status: CampaignStatus; maxExperiments: number; previousMaxExperiments: number }
  | { type: 'campaign-finished'; status: string; stopReason: string };

/**
 * In-process fan-out of campaign events to the clients watching them. Events are transient: the
 * store holds everything that matters, so a client that connects late reads the state first.
 */
export class CampaignEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every watcher of every campaign listens here; the limit only guards against leaks.
    this.emitter.setMaxListeners(10_000);
  }

  emit(campaignId: string, event: CampaignEvent): void {
    this.emitter.emit(campaignId, event);
  }

  /** Returns the function that unsubscribes. */
  subscribe(campaignId: string, listener: (event: CampaignEvent) => void): () => void {
    this.emitter.on(campaignId, listener);
    return () => this.emitter.off(campaignId, listener);
  }
}
