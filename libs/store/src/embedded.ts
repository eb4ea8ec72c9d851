// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- dynalite ships no types; every consumer of this lib needs them
/// <reference path="./dynalite.d.ts" />
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import dynalite from 'dynalite';

export interface EmbeddedDynamo {
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * Starts dynalite, an in-process DynamoDB-compatible server: persisted under `path` (LevelDB), or
 * in memory when `path` is omitted (tests).
 */
export async function startEmbeddedDynamo(options: { path?: string; host?: string; port?: number }): Promise<EmbeddedDynamo> {
  const server: Server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  // dynalite closes its database when the server closes; a request still being processed then
  // throws outside any handler. So closing waits (briefly) for requests in flight to finish.
  let active = 0;
  server.on('request', (_request, response) => {
    active++;
    response.once('close', () => active--);
  });
  return {
    endpoint: `http://${host}:${port}`,
    close: async () => {
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      server.closeIdleConnections();
      for (let waited = 0; active > 0 && waited < 3_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      server.closeAllConnections();
      await closed;
    },
  };
}
