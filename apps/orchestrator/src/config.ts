import { z } from 'zod';
import { boolVar, bucketListVar, countVar, DEFAULT_PORTS, DEFAULT_REGION, DEFAULT_TABLE_NAME, logLevelVar, parseEnv, portVar, positiveVar } from '@codec-lab/config';

/** Every variable orchestrator reads. */
export const OrchestratorEnvSchema = z.object({
  HOST: z.string().default('0.0.0.0'),
  PORT: portVar(DEFAULT_PORTS.orchestratorHttp),
  LOG_LEVEL: logLevelVar(),
  /** gRPC targets; `dns:///name:port` spreads calls over every address (headless Service). */
  ANALYST_ADDR: z.string().min(1).default(`localhost:${DEFAULT_PORTS.llmAnalystGrpc}`),
  /**
   * The agent-runners: `dns:///name:port` (every address of the name, resolved again every
   * POLL_SECONDS), `ipv4:host:port,host:port`, `ipv6:[addr]:port,...` or one `host:port`.
   * Experiments go to the runner with the most free slots by the capacity each reports (GetLoad).
   */
  RUNNER_ADDR: z.string().min(1).default(`localhost:${DEFAULT_PORTS.agentRunnerGrpc}`),
  DYNAMODB_ENDPOINT: z.url().optional(),
  DYNAMODB_TABLE: z.string().min(3).max(255).default(DEFAULT_TABLE_NAME),
  AWS_REGION: z.string().min(1).default(DEFAULT_REGION),
  /** Create the table at start (embedded mode); in a cluster the table is provisioned beforehand. */
  CREATE_TABLES: boolVar(false),
  /** Campaigns driven at once by this orchestrator. */
  CAMPAIGN_CONCURRENCY: countVar(2),
  RUNNER_DEADLINE_SECONDS: positiveVar(1800),
  ANALYST_DEADLINE_SECONDS: positiveVar(60),
  /** Experiments running at once across every orchestrator replica sharing the store. */
  GLOBAL_MAX_EXPERIMENTS: countVar(4),
  /** Lease on a campaign (and on an experiment slot, global or a runner's): a replica that dies lets go after this. */
  LEASE_SECONDS: positiveVar(30),
  /**
   * How often a replica looks for campaigns nobody drives (new, or left by a dead replica), and
   * resolves RUNNER_ADDR and reads every runner's load (a runner added is used from then on).
   */
  POLL_SECONDS: positiveVar(10),
  /** Names this replica in leases; defaults to host, pid and a random suffix. */
  ORCHESTRATOR_ID: z.string().min(1).max(128).optional(),
  /** Times a step is retried while a downstream service is unavailable or busy. */
  STEP_RETRIES: z.coerce.number().int().min(0).max(50).default(8),
  /** Times an experiment interrupted by a crash or restart is run again before it is failed. */
  MAX_EXPERIMENT_ATTEMPTS: countVar(3),
  /**
   * Bearer token required on every mutating endpoint when set (at least 16 characters). Unset:
   * the API is open, as on one machine.
   */
  API_TOKEN: z.string().min(16, { message: 'use at least 16 characters' }).optional(),
  /** Requests per minute per client address, ops endpoints excluded. */
  RATE_LIMIT_PER_MINUTE: countVar(600),
  /**
   * On SIGTERM: how long requests in flight and each campaign's current step (an experiment, an
   * analysis, a proposal) get to finish before they are cut. No new step starts meanwhile.
   */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** Buckets a campaign's `s3://bucket/key` source may name; any other bucket is a 400. */
  MEDIA_BUCKETS: bucketListVar(),
  /** The largest source POST /v1/sources takes, in bytes (4 GiB by default). */
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(4 * 1024 ** 3),
  /** How long one upload may take, start to end, before it is cut. */
  UPLOAD_TIMEOUT_SECONDS: positiveVar(3600),
});

const ConfigSchema = OrchestratorEnvSchema;

export type OrchestratorConfig = z.infer<typeof ConfigSchema>;

export function loadConfig(env: Record<string, string | undefined>): OrchestratorConfig {
  return parseEnv('orchestrator', ConfigSchema, env);
}
