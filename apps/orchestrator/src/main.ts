import { runService } from '@codec-lab/config';
import { createLogger } from '@codec-lab/observability';
import { SERVICE_NAME } from './app.ts';
import { loadConfig } from './config.ts';
import { startOrchestrator } from './server.ts';

const config = loadConfig(process.env);
const logger = createLogger(SERVICE_NAME, config.LOG_LEVEL);

// Past the shutdown grace, closing takes moments; the process is forced out if it takes longer.
await runService(
  SERVICE_NAME,
  logger,
  async () => {
    const server = await startOrchestrator(config, logger);
    return {
      urls: { http: `http://localhost:${server.port}`, metrics: `http://localhost:${server.port}/metrics` },
      close: () => server.close(),
    };
  },
  config.SHUTDOWN_GRACE_MS + 10_000,
);
