import type { Logger } from '@codec-lab/observability';
import type { Progress } from '../gateways/runner.gateway.ts';
import type { DriverDeps } from './campaign.deps.ts';
import { driveCampaign } from './campaign.driver.ts';
import { CampaignEvents } from './campaign.events.ts';

export interface LiveProgress extends Progress {
  readonly seq: number;
}

export interface SchedulerOptions {
  /** Campaigns this replica drives at once. */
  readonly concurrency: number;
  /** This replica's name in campaign leases. */
  readonly owner: string;
  readonly leaseMs: number;
  /** How often to look for active campaigns that nobody drives. */
  readonly pollMs: number;
}

/**
 * Runs campaign drivers, at most `concurrency` at once, in arrival order. A campaign is driven
 * only under its lease in the store, renewed while it runs, so two replicas never drive the same
 * campaign, and one whose replica died is picked up by another once the lease expires (the poll
 * finds it). Live progress is kept in memory: it is transient; everything else is in the store.
 */
export class CampaignScheduler {
  private readonly queue: string[] = [];
  private readonly running = new Map<string, { controller: AbortController; drain: AbortController; done: Promise<void> }>();
  private readonly progress = new Map<string, LiveProgress>();
  /** Campaigns made active again while their previous driver here was still finishing: driven again once it stops. */
  private readonly again = new Set<string>();
  private stopped = false;
  private poller?: NodeJS.Timeout;

  constructor(
    private readonly deps: Omit<DriverDeps, 'onEvent'>,
    private readonly options: SchedulerOptions,
    private readonly logger: Logger,
    readonly events: CampaignEvents = new CampaignEvents(),
  ) {}

  get owner(): string {
    return this.options.owner;
  }

  /** Drives a campaign when a slot is free; a campaign already queued or running here is not added twice. */
  enqueue(id: string): void {
    if (this.stopped || this.running.has(id) || this.queue.includes(id)) return;
    this.queue.push(id);
    this.pump();
  }

  /** Stops the campaign's in-flight experiments at once (its status was already set to cancelled). */
  cancel(id: string): void {
    this.dequeue(id);
    this.running.get(id)?.controller.abort(new Error('campaign cancelled'));
  }

  /**
   * Takes a paused campaign (its status was already set to paused) out of the queue. Its driver,
   * where one runs here, is not cut: the experiments in flight finish and are stored, then it
   * finds the campaign paused and stops, starting nothing new.
   */
  paused(id: string): void {
    this.dequeue(id);
    this.again.delete(id);
    this.deps.metrics.campaignControlled('pause');
  }

  /** Drives a campaign resumed from paused (its status was already set back to queued). */
  resumed(id: string): void {
    this.deps.metrics.campaignControlled('resume');
    this.driveAgain(id);
  }

  /**
   * After a budget extension: a campaign it reopened (it had succeeded; now queued again) is
   * driven; one queued, running or paused stays as it is, and its driver reads the new budget at
   * its next step.
   */
  budgetExtended(id: string, reopened: boolean): void {
    this.deps.metrics.campaignControlled('budget');
    if (reopened) this.driveAgain(id);
  }

  liveProgress(id: string): LiveProgress | undefined {
    return this.progress.get(id);
  }

  get activeCount(): number {
    return this.running.size;
  }

  /** Takes up every active campaign now, then keeps looking every `pollMs`; returns how many it found. */
  async start(listActive: () => Promise<{ id: string }[]>): Promise<number> {
    const found = await this.resume(listActive);
    this.poller = setInterval(() => {
      this.resume(listActive).catch((error: unknown) => this.logger.warn({ err: error }, 'could not list active campaigns'));
    }, this.options.pollMs);
    this.poller.unref();
    return found;
  }

  private async resume(listActive: () => Promise<{ id: string }[]>): Promise<number> {
    const active = await listActive();
    for (const campaign of active) this.enqueue(campaign.id);
    return active.length;
  }

  /**
   * Takes no more campaigns, lets each driver finish the step in flight (an experiment, an analysis,
   * a proposal) for up to `graceMs`, then aborts what is left (an experiment cut short stays
   * `running` and is run again where the campaign resumes); waits for every driver, and gives their
   * leases up for another replica.
   */
  async stop(graceMs = 0): Promise<void> {
    this.stopped = true;
    clearInterval(this.poller);
    this.queue.length = 0;
    this.again.clear();
    const drivers = [...this.running.values()];
    for (const { drain } of drivers) drain.abort();
    const all = Promise.allSettled(drivers.map((r) => r.done));
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([all.then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)))]);
    clearTimeout(timer);
    if (!drained) {
      this.logger.warn({ graceMs, campaigns: drivers.length }, 'shutdown grace over: stopping the steps still in flight');
      for (const { controller } of drivers) controller.abort(new Error('orchestrator shutting down'));
    }
    await all;
  }

  /**
   * Drives a campaign made active again. Where its previous driver here is still finishing the
   * step that was in flight at the pause, it is taken up again once that driver stops (unless that
   * driver finds it queued first and goes on driving it itself).
   */
  private driveAgain(id: string): void {
    if (this.running.has(id)) this.again.add(id);
    else this.enqueue(id);
  }

  private dequeue(id: string): void {
    const index = this.queue.indexOf(id);
    if (index >= 0) this.queue.splice(index, 1);
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.options.concurrency && this.queue.length > 0) {
      const id = this.queue.shift()!;
      const controller = new AbortController();
      const drain = new AbortController();
      const done = this.driveUnderLease(id, controller, drain.signal)
        .catch((error: unknown) => this.logger.error({ err: error, campaignId: id }, 'campaign driver crashed'))
        .finally(() => {
          this.running.delete(id);
          this.progress.delete(id);
          this.deps.metrics.setActive(this.running.size);
          if (this.again.delete(id)) this.enqueue(id);
          this.pump();
        });
      this.running.set(id, { controller, drain, done });
      this.deps.metrics.setActive(this.running.size);
    }
  }

  private async driveUnderLease(id: string, controller: AbortController, drain: AbortSignal): Promise<void> {
    const { owner, leaseMs } = this.options;
    const campaigns = this.deps.store.campaigns;
    if (!(await campaigns.acquireLease(id, owner, leaseMs))) return; // another replica drives it
    const renew = setInterval(() => {
      campaigns.renewLease(id, owner, leaseMs).then(
        (held) => {
          if (!held) controller.abort(new Error('lease lost to another orchestrator'));
        },
        (error: unknown) => this.logger.warn({ err: error, campaignId: id }, 'could not renew the campaign lease'),
      );
    }, leaseMs / 3);
    try {
      await driveCampaign(id, this.driverDeps(), controller.signal, drain);
    } finally {
      clearInterval(renew);
      await campaigns.releaseLease(id, owner).catch(() => undefined);
    }
  }

  private driverDeps(): DriverDeps {
    return {
      ...this.deps,
      onEvent: (campaignId, event) => {
        if (event.type === 'progress') this.progress.set(campaignId, { seq: event.seq, phase: event.phase, percent: event.percent, fps: event.fps });
        this.events.emit(campaignId, event);
      },
    };
  }
}
