import { z } from 'zod';
import { DEFAULT_REGION } from './defaults.ts';

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

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** A `,`-separated list of S3 bucket names, each checked against S3's naming rule. */
export const bucketListVar = () =>
  z
    .string()
    .transform((s) => s.split(',').map((part) => part.trim()).filter((part) => part.length > 0))
    .pipe(z.array(z.string().regex(BUCKET_NAME, { message: 'each bucket: 3 to 63 lowercase letters, digits, "." or "-"' })))
    .default([]);

/** An S3 bucket name. */
export const bucketVar = () => z.string().regex(BUCKET_NAME, { message: '3 to 63 lowercase letters, digits, "." or "-"' });

/** `s3://bucket` or `s3://bucket/prefix`: where a service keeps objects. */
export const storeLocationVar = () =>
  z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[A-Za-z0-9._\-/]*)?$/, { message: 'must be s3://<bucket>[/<prefix>]' });

/**
 * The object store's address, for every service that reads or writes one. Credentials are the AWS
 * SDK's default chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a pod's IAM role).
 */
export const objectStoreVars = () => ({
  /** An S3-compatible server's URL; unset: AWS S3 in AWS_REGION. */
  S3_ENDPOINT: z.url().optional(),
  /** Path-style addressing (`http://host/bucket/key`), which most S3-compatible servers need. */
  S3_FORCE_PATH_STYLE: boolVar(false),
  AWS_REGION: z.string().min(1).default(DEFAULT_REGION),
  /** Buckets a source may name (`s3://<bucket>/<key>`); anything else is refused. */
  MEDIA_BUCKETS: bucketListVar(),
  /** The largest source POST /v1/sources takes, in bytes (4 GiB by default). */
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(4 * 1024 ** 3),
});
