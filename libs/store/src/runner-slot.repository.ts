import { DeleteCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './update.ts';

/** One partition per agent-runner process: its id is new for every process (GetLoad's runner_id). */
export const runnerSlotsPk = (runnerId: string) => `RUNNER#${runnerId}`;
const slotSk = (index: number) => `SLOT#${String(index).padStart(3, '0')}`;
const SLOT_SK_PREFIX = 'SLOT#';

/**
 * The experiment slots of each agent-runner, shared by every orchestrator replica: a runner with
 * MAX_CONCURRENT m has slot rows 0..m-1 in its own partition, each taken with a conditional write
 * and held under a lease that its holder renews, as the global slots (SlotRepository) are. A slot
 * row exists only while it is held (release deletes it), so a runner that went away leaves nothing
 * behind but the rows of holders that died with it, which expire. Reads are one Query per runner.
 */
export class RunnerSlotRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** The slots of `runnerId` held now (their lease not expired): index to holder. */
  async held(runnerId: string, now = Date.now()): Promise<Map<number, string>> {
    const held = new Map<number, string>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': runnerSlotsPk(runnerId), ':prefix': SLOT_SK_PREFIX },
          ProjectionExpression: 'sk, holder, expiresAt',
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        if (typeof item.holder === 'string' && typeof item.expiresAt === 'number' && item.expiresAt >= now) {
          held.set(Number(String(item.sk).slice(SLOT_SK_PREFIX.length)), item.holder);
        }
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return held;
  }

  /** Takes slot `index` of `runnerId` for `holder` if it is free (never held, released, or its lease expired). */
  async take(runnerId: string, index: number, holder: string, ttlMs: number, now = Date.now()): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: runnerSlotsPk(runnerId), sk: slotSk(index) },
        UpdateExpression: 'SET holder = :holder, expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(holder) OR expiresAt < :now OR holder = :holder',
        ExpressionAttributeValues: { ':holder': holder, ':expires': now + ttlMs, ':now': now },
      }),
    );
  }

  /** Takes the first free slot of `runnerId` among `slots` (or one `holder` holds already); its index, or undefined when all are held. */
  async acquire(runnerId: string, holder: string, slots: number, ttlMs: number, now = Date.now()): Promise<number | undefined> {
    const held = await this.held(runnerId, now);
    for (let index = 0; index < slots; index++) {
      if ((held.get(index) ?? holder) === holder && (await this.take(runnerId, index, holder, ttlMs, now))) return index;
    }
    return undefined;
  }

  renew(runnerId: string, index: number, holder: string, ttlMs: number, now = Date.now()): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: runnerSlotsPk(runnerId), sk: slotSk(index) },
        UpdateExpression: 'SET expiresAt = :expires',
        ConditionExpression: 'holder = :holder',
        ExpressionAttributeValues: { ':holder': holder, ':expires': now + ttlMs },
      }),
    );
  }

  release(runnerId: string, index: number, holder: string): Promise<boolean> {
    return this.conditional(
      new DeleteCommand({
        TableName: this.table,
        Key: { pk: runnerSlotsPk(runnerId), sk: slotSk(index) },
        ConditionExpression: 'holder = :holder',
        ExpressionAttributeValues: { ':holder': holder },
      }),
    );
  }

  private async conditional(command: UpdateCommand | DeleteCommand): Promise<boolean> {
    try {
      await this.db.send(command as UpdateCommand);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
