import { runService } from '@codec-lab/config';
import { createLogger } from '@codec-lab/observability';
import { loadConfig } from './config.ts';
import { startDevStores } from './dev-stores.ts';

const config = loadConfig(process.env);
const logger = createLogger('dev-stores', config.LOG_LEVEL);

await runService('dev-stores', logger, async () => {
  const stores = await startDevStores(config);
  logger.info({ buckets: stores.buckets, dataDir: config.DATA_DIR }, 'buckets ready');
  return { urls: { dynamodb: stores.dynamodbEndpoint, s3: stores.s3Endpoint, http: stores.httpUrl }, close: () => stores.close() };
});
