// The dev overlay's stores in one process: dynalite (DynamoDB's API, as the lab's embedded mode
// starts it) and s3rver (S3's API) with the lab's buckets, both keeping their data under DATA_DIR,
// and a small HTTP server whose /readyz answers 200 only while both accept connections.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import S3rver from 's3rver';
import { startEmbeddedDynamo } from '@codec-lab/store/embedded';
import type { DevStoresConfig } from './config.ts';

export interface DevStores {
  readonly dynamodbEndpoint: string;
  readonly s3Endpoint: string;
  readonly httpUrl: string;
  readonly buckets: readonly string[];
  close(): Promise<void>;
}

/** Whether something accepts a TCP connection at host:port within a second. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1_000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

const listening = (server: Server, port: number, host: string) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });

export async function startDevStores(config: Pick<DevStoresConfig, 'HOST' | 'DYNAMODB_PORT' | 'S3_PORT' | 'HTTP_PORT' | 'DATA_DIR' | 'BUCKETS'>): Promise<DevStores> {
  const dynamoDir = join(config.DATA_DIR, 'dynamodb');
  const s3Dir = join(config.DATA_DIR, 's3');
  mkdirSync(dynamoDir, { recursive: true });
  mkdirSync(s3Dir, { recursive: true });
  const local = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;

  const dynamo = await startEmbeddedDynamo({ path: dynamoDir, host: config.HOST, port: config.DYNAMODB_PORT });
  const dynamoPort = Number(new URL(dynamo.endpoint).port);
  // Path-style only (vhostBuckets off): the services set S3_FORCE_PATH_STYLE=true. s3rver's one key
  // pair is S3RVER/S3RVER (the dev overlay's Secret); it is a stand-in, not an access control.
  const s3 = new S3rver({ address: config.HOST, port: config.S3_PORT, directory: s3Dir, silent: true, vhostBuckets: false, configureBuckets: config.BUCKETS.map((name) => ({ name })) });
  let s3Port: number;
  try {
    s3Port = (await s3.run()).port;
  } catch (error) {
    await dynamo.close();
    throw error;
  }

  const http = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (path !== '/readyz') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    void Promise.all([accepts(local, dynamoPort), accepts(local, s3Port)]).then(([dynamodb, s3ok]) => {
      const ready = dynamodb && s3ok;
      response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ready, dynamodb, s3: s3ok, buckets: config.BUCKETS }));
    });
  });
  const httpPort = await listening(http, config.HTTP_PORT, config.HOST);

  return {
    dynamodbEndpoint: `http://${local}:${dynamoPort}`,
    s3Endpoint: `http://${local}:${s3Port}`,
    httpUrl: `http://${local}:${httpPort}`,
    buckets: config.BUCKETS,
    close: async () => {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await s3.close();
      await dynamo.close();
    },
  };
}
