// The DynamoDB table as a one-shot command, for a Kubernetes Job (k8s/base/create-table.yaml):
//   node dist/apps/orchestrator/create-table.js          creates the table (and its indexes) unless it
//                                                        exists; exits 0 on created or exists
//   node dist/apps/orchestrator/create-table.js --print  prints the CreateTable input as JSON, for
//                                                        Terraform/CloudFormation, and touches nothing
// It reads the orchestrator's own settings (DYNAMODB_ENDPOINT, DYNAMODB_TABLE, AWS_REGION) and calls
// the store's ensureTable(), the one definition of the table (libs/store/src/table.ts).
//
// --print runs that same ensureTable() against a stand-in endpoint on 127.0.0.1 that answers
// DescribeTable "not found" and records the CreateTable request: what is printed is exactly what the
// store would send, not a second copy of the definition.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStore } from '@codec-lab/store';
import { loadConfig } from './config.ts';

const JSON_TYPE = 'application/x-amz-json-1.0';

function reply(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': JSON_TYPE });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The CreateTable input ensureTable() sends for `tableName`, captured on the wire. */
export async function createTableInput(tableName: string, region: string): Promise<Record<string, unknown>> {
  let created: Record<string, unknown> | undefined;
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1];
      if (operation === 'CreateTable') {
        created = JSON.parse(body) as Record<string, unknown>;
        reply(response, 200, { TableDescription: { TableName: tableName, TableStatus: 'ACTIVE' } });
      } else if (operation === 'DescribeTable' && created) {
        reply(response, 200, { Table: { TableName: tableName, TableStatus: 'ACTIVE' } });
      } else if (operation === 'DescribeTable') {
        reply(response, 400, { __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', message: `Requested resource not found: Table: ${tableName} not found` });
      } else {
        reply(response, 400, { __type: 'com.amazon.coral.validate#ValidationException', message: `unexpected operation ${operation}` });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const store = createStore({ endpoint: `http://127.0.0.1:${port}`, region, tableName });
  try {
    await store.ensureTable();
  } finally {
    store.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  if (!created) throw new Error('ensureTable() sent no CreateTable request');
  return created;
}

export async function main(argv: readonly string[], env: Record<string, string | undefined>): Promise<number> {
  const config = loadConfig(env);
  if (argv.includes('--print')) {
    process.stdout.write(`${JSON.stringify(await createTableInput(config.DYNAMODB_TABLE, config.AWS_REGION), null, 2)}\n`);
    return 0;
  }
  const store = createStore({ endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION, tableName: config.DYNAMODB_TABLE });
  try {
    const outcome = await store.ensureTable();
    // One JSON line, like the services' logs.
    process.stdout.write(`${JSON.stringify({ level: 'info', table: config.DYNAMODB_TABLE, endpoint: config.DYNAMODB_ENDPOINT ?? `aws:${config.AWS_REGION}`, outcome, msg: `table ${outcome}` })}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${JSON.stringify({ level: 'error', table: config.DYNAMODB_TABLE, err: (error as Error).message, msg: 'create-table failed' })}\n`);
    return 1;
  } finally {
    store.close();
  }
}

if (process.argv[1] && /create-table\.(js|ts)$/.test(process.argv[1])) process.exitCode = await main(process.argv.slice(2), process.env);
