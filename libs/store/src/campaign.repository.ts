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

  /** Campaigns that are queued or running, oldest first: the ones an orchestrator must drive. */
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
   * new campaign. Leaving an active status takes the campaign off the ACTIVE index.
   */
  async update(expected: Campaign, patch: Partial<Omit<Campaign, 'id' | 'version' | 'createdAt'>>): Promise<Campaign> {
    const next: Campaign = { ...expected, ...patch, version: expected.version + 1, updatedAt: new Date().toISOString() };
    const active = ACTIVE_CAMPAIGN_STATUSES.includes(next.status);
    const { id: _id, createdAt: _createdAt, ...changes } = next;
    const update = buildUpdate({ ...changes, ...(active ? {} : { gsi2pk: undefined, gsi2sk: undefined }) });
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
