import { runService } from '@codec-lab/config';
import { createLogger } from '@codec-lab/observability';
import { SERVICE_NAME, startAnalyst } from './app.ts';
import { loadConfig } from './config.ts';

const config = loadConfig(process.env);
const logger = createLogger(SERVICE_NAME, config.LOG_LEVEL);

await runService(SERVICE_NAME, logger, async () => {
  const app = await startAnalyst(config, logger);
  return {
    urls: {
      grpc: `localhost:${app.grpc.port}`,
      metrics: `http://localhost:${app.httpPort}/metrics`,
    },
    close: () => app.close(),
  };
});
