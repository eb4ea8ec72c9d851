import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { loadContracts, type AgentRunnerClient, type LlmAnalystClient } from '@codec-lab/contracts';
import { createGrpcMetrics, createServiceMetrics, type Logger } from '@codec-lab/observability';
import { CLIENT_OPTIONS, insecureCredentials, uploadThrough } from '@codec-lab/rpc';
import { requireAllowedBucket } from './http/sources.route.ts';
import { createStore } from '@codec-lab/store';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp, SERVICE_NAME } from './app.ts';
import { createCampaignMetrics } from './campaigns/campaign.metrics.ts';
import { CampaignScheduler } from './campaigns/campaign.scheduler.ts';
import type { OrchestratorConfig } from './config.ts';
import { AnalystGateway } from './gateways/analyst.gateway.ts';
import { parseRunnerAddr } from './gateways/runner-endpoints.ts';
import { createRunnerPoolMetrics } from './gateways/runner-pool.metrics.ts';
import { RunnerPool } from './gateways/runner-pool.ts';
import { RunnerGateway } from './gateways/runner.gateway.ts';

/** Closes the HTTP server; requests still open after `graceMs` (an event stream) are cut. */
async function closeWithin(app: FastifyInstance, graceMs: number): Promise<void> {
  const cut = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(cut);
  }
}

/** Wires the store, the gateways and the scheduler, resumes unfinished campaigns and listens. */
export async function startOrchestrator(config: OrchestratorConfig, logger: Logger) {
  const { registry } = createServiceMetrics(SERVICE_NAME);
  const store = createStore({ endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION, tableName: config.DYNAMODB_TABLE });
  if (config.CREATE_TABLES) logger.info({ table: config.DYNAMODB_TABLE, outcome: await store.ensureTable() }, 'table ready');

  const proto = loadContracts();
  const credentials = insecureCredentials();
  const runnerClient = new proto.codeclab.v1.AgentRunner(config.RUNNER_ADDR, credentials, CLIENT_OPTIONS) as AgentRunnerClient;
  const analystClient = new proto.codeclab.v1.LlmAnalyst(config.ANALYST_ADDR, credentials, CLIENT_OPTIONS) as LlmAnalystClient;
  const grpcMetrics = createGrpcMetrics(registry, 'client');
  const metrics = createCampaignMetrics(registry);
  // Experiments go to the runner with the most free slots (RunnerPool, a client per runner, its
  // slots in the store); describing a source and the capabilities go round robin over runnerClient.
  const poolMetrics = createRunnerPoolMetrics(registry);
  const pool = new RunnerPool({
    targets: parseRunnerAddr(config.RUNNER_ADDR),
    createClient: (target) => new proto.codeclab.v1.AgentRunner(target, credentials, CLIENT_OPTIONS) as AgentRunnerClient,
    pollMs: config.POLL_SECONDS * 1000,
    metrics: poolMetrics,
    grpcMetrics,
    logger,
  });
  await pool.start();
  const runner = new RunnerGateway(runnerClient, grpcMetrics, config.RUNNER_DEADLINE_SECONDS * 1000, {
    pool,
    slots: store.runnerSlots,
    ttlMs: config.LEASE_SECONDS * 1000,
    metrics: poolMetrics,
    logger,
  });
  const scheduler = new CampaignScheduler(
    {
      store,
      runner,
      analyst: new AnalystGateway(analystClient, grpcMetrics, config.ANALYST_DEADLINE_SECONDS * 1000),
      metrics,
      logger,
      stepRetries: config.STEP_RETRIES,
      maxExperimentAttempts: config.MAX_EXPERIMENT_ATTEMPTS,
      slots: { count: config.GLOBAL_MAX_EXPERIMENTS, ttlMs: config.LEASE_SECONDS * 1000 },
    },
    {
      concurrency: config.CAMPAIGN_CONCURRENCY,
      owner: config.ORCHESTRATOR_ID ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
      leaseMs: config.LEASE_SECONDS * 1000,
      pollMs: config.POLL_SECONDS * 1000,
    },
    logger,
  );

  let ready = false;
  const app = await buildApp({
    store,
    scheduler,
    registry,
    logger,
    isReady: () => ready,
    apiToken: config.API_TOKEN,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    describeSource: (source) => {
      requireAllowedBucket(source, config.MEDIA_BUCKETS);
      return runner.describe(source);
    },
    uploadSource: (header, body, signal) => uploadThrough(runnerClient, header, body, { deadlineMs: config.UPLOAD_TIMEOUT_SECONDS * 1000, signal }),
    uploadMaxBytes: config.UPLOAD_MAX_BYTES,
    requestTimeoutMs: config.UPLOAD_TIMEOUT_SECONDS * 1000,
    runnerOffer: () => runner.capabilities(),
  });
  await app.listen({ host: config.HOST, port: config.PORT });
  const resumed = await scheduler.start(() => store.campaigns.listActive());
  ready = true;
  logger.info({ resumed, owner: scheduler.owner }, 'orchestrator serving');

  return {
    port: (app.server.address() as AddressInfo).port,
    /**
     * Takes no more requests or campaigns; what is in flight (requests, each campaign's current
     * step) has SHUTDOWN_GRACE_MS to finish, then is cut. A campaign is left resumable either way.
     */
    async close() {
      ready = false;
      await Promise.all([closeWithin(app, config.SHUTDOWN_GRACE_MS), scheduler.stop(config.SHUTDOWN_GRACE_MS)]);
      pool.close();
      runnerClient.close();
      analystClient.close();
      store.close();
    },
  };
}
