import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContracts, type AgentRunnerClient, type WireRunEventOutput } from '@codec-lab/contracts';
import { BASELINE_CONFIG } from '@codec-lab/domain';
import { createS3Client, headObject, readArtifactManifest, type S3Client } from '@codec-lab/object-store';
import { configToWire, resultFromWire, sourceToWire } from '@codec-lab/rpc';
import { startS3Server, type TestS3Server } from '@codec-lab/testing/s3';

// A runner SIGKILLed while it publishes an artifact to the store: nothing it half-wrote is ever
// taken for the artifact (no manifest, no artifact object), and the next attempt publishes whole.
// The kill lands mid-upload every time: a proxy in front of the S3-compatible server holds the
// artifact's upload after its first bytes and says so.

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SOURCE = { kind: 'synthetic', generator: 'testsrc2', width: 160, height: 90, fps: 30, seconds: 1 } as const;
const LOCATION = { bucket: 'artifacts', prefix: 'runs' };
let s3: TestS3Server;
let store: S3Client;
let proxy: Server;
let held!: Promise<void>;
const children: ChildProcess[] = [];
const dirs: string[] = [];

/** Forwards every request to s3rver, except the artifact's upload, which it reads a little of and holds. */
function startHoldingProxy(upstream: URL): Promise<string> {
  let announce!: () => void;
  held = new Promise((resolve) => (announce = resolve));
  proxy = createServer((incoming, outgoing) => {
    if (incoming.url?.includes('/artifact.mp4')) {
      incoming.once('data', () => announce());
      return;
    }
    const forwarded = request({ host: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  return new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`)));
}

async function startRunner(endpoint: string): Promise<{ child: ChildProcess; client: AgentRunnerClient }> {
  const dir = mkdtempSync(join(tmpdir(), 'codeclab-publish-kill-'));
  dirs.push(dir);
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', 'agent-runner', 'main.js')], {
    env: { ...process.env, ...s3.env, S3_ENDPOINT: endpoint, GRPC_PORT: '0', HTTP_PORT: '0', HOST: '127.0.0.1', ARTIFACT_DIR: join(dir, 'artifacts'), ARTIFACT_STORE: 's3://artifacts/runs', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.push(child);
  const urls = await new Promise<{ grpc: string }>((resolve) => child.on('message', (m: { type: string; urls: { grpc: string } }) => m.type === 'ready' && resolve(m.urls)));
  return { child, client: new (loadContracts().codeclab.v1.AgentRunner)(urls.grpc, credentials.createInsecure()) as AgentRunnerClient };
}

function run(client: AgentRunnerClient, experimentId: string) {
  return new Promise<{ code: number; events: WireRunEventOutput[] }>((resolve) => {
    const events: WireRunEventOutput[] = [];
    const call = client.RunExperiment({ experimentId, source: sourceToWire(SOURCE), config: configToWire(BASELINE_CONFIG) });
    call.on('data', (event: WireRunEventOutput) => events.push(event));
    call.on('error', (e: ServiceError) => resolve({ code: e.code, events }));
    call.on('end', () => resolve({ code: status.OK, events }));
  });
}

beforeAll(async () => {
  s3 = await startS3Server(['artifacts']);
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' });
  store = createS3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true });
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  proxy?.closeAllConnections();
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  store?.destroy();
  await s3?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('a runner killed while it publishes an artifact', () => {
  it('leaves no artifact in the store, and the next attempt publishes the whole of it', async () => {
    const doomed = await startRunner(await startHoldingProxy(new URL(s3.endpoint)));
    const first = run(doomed.client, 'exp-kill');
    await held;
    doomed.child.kill('SIGKILL');
    expect((await first).code).toBe(status.UNAVAILABLE);
    expect(await readArtifactManifest(store, LOCATION, 'exp-kill')).toBeNull();
    expect(await headObject(store, 'artifacts', 'runs/exp-kill/artifact.mp4')).toBeNull();

    const next = await startRunner(s3.endpoint);
    const second = await run(next.client, 'exp-kill');
    expect(second.code).toBe(status.OK);
    const result = resultFromWire(second.events.find((e) => e.result)!.result);
    const published = await readArtifactManifest(store, LOCATION, 'exp-kill');
    expect(published?.manifest.files.find((f) => f.path === 'artifact.mp4')).toMatchObject({ bytes: result.bytes, sha256: result.artifactSha256 });
    expect((await headObject(store, 'artifacts', 'runs/exp-kill/artifact.mp4'))?.bytes).toBe(result.bytes);
  });
});
