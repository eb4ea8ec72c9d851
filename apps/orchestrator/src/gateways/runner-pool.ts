import type { AgentRunnerClient, WireLoadOutput } from '@codec-lab/contracts';
import type { GrpcMetrics, Logger } from '@codec-lab/observability';
import { callUnary } from '@codec-lab/rpc';
import { resolveEndpoints, type Endpoint, type Lookup, type RunnerTargets } from './runner-endpoints.ts';
import type { RunnerPoolMetrics } from './runner-pool.metrics.ts';

/** A runner process reachable at the last refresh: its id, its endpoint's client, and its load as it reported it. */
export interface PooledRunner {
  readonly runnerId: string;
  readonly endpoint: Endpoint;
  readonly client: AgentRunnerClient;
  readonly maxConcurrent: number;
  readonly active: number;
}

interface Connection {
  readonly endpoint: Endpoint;
  readonly client: AgentRunnerClient;
  /** Experiments on this endpoint now: a connection whose endpoint went away is closed once none is left. */
  inUse: number;
}

export interface RunnerPoolOptions {
  readonly targets: RunnerTargets;
  /** A client of its own for one endpoint. */
  readonly createClient: (target: string) => AgentRunnerClient;
  /** How often RUNNER_ADDR is resolved again and every runner's load read (POLL_SECONDS). */
  readonly pollMs: number;
  readonly metrics: RunnerPoolMetrics;
  readonly grpcMetrics?: GrpcMetrics;
  readonly logger: Logger;
  readonly lookup?: Lookup;
}

const LOAD_DEADLINE_MS = 3_000;

/**
 * The agent-runners RUNNER_ADDR names, each with a client of its own: every `pollMs` the address
 * is resolved again (a runner an autoscaler added is found at the next refresh; a client whose
 * endpoint went away is closed once no experiment uses it) and every endpoint's GetLoad read. An
 * endpoint that does not answer is left out until it does; two endpoints answering with one
 * runner id (`localhost` as 127.0.0.1 and ::1) are one runner. A runner that refused or failed an
 * experiment since the refresh is left out until the next one.
 */
export class RunnerPool {
  private readonly connections = new Map<string, Connection>();
  /** Connections whose endpoint went away while experiments still ran on them. */
  private readonly retired = new Set<Connection>();
  private runners: PooledRunner[] = [];
  private readonly excluded = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private refreshing?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private closed = false;
  private refreshedAt = 0;

  constructor(private readonly options: RunnerPoolOptions) {}

  /** Reads the runners once (none reachable is no error: experiments wait), then keeps refreshing. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.pollMs);
    this.timer.unref();
  }

  /** The runners reachable at the last refresh, less those that refused or failed an experiment since. */
  available(): PooledRunner[] {
    return this.runners.filter((runner) => !this.excluded.has(runner.runnerId));
  }

  /** Leaves a runner out until the next refresh finds it answering. */
  exclude(runnerId: string): void {
    this.excluded.add(runnerId);
  }

  /** Marks an experiment on the runner's endpoint; the returned function ends it. */
  use(runner: PooledRunner): () => void {
    const connection = [...this.connections.values(), ...this.retired].find((c) => c.client === runner.client);
    if (!connection) return () => undefined;
    connection.inUse++;
    return () => {
      connection.inUse--;
      if (connection.inUse === 0 && this.retired.delete(connection)) connection.client.close();
    };
  }

