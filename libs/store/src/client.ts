import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoOptions {
  /** Endpoint of dynalite or any DynamoDB-compatible server; unset means AWS's regional endpoint. */
  readonly endpoint?: string;
  readonly region: string;
  readonly tableName: string;
}

/**
 * A document client with the SDK's adaptive retry (exponential backoff with jitter, client-side
 * rate limiting on throttling). Against a local endpoint, static local credentials are used unless
 * real ones are configured in the SDK's usual ways.
 */
export function createDocumentClient(options: DynamoOptions): { client: DynamoDBClient; doc: DynamoDBDocumentClient } {
  const local = options.endpoint !== undefined && /^https?:\/\/(localhost|127\.|\[::1\])/.test(options.endpoint);
  const client = new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    maxAttempts: 6,
    retryMode: 'adaptive',
    ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
    unmarshallOptions: { wrapNumbers: false },
  });
  return { client, doc };
}
