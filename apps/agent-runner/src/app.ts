import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { loadContracts } from '@codec-lab/contracts';
import { buildOpsServer, createGrpcMetrics, createServiceMetrics, type Logger } from '@codec-lab/observability';
import { startGrpcServer, type RunningGrpcServer } from '@codec-lab/rpc';
import type { RunnerConfig } from './config.ts';
import { AGENT_RUNNER_SERVICE, createRunnerHandlers } from './grpc-service.ts';
import { detectCapabilities, killAllFfmpeg, sweepAbandonedAttempts } from './media/index.ts';
import { createRunnerMetrics } from './metrics.ts';
import { objectAccess } from './objects/index.ts';
import { RunnerService } from './runner.service.ts';

export const SERVICE_NAME = 'agent-runner';

export interface RunnerApp {
  readonly grpc: RunningGrpcServer;
  readonly httpPort: number;
  readonly runner: RunnerService;
  close(): Promise<void>;
}

/**
 * Finds what this runner can really do (trial encodes), then serves RunExperiment and
 * GetCapabilities over gRPC and metrics/health over HTTP.
 */
export async function startRunner(config: RunnerConfig, logger: Logger): Promise<RunnerApp> {
  const { registry } = createServiceMetrics(SERVICE_NAME);
  await mkdir(config.ARTIFACT_DIR, { recursive: true });
  // Work folders of attempts older than any live attempt belong to runner processes that died.
  const swept = await sweepAbandonedAttempts(config.ARTIFACT_DIR, config.EXPERIMENT_TIMEOUT_SECONDS * 1000);
  if (swept > 0) logger.info({ swept }, 'removed the work folders of abandoned attempts');
  const capabilities = await detectCapabilities({ ffmpegPath: config.FFMPEG_PATH, metricsFfmpegPath: config.METRICS_FFMPEG_PATH });
  const { encoder, meter } = capabilities;
  logger.info(
    { encoders: capabilities.encoders, pixelFormats: capabilities.pixelFormats, gpuName: capabilities.gpuName, encoder, meter: meter.binary, vmafModels: meter.vmafModels },
    'capabilities detected',
  );
  if (meter.vmafModels.length === 0) logger.warn({ reason: meter.vmafUnavailable }, 'VMAF is not available on this runner');
  if (capabilities.encoders.length === 0) throw new Error(`no usable encoder in ${config.FFMPEG_PATH}`);

  const runner = new RunnerService(config, capabilities, createRunnerMetrics(registry), logger, objectAccess(config));
  const handlers = createRunnerHandlers(
    { logger, metrics: createGrpcMetrics(registry, 'server'), service: AGENT_RUNNER_SERVICE },
    runner,
    config.MAX_CONCURRENT,
  );
  const grpc = await startGrpcServer({
    host: config.HOST,
    port: config.GRPC_PORT,
    services: [{ name: AGENT_RUNNER_SERVICE, definition: loadContracts().codeclab.v1.AgentRunner.service, handlers }],
  });
  let serving = true;
  const ops: FastifyInstance = buildOpsServer({ registry, logger, isReady: () => serving });
  await ops.listen({ host: config.HOST, port: config.HTTP_PORT });
  return {
    grpc,
    runner,
    httpPort: (ops.server.address() as AddressInfo).port,
    async close() {
      serving = false;
      // Calls still running after the grace period are cancelled, which kills their ffmpeg.
      await grpc.shutdown(config.SHUTDOWN_GRACE_MS);
      const killed = killAllFfmpeg();
      if (killed > 0) logger.warn({ killed }, 'killed ffmpeg processes still running at shutdown');
      await ops.close();
    },
  };
}
