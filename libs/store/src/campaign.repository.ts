import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ACTIVE_CAMPAIGN_STATUSES, DomainError, type Campaign, type CampaignStatus } from '@codec-lab/domain';
import { campaignFromItem } from './items.ts';
import { ACTIVE_CAMPAIGNS, ALL_CAMPAIGNS, CAMPAIGN_SK, campaignPk, decodeCursor, encodeCursor, timeSortKey } from './keys.ts';
import { GSI1, GSI2 } from './table.ts';
import { buildUpdate, isConditionFailure } from './update.ts';

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

function notFound(id: string): DomainError {
  return new DomainError('not_found', 'ERR_CAMPAIGN_NOT_FOUND', `campaign ${id} does not exist`);
}

/** Reads of campaigns; shared by the read-only store and the read-write repository. */
export class CampaignReader {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly table: string,
  ) {}

  async get(id: string): Promise<Campaign> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: campaignPk(id), sk: CAMPAIGN_SK }, ConsistentRead: true }));
    if (!out.Item) throw notFound(id);
    return campaignFromItem(out.Item);
  }

  /** Newest first, with an opaque continuation token. */
  async list(limit: number, cursor?: string): Promise<Page<Campaign>> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': ALL_CAMPAIGNS },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    return { items: (out.Items ?? []).map(campaignFromItem), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  }
}

/** Campaign rows, written only with conditions so that no transition happens twice. */
export class CampaignRepository extends CampaignReader {
  async create(campaign: Campaign): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: campaignPk(campaign.id),
            sk: CAMPAIGN_SK,
            entity: 'campaign',
            gsi1pk: ALL_CAMPAIGNS,
            gsi1sk: timeSortKey(campaign.createdAt, campaign.id),
            gsi2pk: ACTIVE_CAMPAIGNS,
            gsi2sk: timeSortKey(campaign.createdAt, campaign.id),
            ...campaign,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new DomainError('conflict', 'ERR_CAMPAIGN_EXISTS', `campaign ${campaign.id} already exists`);
      throw error;
    }
  }

  /** Campaigns that are queued or running, oldest first: the ones an orchestrator must drive (never a paused one). */
  async listActive(): Promise<Campaign[]> {
    const items: Campaign[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: GSI2,
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': ACTIVE_CAMPAIGNS },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []).map(campaignFromItem));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /**
   * Applies a patch if the row is still at `expected.version` (optimistic locking) and returns the
   * new campaign. Leaving an active status (finished, or paused) takes the campaign off the ACTIVE
   * index; entering one again (resumed, or reopened by a budget extension) puts it back.
   */
  async update(expected: Campaign, patch: Partial<Omit<Campaign, 'id' | 'version' | 'createdAt'>>): Promise<Campaign> {
    const next: Campaign = { ...expected, ...patch, version: expected.version + 1, updatedAt: new Date().toISOString() };
    const active = ACTIVE_CAMPAIGN_STATUSES.includes(next.status);
    // The lease is written only by the lease methods, which do not bump the version: writing a
    // stale copy of it here would shorten or steal a lease.
    const { id: _id, createdAt: _createdAt, lease: _lease, ...changes } = next;
    const index = active ? { gsi2pk: ACTIVE_CAMPAIGNS, gsi2sk: timeSortKey(expected.createdAt, expected.id) } : { gsi2pk: undefined, gsi2sk: undefined };
    const update = buildUpdate({ ...changes, ...index });
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: campaignPk(expected.id), sk: CAMPAIGN_SK },
          ...update,
          ConditionExpression: '#version = :expectedVersion',
          ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':expectedVersion': expected.version },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new DomainError('conflict', 'ERR_CAMPAIGN_CHANGED', `campaign ${expected.id} was changed by someone else`);
      }
      throw error;
    }
    return next;
  }

  /**
   * Takes (or renews) the campaign's lease for `ttlMs` if it is free, expired or already ours.
   * Returns false when another owner holds a live lease. Only the lease holder drives a campaign.
   */
  async acquireLease(id: string, owner: string, ttlMs: number, now = Date.now()): Promise<boolean> {
    return this.leaseWrite(id, 'SET #lease = :lease', 'attribute_exists(pk) AND (attribute_not_exists(#lease) OR #lease.expiresAt < :now OR #lease.#owner = :owner)', {
      ':lease': { owner, expiresAt: now + ttlMs },
      ':now': now,
      ':owner': owner,
    });
  }

  /** Extends our lease; false when it is no longer ours (it expired and another owner took it). */
  renewLease(id: string, owner: string, ttlMs: number, now = Date.now()): Promise<boolean> {
    return this.leaseWrite(id, 'SET #lease = :lease', '#lease.#owner = :owner', { ':lease': { owner, expiresAt: now + ttlMs }, ':owner': owner });
  }

  /** Gives our lease up, so another owner can take the campaign at once. */
  releaseLease(id: string, owner: string): Promise<boolean> {
    return this.leaseWrite(id, 'REMOVE #lease', '#lease.#owner = :owner', { ':owner': owner });
  }

  private async leaseWrite(id: string, update: string, condition: string, values: Record<string, unknown>): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: campaignPk(id), sk: CAMPAIGN_SK },
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#lease': 'lease', ...(condition.includes('#owner') ? { '#owner': 'owner' } : {}) },
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Re-reads the campaign and applies `change(current)` with optimistic locking, retrying when
   * another writer got there first. `change` may throw to refuse.
   */
  async modify(id: string, change: (current: Campaign) => Partial<Omit<Campaign, 'id' | 'version' | 'createdAt'>>): Promise<Campaign> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.get(id);
      try {
        return await this.update(current, change(current));
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'ERR_CAMPAIGN_CHANGED')) throw error;
      }
    }
    throw new DomainError('conflict', 'ERR_CAMPAIGN_CHANGED', `campaign ${id} keeps changing; try again`);
  }

  /** Moves a campaign to `patch.status` if it is in one of `from`. */
  transition(id: string, from: readonly CampaignStatus[], patch: Partial<Campaign> & { status: CampaignStatus }): Promise<Campaign> {
    return this.modify(id, (current) => {
      if (!from.includes(current.status)) {
        throw new DomainError('precondition', 'ERR_CAMPAIGN_STATE', `campaign ${id} is ${current.status}`);
      }
      return patch;
    });
  }
}
