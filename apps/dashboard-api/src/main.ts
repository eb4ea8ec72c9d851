import type { AddressInfo } from 'node:net';
import { runService } from '@codec-lab/config';
import { createGrpcMetrics, createLogger, createServiceMetrics } from '@codec-lab/observability';
import { createReadStore } from '@codec-lab/store';
import { buildApp, SERVICE_NAME } from './app.ts';
import { loadConfig } from './config.ts';
import { createFrameRunner } from './frame-runner.ts';
import { localArtifacts, storedArtifacts } from './artifact-source.ts';
import { createS3Client, parseStoreLocation } from '@codec-lab/object-store';

const config = loadConfig(process.env);
const logger = createLogger(SERVICE_NAME, config.LOG_LEVEL);

await runService(SERVICE_NAME, logger, async () => {
  const store = createReadStore({ endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION, tableName: config.DYNAMODB_TABLE });
  const { registry } = createServiceMetrics(SERVICE_NAME);
  if (!config.RUNNER_ADDR) logger.warn('RUNNER_ADDR is not set: per-frame quality and stills answer 503');
  const runner = config.RUNNER_ADDR ? createFrameRunner(config.RUNNER_ADDR, createGrpcMetrics(registry, 'client')) : undefined;
  const artifacts = config.ARTIFACT_STORE
    ? storedArtifacts(createS3Client({ endpoint: config.S3_ENDPOINT, region: config.AWS_REGION, forcePathStyle: config.S3_FORCE_PATH_STYLE }), parseStoreLocation(config.ARTIFACT_STORE))
    : config.ARTIFACT_DIR
      ? localArtifacts(config.ARTIFACT_DIR)
      : undefined;
  const app = buildApp({ store, registry, logger, responseCacheMs: config.RESPONSE_CACHE_MS, runner, frameCacheBytes: config.FRAME_CACHE_MB * 1024 * 1024, artifacts });
  await app.listen({ host: config.HOST, port: config.PORT });
  const port = (app.server.address() as AddressInfo).port;
  return {
    urls: { http: `http://localhost:${port}`, metrics: `http://localhost:${port}/metrics` },
    close: async () => {
      await app.close();
      store.close();
    },
  };
});
