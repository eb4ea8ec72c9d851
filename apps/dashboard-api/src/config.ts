import { z } from 'zod';
import { DEFAULT_PORTS, DEFAULT_TABLE_NAME, logLevelVar, objectStoreVars, parseEnv, portVar, storeLocationVar } from '@codec-lab/config';

/** Every variable dashboard-api reads. */
export const DashboardEnvSchema = z.object({
  HOST: z.string().default('0.0.0.0'),
  PORT: portVar(DEFAULT_PORTS.dashboardApiHttp),
  LOG_LEVEL: logLevelVar(),
  DYNAMODB_ENDPOINT: z.url().optional(),
  DYNAMODB_TABLE: z.string().min(3).max(255).default(DEFAULT_TABLE_NAME),
  /** Milliseconds a serialized read is reused; bounded well under the max-age the responses allow. */
  RESPONSE_CACHE_MS: z.coerce.number().int().min(0).max(5_000).default(1_000),
  /**
   * agent-runner's gRPC target (`host:port`, `dns:///agent-runner:50052`, `ipv4:host:port,...`), asked
   * for per-frame quality and stills. Unset: those routes answer 503 and say so; the rest works.
   */
  RUNNER_ADDR: z.string().min(1).optional(),
  /** Bytes of per-frame quality and stills kept in memory (least recently used dropped first). */
  FRAME_CACHE_MB: z.coerce.number().int().min(1).max(4_096).default(128),
  ...objectStoreVars(),
  /** `s3://bucket/prefix` the runners publish artifacts to: downloads are served from there. */
  ARTIFACT_STORE: storeLocationVar().optional(),
  /** On one machine, without ARTIFACT_STORE: the runner's ARTIFACT_DIR, read for downloads. */
  ARTIFACT_DIR: z.string().min(1).optional(),
});

const ConfigSchema = DashboardEnvSchema;

export type DashboardConfig = z.infer<typeof ConfigSchema>;

export function loadConfig(env: Record<string, string | undefined>): DashboardConfig {
  return parseEnv('dashboard-api', ConfigSchema, env);
}
