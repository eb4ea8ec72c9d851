import { jitteredWait, nextSlotWait, SLOT_WAIT, slotRenewMs } from '@codec-lab/campaign';
import { DomainError, isDomainError, type Campaign, type Experiment, type Failure } from '@codec-lab/domain';
import type { Logger } from '@codec-lab/observability';
import type { RunnerPlacement } from '../gateways/runner-placement.ts';
import type { DriverDeps } from './campaign.deps.ts';
import { now, sleep, withRetry } from './retry.ts';

/**
 * Holds one of the global experiment slots (shared by every orchestrator replica) while `work`
 * runs, renewing its lease; waits, with backoff, while every slot is taken.
 */
async function withSlot<T>(deps: DriverDeps, holder: string, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  const { count, ttlMs } = deps.slots;
  let slot: number | undefined;
  for (let wait: number = SLOT_WAIT.firstMs; (slot = await deps.store.slots.acquire(holder, count, ttlMs)) === undefined; wait = nextSlotWait(wait)) {
    await sleep(jitteredWait(wait, Math.random()), signal);
  }
  const taken = slot;
  const renew = setInterval(() => void deps.store.slots.renew(taken, holder, ttlMs).catch(() => undefined), slotRenewMs(ttlMs));
  try {
    return await work();
  } finally {
    clearInterval(renew);
    await deps.store.slots.release(taken, holder).catch(() => undefined);
  }
}

/** Stores an experiment out of attempts (the campaign rules' `attemptsExhausted`) as failed, without running it. */
export async function abandonExperiment(campaign: Campaign, experiment: Experiment, failure: Failure, deps: DriverDeps): Promise<void> {
  await deps.store.experiments.update(campaign.id, experiment.seq, [experiment.status], { status: 'failed', failure, finishedAt: now() });
}

/**
 * Runs one experiment: marks it running (a new attempt), runs it on an agent-runner within a
 * global slot and a slot of that runner, and stores the measured result or the failure with its reason. The final write is
 * conditional on this attempt, so a driver that lost the campaign to another cannot overwrite it.
 * Where the campaign was paused before the experiment started (it waited for a slot), it is not
 * started: it stays as it is, its attempts untouched, and runs when the campaign is resumed. One
 * already started when the campaign is paused runs to its end and is stored.
 */
export async function runStep(campaign: Campaign, experiment: Experiment, deps: DriverDeps, signal: AbortSignal, log: Logger): Promise<void> {
  // The slots are held from "running" to the stored result, so running experiments never exceed
  // the global limit, nor any runner's MAX_CONCURRENT: a global slot first, then a slot of the
  // runner with the most free ones (waiting while every runner is full), before it is marked running.
  await withSlot(deps, experiment.id, signal, () =>
    deps.runner.reserve(experiment.id, signal, (placement) => runAttempt(campaign, experiment, deps, signal, log, placement)),
  );
}

async function runAttempt(campaign: Campaign, experiment: Experiment, deps: DriverDeps, signal: AbortSignal, log: Logger, placement: RunnerPlacement | undefined): Promise<void> {
  const { store } = deps;
  if ((await store.campaigns.get(campaign.id)).status !== 'running') {
    log.info({ seq: experiment.seq }, 'campaign no longer running; experiment not started');
    return;
  }
  const attempt = experiment.attempts + 1;
  await store.experiments.update(campaign.id, experiment.seq, [experiment.status], { status: 'running', attempts: attempt, startedAt: now() }, experiment.attempts);
  log.info({ seq: experiment.seq, attempt }, 'experiment running');
  deps.onEvent(campaign.id, { type: 'experiment-started', seq: experiment.seq, attempt });
  let patch: Partial<Experiment>;
  try {
    const result = await withRetry(
      () =>
        deps.runner.run(
          { experimentId: experiment.id, source: campaign.source, config: experiment.config, vmaf: campaign.vmaf, sourceSha256: campaign.sourceDescription?.sha256, probe: experiment.probe },
          (progress) => deps.onEvent(campaign.id, { type: 'progress', seq: experiment.seq, ...progress }),
          signal,
          placement,
        ),
      { retries: deps.stepRetries, signal, onRetry: (err, n) => log.warn({ err, retry: n }, 'agent-runner busy or unavailable; retrying') },
    );
    patch = { status: 'succeeded', result, finishedAt: now() };
  } catch (error) {
    if (signal.aborted) {
      // Shutting down: the experiment stays `running` and is run again on resume. Cancelled: it failed.
      if ((await store.campaigns.get(campaign.id)).status !== 'cancelled') throw error;
      patch = { status: 'failed', failure: { code: 'ERR_CANCELLED', message: 'the campaign was cancelled while this experiment ran' }, finishedAt: now() };
    } else {
      const failure = isDomainError(error) ? { code: error.code, message: error.message } : { code: 'ERR_INTERNAL', message: (error as Error).message };
      patch = { status: 'failed', failure, finishedAt: now() };
    }
  }
  try {
    await store.experiments.update(campaign.id, experiment.seq, ['running'], patch, attempt);
  } catch (error) {
    if (!(isDomainError(error) && error.code === 'ERR_EXPERIMENT_STATE')) throw error;
    // Another driver took this experiment over (this one lost its lease); its result stands.
    log.warn({ seq: experiment.seq, attempt }, 'experiment was taken over; result discarded');
    return;
  }
  deps.metrics.experimentFinished({ ...experiment, ...patch } as Experiment);
  deps.onEvent(campaign.id, {
    type: 'experiment-finished',
    seq: experiment.seq,
    status: patch.status!,
    bitrateBps: patch.result?.bitrateBps,
    psnr: patch.result?.psnr.avg,
    ssim: patch.result?.ssim.all,
    vmaf: patch.result?.vmaf.available ? patch.result.vmaf.mean : undefined,
    failure: patch.failure,
  });
  await store.campaigns.modify(campaign.id, (current) => ({ experimentsDone: current.experimentsDone + 1 }));
  if (patch.failure?.code.startsWith('ERR_SOURCE_')) {
    throw new DomainError('invalid', patch.failure.code, `the source cannot be used: ${patch.failure.message}`);
  }
}

