import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SourceMemorySchema, type SourceMemory } from '@codec-lab/domain';
import { memoryPk, timeSortKey } from './keys.ts';

/** What one read of the lab's memory cost: DynamoDB round trips, records returned, their size. */
export interface MemoryRead {
  readonly memories: SourceMemory[];
  readonly roundTrips: number;
  /** Records that no longer fit the schema, left out (memory informs; a bad record must not stop a campaign). */
  readonly skipped: number;
  /** JSON size of the records returned: what the read holds in memory. */
  readonly bytes: number;
}

/**
 * The lab's memory: one record per campaign (`SourceMemory`), rewritten as its experiments are
 * measured, kept in the partition of its source's cell (`MEMORY#<cell>`, sorted by the campaign's
 * creation time). A new campaign reads the newest `perCell` records of the few cells near its
 * source, so a read costs at most cells x (1 + pages) round trips and cells x perCell records
 * however large the memory grows: a Query per cell, never a Scan.
 */
export class MemoryRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async record(cell: string, memory: SourceMemory): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: memoryPk(cell), sk: timeSortKey(memory.createdAt, memory.campaignId), entity: 'memory', memory },
      }),
    );
  }

  async read(cells: readonly string[], perCell: number): Promise<MemoryRead> {
    const reads = await Promise.all(cells.map((cell) => this.readCell(cell, perCell)));
    const memories: SourceMemory[] = [];
    let skipped = 0;
    for (const read of reads) {
      for (const item of read.items) {
        const parsed = SourceMemorySchema.safeParse(item.memory);
        if (parsed.success) memories.push(parsed.data);
        else skipped++;
      }
    }
    return { memories, roundTrips: reads.reduce((a, r) => a + r.roundTrips, 0), skipped, bytes: Buffer.byteLength(JSON.stringify(memories)) };
  }

  private async readCell(cell: string, limit: number): Promise<{ items: Record<string, unknown>[]; roundTrips: number }> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    let roundTrips = 0;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': memoryPk(cell) },
          ScanIndexForward: false,
          Limit: limit - items.length,
          ExclusiveStartKey: start,
        }),
      );
      roundTrips++;
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start && items.length < limit);
    return { items, roundTrips };
  }
}
