import type { AddressInfo } from 'node:net';
import { loadContracts } from '@codec-lab/contracts';
import { buildOpsServer, createGrpcMetrics, createServiceMetrics, type Logger } from '@codec-lab/observability';
import { startGrpcServer, type RunningGrpcServer } from '@codec-lab/rpc';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { AnalystBackend } from './backend.ts';
import { llmEndpoint, type AnalystConfig } from './config.ts';
import { createAnalystHandlers, LLM_ANALYST_SERVICE } from './grpc-service.ts';
import { createChatClient } from './llm/chat-client.ts';
import { CircuitBreaker } from './llm/circuit-breaker.ts';
import { createLlmBackend } from './llm/llm.backend.ts';
import { loadPrompts } from './llm/prompts.ts';
import { createAnalystMetrics, createLlmMetrics } from './metrics.ts';
import { createPlannerBackend } from './planner.backend.ts';
import { createRoutingBackend } from './routing.backend.ts';

export const SERVICE_NAME = 'llm-analyst';

export interface AnalystApp {
  readonly grpc: RunningGrpcServer;
  readonly ops: FastifyInstance;
  readonly httpPort: number;
  close(): Promise<void>;
}

/**
 * The planner, and the language model when an endpoint is configured, behind one router that
 * follows each campaign's choice of analyst.
 */
export function createBackend(config: AnalystConfig, registry: Registry, logger: Logger): AnalystBackend {
  const planner = createPlannerBackend();
  const metrics = createLlmMetrics(registry);
  const endpoint = llmEndpoint(config);
  if (!endpoint) return createRoutingBackend(planner, undefined, metrics);
  // The host and model only: the key, and any credentials in the URL, stay out of the logs.
  logger.info({ model: endpoint.model, host: endpoint.baseURL ? new URL(endpoint.baseURL).host : 'api.openai.com' }, 'language-model analyst enabled');
  const llm = createLlmBackend({
    chat: createChatClient(endpoint),
    prompts: loadPrompts(),
    breaker: new CircuitBreaker({ failureThreshold: config.LLM_BREAKER_FAILURES, cooldownMs: config.LLM_BREAKER_COOLDOWN_MS }),
    metrics,
    budgetMs: config.LLM_TIMEOUT_MS,
    planner,
    logger,
  });
  return createRoutingBackend(planner, llm, metrics);
}

/** Starts the gRPC service and its ops HTTP server (metrics, health). */
export async function startAnalyst(config: AnalystConfig, logger: Logger): Promise<AnalystApp> {
  const { registry } = createServiceMetrics(SERVICE_NAME);
  const backend = createBackend(config, registry, logger);
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
