import { z } from 'zod';
import { DEFAULT_PORTS, logLevelVar, parseEnv, portVar } from '@codec-lab/config';

const ConfigSchema = z.object({
  HOST: z.string().default('0.0.0.0'),
  GRPC_PORT: portVar(DEFAULT_PORTS.llmAnalystGrpc),
  HTTP_PORT: portVar(DEFAULT_PORTS.llmAnalystHttp),
  LOG_LEVEL: logLevelVar(),
  /** `planner` is the built-in deterministic planner; an OpenAI-compatible backend comes next. */
  ANALYST_BACKEND: z.enum(['planner']).default('planner'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
});

export type AnalystConfig = z.infer<typeof ConfigSchema>;

export function loadConfig(env: Record<string, string | undefined>): AnalystConfig {
  return parseEnv('llm-analyst', ConfigSchema, env);
}