  /** Wakes what waits for a change (a refresh done, a slot released here). */
  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves after `ms`, or sooner when the pool changes; rejects when `signal` aborts. */
  changed(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(done);
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        done();
        reject(signal.reason);
      };
      const timer = setTimeout(done, ms);
      this.listeners.add(done);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Resolves RUNNER_ADDR and reads every endpoint's load; a refresh already under way is joined. */
  refresh(): Promise<void> {
    this.refreshing ??= this.readRunners().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Refreshes now unless the last refresh began less than `ms` ago: for an experiment that finds no runner at all. */
  refreshUnlessFresh(ms: number): Promise<void> {
    return this.refreshing ?? (Date.now() - this.refreshedAt < ms ? Promise.resolve() : this.refresh());
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    for (const connection of [...this.connections.values(), ...this.retired]) connection.client.close();
    this.connections.clear();
    this.retired.clear();
    this.runners = [];
    this.notify();
  }

  private async readRunners(): Promise<void> {
    const { logger } = this.options;
    if (this.closed) return;
    this.refreshedAt = Date.now();
    try {
      const endpoints = await resolveEndpoints(this.options.targets, this.options.lookup);
      if (this.closed) return;
      this.reconcile(endpoints);
    } catch (error) {
      // A resolver hiccup: keep the endpoints known; their loads tell which still answer.
      logger.warn({ err: error }, 'could not resolve RUNNER_ADDR; keeping the runners known');
    }
    const connections = [...this.connections.values()].sort((a, b) => (a.endpoint.key < b.endpoint.key ? -1 : 1));
    const loads = await Promise.all(connections.map((connection) => this.load(connection)));
    if (this.closed) return;
    // An endpoint that did not answer gets a new channel, so the next refresh connects at once
    // rather than after the old channel's reconnect backoff (which grows to minutes).
    loads.forEach((load, i) => {
      const connection = connections[i]!;
      if (load || connection.inUse > 0 || this.connections.get(connection.endpoint.key) !== connection) return;
      connection.client.close();
      this.connections.set(connection.endpoint.key, { endpoint: connection.endpoint, client: this.options.createClient(connection.endpoint.target), inUse: 0 });
    });
    const byId = new Map<string, PooledRunner>();
    loads.forEach((load, i) => {
      const { endpoint, client } = connections[i]!;
      if (load?.runnerId && !byId.has(load.runnerId)) {
        byId.set(load.runnerId, { runnerId: load.runnerId, endpoint, client, maxConcurrent: load.maxConcurrent ?? 0, active: load.active ?? 0 });
      }
    });
    const before = new Set(this.runners.map((r) => r.runnerId));
    this.runners = [...byId.values()];
    const added = this.runners.filter((r) => !before.has(r.runnerId));
    const gone = [...before].filter((id) => !byId.has(id));
    if (added.length || gone.length) {
      logger.info({ added: added.map((r) => ({ runnerId: r.runnerId, endpoint: r.endpoint.key, maxConcurrent: r.maxConcurrent })), gone, runners: this.runners.length }, 'agent-runners changed');
    }
    this.excluded.clear();
    this.options.metrics.runnersSeen(this.runners);
    this.notify();
  }

  private reconcile(endpoints: readonly Endpoint[]): void {
    const keys = new Set(endpoints.map((e) => e.key));
    for (const [key, connection] of this.connections) {
      if (keys.has(key)) continue;
      this.connections.delete(key);
      if (connection.inUse > 0) this.retired.add(connection);
      else connection.client.close();
    }
    for (const endpoint of endpoints) {
      if (!this.connections.has(endpoint.key)) this.connections.set(endpoint.key, { endpoint, client: this.options.createClient(endpoint.target), inUse: 0 });
    }
  }

  private load(connection: Connection): Promise<WireLoadOutput | undefined> {
    const { client } = connection;
    return callUnary<object, WireLoadOutput>({
      client,
      service: 'codeclab.v1.AgentRunner',
      method: 'GetLoad',
      fn: client.GetLoad,
      request: {},
      deadlineMs: Math.min(LOAD_DEADLINE_MS, this.options.pollMs),
      ...(this.options.grpcMetrics ? { metrics: this.options.grpcMetrics } : {}),
    }).catch((error: unknown) => {
      this.options.logger.debug({ err: error, endpoint: connection.endpoint.key }, 'agent-runner did not report its load');
      return undefined;
    });
  }
}
