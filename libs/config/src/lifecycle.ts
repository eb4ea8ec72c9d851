interface LifecycleLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface StartedService {
  /** Where the service answers, as printed and reported to a supervising process. */
  readonly urls: Record<string, string>;
  /** Stops accepting work, drains what is in flight and releases everything. */
  close(): Promise<void>;
}

/** Message a service sends to the process that spawned it (over Node's IPC) once it listens. */
export interface ReadyMessage {
  readonly type: 'ready';
  readonly service: string;
  readonly urls: Record<string, string>;
}

/**
 * Runs a service's main: starts it, reports readiness to a supervising parent, and on SIGTERM or
 * SIGINT closes it once (a second signal, or `forceAfterMs`, exits at once).
 */
export async function runService(
  service: string,
  logger: LifecycleLogger,
  start: () => Promise<StartedService>,
  forceAfterMs = 20_000,
): Promise<void> {
  // A supervisor that goes away while this service is still starting: nothing to drain, just go.
  const orphaned = () => {
    logger.error({}, `${service}: supervising process went away during start-up`);
    process.exit(1);
  };
  if (process.send) process.once('disconnect', orphaned);
  let started: StartedService;
  try {
    started = await start();
  } catch (error) {
    logger.error({ err: error }, `${service} failed to start`);
    process.exit(1);
  }
  logger.info({ urls: started.urls }, `${service} ready`);
  if (process.send && process.connected) process.send({ type: 'ready', service, urls: started.urls } satisfies ReadyMessage);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.error({ signal }, `${service} forced to exit`);
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, `${service} shutting down`);
    const force = setTimeout(() => {
      logger.error({ forceAfterMs }, `${service} did not stop in time`);
      process.exit(1);
    }, forceAfterMs);
    force.unref();
    started.close().then(
      () => {
        logger.info({}, `${service} stopped`);
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, `${service} failed to stop cleanly`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // A supervisor that dies without signalling leaves the IPC channel closed: stop as if told to.
  if (process.send) {
    process.off('disconnect', orphaned);
    if (!process.connected) stop('disconnect');
    else process.on('disconnect', () => stop('disconnect'));
  }
}
