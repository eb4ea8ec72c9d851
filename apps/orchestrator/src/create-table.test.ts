import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '@codec-lab/store/embedded';
import { createStore } from '@codec-lab/store';
import { createTableInput, main } from './create-table.ts';

// The create-table command the Kubernetes Job runs (k8s/base/create-table.yaml), against dynalite.
describe('create-table', () => {
  let dynamo: EmbeddedDynamo;
  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo({});
  });
  afterAll(() => dynamo.close());

  const run = async (argv: string[], env: Record<string, string>) => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    try {
      return { code: await main(argv, env), out: out.join('') };
    } finally {
      spy.mockRestore();
    }
  };

  it('creates the table once, then finds it, exiting 0 both times; the store can use it', async () => {
    const env = { DYNAMODB_ENDPOINT: dynamo.endpoint, DYNAMODB_TABLE: 'k8s-job-table' };
    const first = await run([], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ table: 'k8s-job-table', outcome: 'created' });
    const second = await run([], env);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.out)).toMatchObject({ outcome: 'exists' });
    const store = createStore({ endpoint: dynamo.endpoint, region: 'eu-west-1', tableName: 'k8s-job-table' });
    try {
      expect((await store.campaigns.list(5)).items).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('--print prints the CreateTable input for infrastructure code and creates nothing', async () => {
    const printed = await run(['--print'], { DYNAMODB_ENDPOINT: dynamo.endpoint, DYNAMODB_TABLE: 'printed-table' });
    expect(printed.code).toBe(0);
    const input = JSON.parse(printed.out) as { TableName: string; BillingMode: string; KeySchema: unknown[]; GlobalSecondaryIndexes: { IndexName: string }[] };
    expect(input.TableName).toBe('printed-table');
    expect(input.BillingMode).toBe('PAY_PER_REQUEST');
    expect(input.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(input.GlobalSecondaryIndexes.map((i) => i.IndexName)).toEqual(['gsi1', 'gsi2']);
    // Nothing was created where DYNAMODB_ENDPOINT points: the Job would still find no table.
    const after = await run([], { DYNAMODB_ENDPOINT: dynamo.endpoint, DYNAMODB_TABLE: 'printed-table' });
    expect(JSON.parse(after.out)).toMatchObject({ outcome: 'created' });
  });

  it('prints the same input for the same name every time', async () => {
    expect(await createTableInput('codeclab', 'eu-west-1')).toEqual(await createTableInput('codeclab', 'us-east-1'));
  });
});
