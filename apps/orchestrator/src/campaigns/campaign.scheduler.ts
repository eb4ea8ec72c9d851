import type { Logger } from '@codec-lab/observability';
import type { Progress } from '../gateways/runner.gateway.ts';
import { driveCampaign, type DriverDeps } from './campaign.driver.ts';
import { CampaignEvents } from './campaign.events.ts';

export interface LiveProgress extends Progress {
  readonly seq: number;
}

/**
 * Runs campaign drivers, at most `concurrency` at once, in arrival order. Keeps the live progress
 * of each running experiment in memory (it is transient; everything else is in the store).
 */
export class CampaignScheduler {
  private readonly queue: string[] = [];
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly progress = new Map<string, LiveProgress>();
  private stopped = false;

  constructor(
    private readonly deps: Omit<DriverDeps, 'onEvent'>,
    private readonly concurrency: number,
    private readonly logger: Logger,
    readonly events: CampaignEvents = new CampaignEvents(),
  ) {}

  /** Drives a campaign when a slot is free; a campaign already queued or running is not added twice. */
  enqueue(id: string): void {
    if (this.stopped || this.running.has(id) || this.queue.includes(id)) return;
    this.queue.push(id);
    this.pump();
  }

  /** Stops the campaign's in-flight experiment at once (its status was already set to cancelled). */
  cancel(id: string): void {
    const index = this.queue.indexOf(id);
    if (index >= 0) this.queue.splice(index, 1);
    this.running.get(id)?.controller.abort(new Error('campaign cancelled'));
  }

  liveProgress(id: string): LiveProgress | undefined {
    return this.progress.get(id);
  }

  get activeCount(): number {
    return this.running.size;
  }

  /** Resumes every campaign the store says is queued or running. */
  async resumeAll(listActive: () => Promise<{ id: string }[]>): Promise<number> {
    const active = await listActive();
    for (const campaign of active) this.enqueue(campaign.id);
    return active.length;
  }

  /** Aborts every driver and waits for them; interrupted experiments resume on the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    for (const { controller } of this.running.values()) controller.abort(new Error('orchestrator shutting down'));
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.concurrency && this.queue.length > 0) {
      const id = this.queue.shift()!;
      const controller = new AbortController();
      const deps: DriverDeps = {
        ...this.deps,
        onEvent: (campaignId, event) => {
          if (event.type === 'progress') this.progress.set(campaignId, { seq: event.seq, phase: event.phase, percent: event.percent, fps: event.fps });
          this.events.emit(campaignId, event);
        },
      };
      const done = driveCampaign(id, deps, controller.signal)
        .catch((error: unknown) => this.logger.error({ err: error, campaignId: id }, 'campaign driver crashed'))
        .finally(() => {
          this.running.delete(id);
          this.progress.delete(id);
          this.deps.metrics.setActive(this.running.size);
          this.pump();
        });
      this.running.set(id, { controller, done });
      this.deps.metrics.setActive(this.running.size);
    }
  }
}
