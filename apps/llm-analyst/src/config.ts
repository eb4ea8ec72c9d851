import { z } from 'zod';
import { countVar, DEFAULT_PORTS, logLevelVar, parseEnv, portVar } from '@codec-lab/config';
import type { LlmEndpoint } from './llm/chat-client.ts';

/** Every variable llm-analyst reads. */
export const AnalystEnvSchema = z.object({
  HOST: z.string().default('0.0.0.0'),
  GRPC_PORT: portVar(DEFAULT_PORTS.llmAnalystGrpc),
  HTTP_PORT: portVar(DEFAULT_PORTS.llmAnalystHttp),
  LOG_LEVEL: logLevelVar(),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** An OpenAI-compatible endpoint (vLLM, Ollama, a gateway...); unset means api.openai.com. */
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /** The most one Propose or Analyze spends on the endpoint, retries and repair included. */
  LLM_TIMEOUT_MS: countVar(30_000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  LLM_MAX_OUTPUT_TOKENS: countVar(4096),
  LLM_BREAKER_FAILURES: countVar(3),
  LLM_BREAKER_COOLDOWN_MS: countVar(30_000),
});

const ConfigSchema = AnalystEnvSchema;

export type AnalystConfig = z.infer<typeof ConfigSchema>;

export function loadConfig(env: Record<string, string | undefined>): AnalystConfig {
  return parseEnv('llm-analyst', ConfigSchema, env);
}

/**
 * The language-model endpoint, or undefined when none is configured: the model is used only once
 * a key or a compatible base URL is given, otherwise `llm` campaigns get the planner as fallback.
 */
export function llmEndpoint(config: AnalystConfig): LlmEndpoint | undefined {
  if (!config.OPENAI_API_KEY && !config.OPENAI_BASE_URL) return undefined;
  return {
    baseURL: config.OPENAI_BASE_URL,
    apiKey: config.OPENAI_API_KEY,
    model: config.OPENAI_MODEL,
    maxRetries: config.LLM_MAX_RETRIES,
    maxOutputTokens: config.LLM_MAX_OUTPUT_TOKENS,
  };
}
