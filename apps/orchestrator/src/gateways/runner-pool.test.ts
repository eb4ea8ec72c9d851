import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { status } from '@grpc/grpc-js';
import type { AgentRunnerClient } from '@codec-lab/contracts';
import { BASELINE_CONFIG, DomainError } from '@codec-lab/domain';
import { measuredResult } from '@codec-lab/domain/testing';
import { createGrpcMetrics } from '@codec-lab/observability';
import { resultToWire, toGrpcStatus } from '@codec-lab/rpc';
import { createStore, type Store } from '@codec-lab/store';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '@codec-lab/store/embedded';
import type { Lookup } from './runner-endpoints.ts';
import { createRunnerPoolMetrics } from './runner-pool.metrics.ts';
import { RunnerPool } from './runner-pool.ts';
import { RunnerGateway } from './runner.gateway.ts';

// The pool and the gateway's placement against stand-in runners (no processes) and a real
// embedded store: a refusal is counted and placed on another runner at once, a full pool waits
// and is counted, and a runner whose address goes away has its client closed.

/** A runner at one address: answers GetLoad, and runs or refuses what it is sent. */
class FakeRunner {
  active = 0;
  refuse = false;
  closed = false;
  readonly ran: string[] = [];
  private readonly finish: (() => void)[] = [];
  hold = false;

  constructor(
    readonly id: string,
    readonly max: number,
  ) {}

  release(): void {
    for (const f of this.finish.splice(0)) f();
  }

  readonly client = {
    GetLoad: (_request: object, _options: object, callback: (error: unknown, load?: object) => void) =>
      this.closed ? callback(Object.assign(new Error('closed'), { code: status.UNAVAILABLE })) : callback(null, { runnerId: this.id, active: this.active, maxConcurrent: this.max }),
    RunExperiment: (request: { experimentId: string }) => {
      const call = Object.assign(new EventEmitter(), { cancel: () => undefined });
      setImmediate(() => {
        if (this.refuse) return call.emit('error', Object.assign(new Error('busy'), toGrpcStatus(new DomainError('exhausted', 'ERR_RUNNER_BUSY', 'runner is busy'))));
        this.active++;
        this.ran.push(request.experimentId);
        const done = () => {
          this.active--;
          call.emit('data', { result: resultToWire(measuredResult(100_000, 40)) });
          call.emit('end');
        };
        if (this.hold) this.finish.push(done);
        else done();
      });
      return call;
    },
    close: () => {
      this.closed = true;
    },
  };
}

let dynamo: EmbeddedDynamo;
let store: Store;
let tables = 0;

beforeAll(async () => {
  dynamo = await startEmbeddedDynamo({});
});

afterAll(async () => {
  store?.close();
  await dynamo?.close();
});

async function lab(runners: Record<string, FakeRunner>, lookup?: Lookup) {
  store?.close();
  store = createStore({ endpoint: dynamo.endpoint, region: 'local', tableName: `pool-${++tables}` });
  await store.ensureTable();
  const registry = new Registry();
  const metrics = createRunnerPoolMetrics(registry);
  const logger = pino({ level: 'silent' });
  const pool = new RunnerPool({
    targets: lookup ? { kind: 'dns', host: 'agent-runner', port: 50052 } : { kind: 'static', endpoints: Object.keys(runners).map((key) => ({ key, target: key })) },
    createClient: (target) => {
      const runner = runners[target.replace(/^ipv4:/, '')]!;
      runner.closed = false;
      return runner.client as unknown as AgentRunnerClient;
    },
    pollMs: 60_000,
    metrics,
    logger,
    ...(lookup ? { lookup } : {}),
  });
  await pool.start();
  const gateway = new RunnerGateway({} as AgentRunnerClient, createGrpcMetrics(registry, 'client'), 10_000, { pool, slots: store.runnerSlots, ttlMs: 10_000, metrics, logger });
  const value = async (name: string, labels = '') => (await registry.getSingleMetricAsString(name)).split('\n').find((l) => l.startsWith(`${name}${labels}`))?.split(' ').at(-1);
  return { pool, gateway, value };
}

