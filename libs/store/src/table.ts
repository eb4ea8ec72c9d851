import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * One table, designed from the access patterns (all Query or GetItem, never Scan):
 * - a campaign:                      GetItem  pk=CAMPAIGN#id, sk=META
 * - a campaign's experiments in order: Query pk=CAMPAIGN#id, sk begins_with EXP# (seq is zero-padded)
 * - one experiment with its reasoning: GetItem pk=CAMPAIGN#id, sk=EXP#seq
 * - campaigns newest first:          Query gsi1 pk=CAMPAIGNS, sk=createdAt#id, descending
 * - latest experiments everywhere:   Query gsi1 pk=EXPERIMENTS, sk=createdAt#id, descending
 * - campaigns still to drive:        Query gsi2 pk=ACTIVE (sparse: removed once a campaign ends)
 * - the lab's memory near a source: Query pk=MEMORY#cell, newest first, Limit n, for each of <= 9 cells
 * - "already tried" guard:           pk=CAMPAIGN#id, sk=HASH#configHash, written conditionally
 */
export const GSI1 = 'gsi1';
export const GSI2 = 'gsi2';

export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return 'exists';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const key = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [key('pk'), key('sk'), key('gsi1pk'), key('gsi1sk'), key('gsi2pk'), key('gsi2sk')],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [GSI1, GSI2].map((name) => ({
          IndexName: name,
          KeySchema: [
            { AttributeName: `${name}pk`, KeyType: 'HASH' as const },
            { AttributeName: `${name}sk`, KeyType: 'RANGE' as const },
          ],
          Projection: { ProjectionType: 'ALL' as const },
        })),
      }),
    );
  } catch (error) {
    // Another process created it first; that is what we wanted.
    if ((error as Error).name !== 'ResourceInUseException') throw error;
  }
  for (let attempt = 0; attempt < 100; attempt++) {
    const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (described.Table?.TableStatus === 'ACTIVE') return 'created';
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}
