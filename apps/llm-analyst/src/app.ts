import type { AddressInfo } from 'node:net';
import { loadContracts } from '@codec-lab/contracts';
import { buildOpsServer, createGrpcMetrics, createServiceMetrics, type Logger } from '@codec-lab/observability';
import { startGrpcServer, type RunningGrpcServer } from '@codec-lab/rpc';
import type { FastifyInstance } from 'fastify';
import type { AnalystBackend } from './backend.ts';
import type { AnalystConfig } from './config.ts';
import { createAnalystHandlers, LLM_ANALYST_SERVICE } from './grpc-service.ts';
import { createAnalystMetrics } from './metrics.ts';
import { createPlannerBackend } from './planner/planner.backend.ts';

export const SERVICE_NAME = 'llm-analyst';

export interface AnalystApp {
  readonly grpc: RunningGrpcServer;
  readonly ops: FastifyInstance;
  readonly httpPort: number;
  close(): Promise<void>;
}

export function createBackend(config: AnalystConfig): AnalystBackend {
  switch (config.ANALYST_BACKEND) {
    case 'planner':
      return createPlannerBackend();
  }
}

/** Starts the gRPC service and its ops HTTP server (metrics, health). */
export async function startAnalyst(config: AnalystConfig, logger: Logger): Promise<AnalystApp> {
  const { registry } = createServiceMetrics(SERVICE_NAME);
  const backend = createBackend(config);
  const handlers = createAnalystHandlers(
    { logger, metrics: createGrpcMetrics(registry, 'server'), service: LLM_ANALYST_SERVICE },
    backend,
    createAnalystMetrics(registry),
  );
  const proto = loadContracts();
  const grpc = await startGrpcServer({
    host: config.HOST,
    port: config.GRPC_PORT,
    services: [{ name: LLM_ANALYST_SERVICE, definition: proto.codeclab.v1.LlmAnalyst.service, handlers }],
  });
  let serving = true;
  const ops = buildOpsServer({ registry, logger, isReady: () => serving });
  await ops.listen({ host: config.HOST, port: config.HTTP_PORT });
  logger.info({ backend: backend.name, grpcPort: grpc.port }, 'llm-analyst serving');
  return {
    grpc,
    ops,
    httpPort: (ops.server.address() as AddressInfo).port,
    async close() {
      serving = false;
      await grpc.shutdown(config.SHUTDOWN_GRACE_MS);
      await ops.close();
    },
  };
}
