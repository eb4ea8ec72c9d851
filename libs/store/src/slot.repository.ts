import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './update.ts';

const SLOTS_PK = 'LIMITS';
const slotSk = (index: number) => `EXPERIMENT_SLOT#${String(index).padStart(3, '0')}`;

/**
 * A global limit on experiments running at once, shared by every orchestrator replica: N slot
 * rows, each taken with a conditional write and held under a lease that its holder renews. A slot
 * whose holder died frees itself when the lease expires.
 */
export class SlotRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Takes a free slot for `holder`; the slot's index, or undefined when all `slots` are taken. */
  async acquire(holder: string, slots: number, ttlMs: number, now = Date.now()): Promise<number | undefined> {
    const start = Math.floor(Math.random() * slots);
    for (let i = 0; i < slots; i++) {
      const index = (start + i) % slots;
      if (await this.write(index, 'SET holder = :holder, expiresAt = :expires', 'attribute_not_exists(holder) OR expiresAt < :now OR holder = :holder', { ':holder': holder, ':expires': now + ttlMs, ':now': now })) {
        return index;
      }
    }
    return undefined;
  }

  renew(index: number, holder: string, ttlMs: number, now = Date.now()): Promise<boolean> {
    return this.write(index, 'SET expiresAt = :expires', 'holder = :holder', { ':holder': holder, ':expires': now + ttlMs });
  }

  release(index: number, holder: string): Promise<boolean> {
    return this.write(index, 'REMOVE holder, expiresAt', 'holder = :holder', { ':holder': holder });
  }

  private async write(index: number, update: string, condition: string, values: Record<string, unknown>): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: SLOTS_PK, sk: slotSk(index) },
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
