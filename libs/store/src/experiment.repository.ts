import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError, type Experiment, type ExperimentStatus } from '@codec-lab/domain';
import type { Page } from './campaign.repository.ts';
import { experimentFromItem } from './items.ts';
import {
  ALL_EXPERIMENTS,
  campaignPk,
  decodeCursor,
  encodeCursor,
  EXPERIMENT_SK_PREFIX,
  experimentSk,
  hashSk,
  timeSortKey,
} from './keys.ts';
import { GSI1 } from './table.ts';
import { buildUpdate, isConditionFailure } from './update.ts';

/** What `listRecentMatching` keeps; every field is optional and they combine with AND. */
export interface ExperimentFilter {
  readonly encoder?: string;
  readonly origin?: string;
  readonly strategy?: string;
  /** Only experiments that ended (succeeded or failed). */
  readonly finished?: boolean;
}

function filterExpression(filter: ExperimentFilter) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const terms: string[] = [];
  const equal = (path: readonly string[], value: string | undefined, placeholder: string) => {
    if (value === undefined) return;
    for (const part of path) names[`#${part}`] = part;
    values[placeholder] = value;
    terms.push(`${path.map((part) => `#${part}`).join('.')} = ${placeholder}`);
  };
  equal(['config', 'encoder'], filter.encoder, ':encoder');
  equal(['proposal', 'origin'], filter.origin, ':origin');
  equal(['config', 'strategy'], filter.strategy, ':strategy');
  if (filter.finished) {
    names['#status'] = 'status';
    Object.assign(values, { ':succeeded': 'succeeded', ':failed': 'failed' });
    terms.push('#status IN (:succeeded, :failed)');
  }
  return { expression: terms.join(' AND '), names, values };
}

/** The primary key of an item (and its GSI1 key when read from the index), as a continuation key. */
function keyOf(item: Record<string, unknown>, onIndex: boolean): Record<string, unknown> {
  const { pk, sk, gsi1pk, gsi1sk } = item;
  return onIndex ? { pk, sk, gsi1pk, gsi1sk } : { pk, sk };
}

/** Reads of experiments; shared by the read-only store and the read-write repository. */
export class ExperimentReader {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly table: string,
  ) {}

  /** Every experiment of a campaign, in order (oldest first). */
  async listByCampaign(campaignId: string): Promise<Experiment[]> {
    const items: Experiment[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': campaignPk(campaignId), ':prefix': EXPERIMENT_SK_PREFIX },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []).map(experimentFromItem));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** Newest first, across all campaigns or within one. */
  async listRecent(options: { campaignId?: string; limit: number; cursor?: string }): Promise<Page<Experiment>> {
    const query = options.campaignId
      ? {
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': campaignPk(options.campaignId), ':prefix': EXPERIMENT_SK_PREFIX },
        }
      : { IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': ALL_EXPERIMENTS } };
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        ...query,
        ScanIndexForward: false,
        Limit: options.limit,
        ExclusiveStartKey: decodeCursor(options.cursor),
      }),
    );
    return { items: (out.Items ?? []).map(experimentFromItem), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  }

  /**
   * Newest first, keeping only experiments that match `filter`. DynamoDB applies a FilterExpression
   * after reading, so a selective filter can need many reads: this keeps querying until the page is
   * full, the partition ends, or `maxRoundTrips` reads were spent, and then returns a cursor so the
   * caller resumes where it stopped (a short or even empty page with a cursor is not the end).
   */
  async listRecentMatching(options: {
    campaignId?: string;
    limit: number;
    cursor?: string;
    filter: ExperimentFilter;
    maxRoundTrips?: number;
  }): Promise<Page<Experiment>> {
    const onIndex = !options.campaignId;
    const key = onIndex
      ? { IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :pk', values: { ':pk': ALL_EXPERIMENTS } }
      : { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', values: { ':pk': campaignPk(options.campaignId!), ':prefix': EXPERIMENT_SK_PREFIX } };
    const filter = filterExpression(options.filter);
    const items: Experiment[] = [];
    let start = decodeCursor(options.cursor);
    for (let trip = 0; trip < (options.maxRoundTrips ?? 10); trip++) {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: key.IndexName,
          KeyConditionExpression: key.KeyConditionExpression,
          ...(filter.expression ? { FilterExpression: filter.expression, ExpressionAttributeNames: filter.names } : {}),
          ExpressionAttributeValues: { ...key.values, ...filter.values },
          ScanIndexForward: false,
          // Limit counts items read, not items kept; 200 keeps each read small but few.
          Limit: Math.max(options.limit, 200),
          ExclusiveStartKey: start,
        }),
      );
      const page = out.Items ?? [];
      for (const [i, item] of page.entries()) {
        items.push(experimentFromItem(item));
        if (items.length === options.limit) {
          // Stopped inside a read: resume after this item, not after what DynamoDB read.
          const last = i === page.length - 1 ? out.LastEvaluatedKey : keyOf(item, onIndex);
          return { items, nextCursor: encodeCursor(last) };
        }
      }
      start = out.LastEvaluatedKey;
      if (!start) return { items };
    }
    return { items, nextCursor: encodeCursor(start) };
  }

  async get(campaignId: string, seq: number): Promise<Experiment> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { pk: campaignPk(campaignId), sk: experimentSk(seq) }, ConsistentRead: true }),
    );
    if (!out.Item) throw new DomainError('not_found', 'ERR_EXPERIMENT_NOT_FOUND', `experiment ${seq} of campaign ${campaignId} does not exist`);
    return experimentFromItem(out.Item);
  }
}

