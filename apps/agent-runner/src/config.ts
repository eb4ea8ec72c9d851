import { z } from 'zod';
import { bucketVar, countVar, DEFAULT_PORTS, listVar, logLevelVar, objectStoreVars, parseEnv, portVar, positiveVar, storeLocationVar } from '@codec-lab/config';

/** Every variable agent-runner reads. */
export const RunnerEnvSchema = z.object({
  HOST: z.string().default('0.0.0.0'),
  GRPC_PORT: portVar(DEFAULT_PORTS.agentRunnerGrpc),
  HTTP_PORT: portVar(DEFAULT_PORTS.agentRunnerHttp),
  LOG_LEVEL: logLevelVar(),
  /** Folders file sources may be read from, `:`-separated. Empty: only synthetic sources. */
  MEDIA_ROOTS: listVar([]),
  ARTIFACT_DIR: z.string().min(1).default('data/artifacts'),
  /** Experiments this runner runs at once; one more is refused with RESOURCE_EXHAUSTED. */
  MAX_CONCURRENT: countVar(1),
  EXPERIMENT_TIMEOUT_SECONDS: positiveVar(900),
  /** Absolute path of ffmpeg (ffprobe is taken from the same folder); unset: both from PATH. */
  FFMPEG_PATH: z.string().startsWith('/', { message: 'must be an absolute path' }).optional(),
  /**
   * Absolute path of a separate ffmpeg with libvmaf that measures PSNR, SSIM and VMAF where the
   * encoding one has no libvmaf (npm start installs one); unset: VMAF only if FFMPEG_PATH has it.
   */
  METRICS_FFMPEG_PATH: z.string().startsWith('/', { message: 'must be an absolute path' }).optional(),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(15_000),
  ...objectStoreVars(),
  /** Where POST /v1/sources uploads go (through this runner); one of MEDIA_BUCKETS. Unset: no uploads. */
  UPLOAD_BUCKET: bucketVar().optional(),
  /**
   * `s3://bucket/prefix` where measured artifacts and their statistics are published, for every
   * runner and dashboard-api to read; unset: they stay on this runner's disk (ARTIFACT_DIR).
   */
  ARTIFACT_STORE: storeLocationVar().optional(),
  /** Local copies of object sources (and of published artifacts read back), bounded by SOURCE_CACHE_MB. */
  SOURCE_CACHE_DIR: z.string().min(1).default('data/source-cache'),
  SOURCE_CACHE_MB: countVar(20_480),
});

const ConfigSchema = RunnerEnvSchema.refine((c) => c.UPLOAD_BUCKET === undefined || c.MEDIA_BUCKETS.includes(c.UPLOAD_BUCKET), {
  message: 'must be one of MEDIA_BUCKETS (a source uploaded there must be readable)',
  path: ['UPLOAD_BUCKET'],
});

export type RunnerConfig = z.infer<typeof ConfigSchema>;

export function loadConfig(env: Record<string, string | undefined>): RunnerConfig {
  return parseEnv('agent-runner', ConfigSchema, env);
}
