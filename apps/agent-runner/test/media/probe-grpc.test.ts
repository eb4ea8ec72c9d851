import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContracts, type AgentRunnerClient, type WireRunEventOutput, type WireRunExperimentRequest } from '@codec-lab/contracts';
import { configToWire, resultFromWire, resultToWire, sourceToWire } from '@codec-lab/rpc';
import { BASELINE_CONFIG, ExperimentResultSchema, type Source } from '@codec-lab/domain';
import { startRunner, type RunnerApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';

// The probe request field and the result's segments over real gRPC, through the real serialisers.

const SIX_SECONDS: Source = { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 6 };
let dir: string;
let app: RunnerApp;
let client: AgentRunnerClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'codeclab-probe-grpc-'));
  const config = loadConfig({ GRPC_PORT: '0', HTTP_PORT: '0', HOST: '127.0.0.1', MEDIA_ROOTS: dir, ARTIFACT_DIR: join(dir, 'artifacts'), MAX_CONCURRENT: '1' });
  app = await startRunner(config, pino({ level: 'silent' }));
  const proto = loadContracts();
  client = new proto.codeclab.v1.AgentRunner(`127.0.0.1:${app.grpc.port}`, credentials.createInsecure()) as AgentRunnerClient;
});

afterAll(async () => {
  client.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(experimentId: string, probe: WireRunExperimentRequest['probe']): Promise<WireRunEventOutput[]> {
  const call = client.RunExperiment({ experimentId, source: sourceToWire(SIX_SECONDS), config: configToWire(BASELINE_CONFIG), probe });
  const events: WireRunEventOutput[] = [];
  return new Promise((resolve, reject) => {
    call.on('data', (event: WireRunEventOutput) => events.push(event));
    call.on('error', reject);
    call.on('end', () => resolve(events));
  });
}

describe('probe mode over gRPC', () => {
  it('runs the probe the request asks for and returns its segments', async () => {
    const events = await run('grpc-probe', { segments: 2, segmentSeconds: 1 });
    const result = resultFromWire(events.at(-1)?.result);
    expect(result.mode).toBe('probe');
    expect(result.segments!.map((s) => s.frames)).toEqual([30, 30]);
    expect(result.frames).toBe(60);
    expect(result.sourceFrames).toBe(180);
    // And back: the domain result survives the wire unchanged.
    const method = loadContracts().codeclab.v1.AgentRunner.service.RunExperiment;
    const again = method.responseDeserialize(method.responseSerialize({ result: resultToWire(result) })) as WireRunEventOutput;
    expect(resultFromWire(again.result)).toEqual(result);
  });

  it('runs the whole source when the request has no probe, and the result has no segments', async () => {
    const result = resultFromWire((await run('grpc-full', undefined)).at(-1)?.result);
    expect(result.mode).toBe('full');
    expect(result.segments).toBeUndefined();
    expect(ExperimentResultSchema.parse(result)).toEqual(result);
  });

  it('answers a probe spec out of bounds with INVALID_ARGUMENT', async () => {
    const error = (await run('grpc-bad-probe', { segments: 0, segmentSeconds: 30 }).catch((e: ServiceError) => e)) as ServiceError;
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toMatch(/probe\.segments.*probe\.segmentSeconds/);
  });
});
