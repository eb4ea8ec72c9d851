import { credentials, Server, ServerCredentials, status, type ServerUnaryCall, type sendUnaryData, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContracts, type AgentRunnerClient } from '@codec-lab/contracts';
import { CLIENT_OPTIONS } from './client.ts';

// The channel's service config retries the calls that change nothing when the peer is
// UNAVAILABLE, and never RunExperiment.

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.tryShutdown(() => resolve()) : resolve())));

async function runner(handlers: Record<string, unknown>): Promise<AgentRunnerClient> {
  // Only the methods a test calls; grpc-js answers UNIMPLEMENTED for the rest.
  const proto = loadContracts();
  server = new Server();
  server.addService(proto.codeclab.v1.AgentRunner.service, handlers as UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) =>
    server!.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return new proto.codeclab.v1.AgentRunner(`127.0.0.1:${port}`, credentials.createInsecure(), CLIENT_OPTIONS) as AgentRunnerClient;
}

describe('CLIENT_OPTIONS', () => {
  it('retries DescribeSource answered UNAVAILABLE, and answers with what the retry got', async () => {
    let calls = 0;
    const client = await runner({
      DescribeSource: (_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
        calls++;
        if (calls < 3) callback({ code: status.UNAVAILABLE, details: 'starting up' });
        else callback(null, { width: 160, height: 90 });
      },
    });
    const answer = await new Promise((resolve, reject) =>
      client.DescribeSource({ source: { synthetic: { generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 } } }, { deadline: Date.now() + 10_000 }, (e, v) => (e ? reject(e) : resolve(v))),
    );
    expect(answer).toMatchObject({ width: 160, height: 90 });
    expect(calls).toBe(3);
    client.close();
  });

  it('does not retry a refusal, nor RunExperiment', async () => {
    let describes = 0;
    let runs = 0;
    const client = await runner({
      DescribeSource: (_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
        describes++;
        callback({ code: status.INVALID_ARGUMENT, details: 'not a video' });
      },
      RunExperiment: (call: { emit(event: 'error', error: unknown): void }) => {
        runs++;
        call.emit('error', { code: status.UNAVAILABLE, details: 'going away' });
      },
    });
    const refused = await new Promise<{ code: number }>((resolve) => client.DescribeSource({}, { deadline: Date.now() + 10_000 }, (e) => resolve(e as { code: number })));
    expect(refused.code).toBe(status.INVALID_ARGUMENT);
    expect(describes).toBe(1);
    const stream = client.RunExperiment({ experimentId: 'x' }, { deadline: Date.now() + 10_000 });
    const failed = await new Promise<{ code: number }>((resolve) => stream.on('error', resolve));
    expect(failed.code).toBe(status.UNAVAILABLE);
    expect(runs).toBe(1);
    client.close();
  });
});
