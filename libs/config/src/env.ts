import { z } from 'zod';

/** A TCP port from the environment; 0 asks the OS for a free one. */
export const portVar = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);

/** A positive number from the environment. */
export const positiveVar = (fallback: number) => z.coerce.number().positive().default(fallback);

/** A positive integer from the environment. */
export const countVar = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** `true`/`false`/`1`/`0`/`yes`/`no` from the environment. */
export const boolVar = (fallback: boolean) => z.stringbool().default(fallback);

/** A `:`-separated list of non-empty strings, e.g. media roots. */
export const listVar = (fallback: readonly string[]) =>
  z
    .string()
    .transform((s) => s.split(':').filter((part) => part.length > 0))
    .default([...fallback]);

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const logLevelVar = () => z.enum(LOG_LEVELS).default('info');

/**
 * Parses the environment once at boot. On failure it prints every issue, one per line, and exits,
 * so that a misconfigured service never starts with silently empty settings.
 */
export function parseEnv<S extends z.ZodType>(
  service: string,
  schema: S,
  env: Record<string, string | undefined>,
): z.infer<S> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  process.stderr.write(`${service}: invalid configuration\n${lines.join('\n')}\n`);
  process.exit(78); // EX_CONFIG
}