/**
 * What an experiment claims in its campaign: its config, once per arm (the control arm may draw a
 * config the analyst also tried) and once per way of measuring (a sampled campaign probes a config
 * on segments, then may encode it in full).
 */
function claimOf(experiment: Experiment): string {
  return `${experiment.arm === 'analyst' ? '' : `${experiment.arm}#`}${experiment.probe ? 'probe#' : ''}${experiment.configHash}`;
}

/** Experiment rows. Inserting claims the config hash first, so a config runs once per campaign and way of measuring. */
export class ExperimentRepository extends ExperimentReader {
  async insert(experiment: Experiment): Promise<void> {
    const pk = campaignPk(experiment.campaignId);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk, sk: hashSk(claimOf(experiment)), entity: 'config-hash', seq: experiment.seq },
          // Idempotent for the same experiment retrying its own insert.
          ConditionExpression: 'attribute_not_exists(pk) OR seq = :seq',
          ExpressionAttributeValues: { ':seq': experiment.seq },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new DomainError('conflict', 'ERR_CONFIG_REPEATED', `config ${experiment.configHash.slice(0, 12)} was already run in this campaign`);
      }
      throw error;
    }
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk,
            sk: experimentSk(experiment.seq),
            entity: 'experiment',
            gsi1pk: ALL_EXPERIMENTS,
            gsi1sk: timeSortKey(experiment.createdAt, experiment.id),
            ...experiment,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR configHash = :hash',
          ExpressionAttributeValues: { ':hash': experiment.configHash },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new DomainError('conflict', 'ERR_EXPERIMENT_EXISTS', `experiment ${experiment.seq} of campaign ${experiment.campaignId} already exists`);
      }
      throw error;
    }
  }

  /** Applies a patch if the experiment is still in one of the `from` statuses. */
  async update(
    campaignId: string,
    seq: number,
    from: readonly ExperimentStatus[],
    patch: Partial<Omit<Experiment, 'campaignId' | 'seq' | 'id' | 'config' | 'configHash'>>,
    /** Also require this attempt number: a driver that lost the experiment to another cannot overwrite it. */
    attempt?: number,
  ): Promise<void> {
    const update = buildUpdate(patch);
    const allowed = Object.fromEntries(from.map((status, i) => [`:from${i}`, status]));
    const attemptCondition = attempt === undefined ? '' : ' AND #currentAttempts = :attempt';
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: campaignPk(campaignId), sk: experimentSk(seq) },
          UpdateExpression: update.UpdateExpression,
          ExpressionAttributeNames: {
            ...update.ExpressionAttributeNames,
            '#currentStatus': 'status',
            ...(attempt === undefined ? {} : { '#currentAttempts': 'attempts' }),
          },
          ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ...allowed, ...(attempt === undefined ? {} : { ':attempt': attempt }) },
          ConditionExpression: `#currentStatus IN (${Object.keys(allowed).join(', ')})${attemptCondition}`,
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new DomainError('precondition', 'ERR_EXPERIMENT_STATE', `experiment ${seq} of campaign ${campaignId} is no longer ${from.join(' or ')}${attempt === undefined ? '' : ` at attempt ${attempt}`}`);
      }
      throw error;
    }
  }
}