const request = (experimentId: string) => ({ experimentId, source: { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 }, config: BASELINE_CONFIG, vmaf: { model: 'vmaf_v0.6.1', subsample: 1 } }) as never;
const run = (gateway: RunnerGateway, id: string) => gateway.run(request(id), () => undefined, new AbortController().signal);

describe('RunnerPool and placement', () => {
  it('reads every runner and its capacity, and counts a refusal and places the experiment on another at once', async () => {
    const a = new FakeRunner('a', 3);
    const b = new FakeRunner('b', 1);
    const { pool, gateway, value } = await lab({ '10.0.0.1:1': a, '10.0.0.2:1': b });
    expect(pool.available().map((r) => [r.runnerId, r.maxConcurrent])).toEqual([['a', 3], ['b', 1]]);
    expect(await value('codeclab_runner_capacity', '{runner_id="a"}')).toBe('3');
    a.refuse = true; // a has the most free slots, but something else fills it
    await run(gateway, 'x1');
    expect(b.ran).toEqual(['x1']);
    expect(await value('codeclab_runner_refusals_total', '{reason="busy"}')).toBe('1');
    // a stays out until the next refresh, which finds it answering again.
    expect(pool.available().map((r) => r.runnerId)).toEqual(['b']);
    await pool.refresh();
    a.refuse = false;
    await run(gateway, 'x2');
    expect(a.ran).toEqual(['x2']);
    pool.close();
  });

  it('waits while every runner is full, counted, and runs when a slot frees', async () => {
    const only = new FakeRunner('only', 1);
    only.hold = true;
    const { pool, gateway, value } = await lab({ '10.0.0.3:1': only });
    const first = run(gateway, 'y1');
    await expect.poll(() => only.ran.length).toBe(1);
    const second = run(gateway, 'y2');
    await expect.poll(() => value('codeclab_experiments_waiting_for_runner')).toBe('1');
    expect(only.ran).toEqual(['y1']);
    only.release();
    await first;
    await expect.poll(() => only.ran.length).toBe(2);
    only.release();
    await second;
    expect(await value('codeclab_runner_slot_waits_total')).toBe('1');
    expect(await value('codeclab_experiments_waiting_for_runner')).toBe('0');
    expect(await value('codeclab_runner_refusals_total', '{reason="busy"}')).toBe('0');
    pool.close();
  });

  it('stops waiting when the experiment is cancelled', async () => {
    const only = new FakeRunner('only', 1);
    only.hold = true;
    const { pool, gateway, value } = await lab({ '10.0.0.4:1': only });
    const first = run(gateway, 'z1');
    await expect.poll(() => only.ran.length).toBe(1);
    const controller = new AbortController();
    const waiting = gateway.run(request('z2'), () => undefined, controller.signal);
    await expect.poll(() => value('codeclab_experiments_waiting_for_runner')).toBe('1');
    controller.abort(new Error('campaign cancelled'));
    await expect(waiting).rejects.toThrow('campaign cancelled');
    expect(await value('codeclab_experiments_waiting_for_runner')).toBe('0');
    only.release();
    await first;
    pool.close();
  });

  it('follows a name: a new address is a new runner at the next refresh, one gone has its client closed', async () => {
    const runners = { '10.1.0.1:50052': new FakeRunner('p1', 2), '10.1.0.2:50052': new FakeRunner('p2', 2), '10.1.0.3:50052': new FakeRunner('p3', 4) };
    let answer = ['10.1.0.1', '10.1.0.2'];
    const { pool, gateway } = await lab(runners, async () => answer.map((address) => ({ address, family: 4 })));
    expect(pool.available().map((r) => r.runnerId)).toEqual(['p1', 'p2']);
    answer = ['10.1.0.2', '10.1.0.3'];
    await pool.refresh();
    expect(pool.available().map((r) => r.runnerId)).toEqual(['p2', 'p3']);
    expect(runners['10.1.0.1:50052'].closed).toBe(true);
    await run(gateway, 'w1');
    expect(runners['10.1.0.3:50052'].ran).toEqual(['w1']); // the most free slots
    pool.close();
  });
});
