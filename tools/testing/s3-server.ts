// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- s3rver ships no types; the one declaration of what we use of it
/// <reference path="../dev-stores/src/s3rver.d.ts" />
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** A real S3-compatible server for a test (s3rver, on loopback, files in a temporary folder). */
export interface TestS3Server {
  /** `http://127.0.0.1:<port>`, for S3_ENDPOINT. */
  readonly endpoint: string;
  /** The environment a service needs to use it (endpoint, path style, s3rver's fixed keys, region). */
  readonly env: Record<string, string>;
  /** Where the server keeps objects: `<directory>/<bucket>/<key>._S3rver_object`. */
  readonly directory: string;
  close(): Promise<void>;
}

/**
 * s3rver implements the S3 REST API (PUT, multipart uploads, copy, HEAD, GET, DELETE) over the
 * file system; it does not enforce conditional headers (If-Match), so the lab never relies on them.
 */
export async function startS3Server(buckets: readonly string[]): Promise<TestS3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'codec-lab-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    directory,
    env: { S3_ENDPOINT: endpoint, S3_FORCE_PATH_STYLE: 'true', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
