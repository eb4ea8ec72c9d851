import { z } from 'zod';
import { logLevelVar, parseEnv, portVar } from '@codec-lab/config';

// dev-stores: the dev overlay's in-cluster stand-ins for DynamoDB (dynalite) and S3 (s3rver).
/** Every variable dev-stores reads. */
export const DevStoresEnvSchema = z.object({
  HOST: z.string().default('0.0.0.0'),
  /** dynalite, DynamoDB's API (DYNAMODB_ENDPOINT=http://dev-stores:8000 for the services). */
  DYNAMODB_PORT: portVar(8000),
  /** s3rver, S3's API, path-style (S3_ENDPOINT=http://dev-stores:4569, S3_FORCE_PATH_STYLE=true). */
  S3_PORT: portVar(4569),
  /** /readyz and /healthz. */
  HTTP_PORT: portVar(9000),
  /** Where both keep their data (dynamodb/ and s3/ under it): the dev overlay mounts a PVC here. */
  DATA_DIR: z.string().min(1).default('data/dev-stores'),
  /** Buckets created at start (kept when they exist), comma-separated. */
  BUCKETS: z
    .string()
    .transform((s) => s.split(',').map((b) => b.trim()).filter((b) => b.length > 0))
    .pipe(z.array(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name')).min(1))
    .default(['codec-lab-media', 'codec-lab-artifacts']),
  LOG_LEVEL: logLevelVar(),
});

const ConfigSchema = DevStoresEnvSchema;

export type DevStoresConfig = z.infer<typeof ConfigSchema>;

export function loadConfig(env: Record<string, string | undefined>): DevStoresConfig {
  return parseEnv('dev-stores', ConfigSchema, env);
}
