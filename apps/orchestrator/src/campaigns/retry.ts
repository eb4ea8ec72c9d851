import { DomainError } from '@codec-lab/domain';

const RETRYABLE = new Set(['unavailable', 'exhausted', 'timeout']);

/** Downstream busy or unreachable: worth waiting for. Everything else is an answer. */
export function isRetryable(error: unknown): boolean {
  return error instanceof DomainError && RETRYABLE.has(error.kind);
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retries `fn` on retryable errors with exponential backoff and full jitter (0.5 s base, 15 s cap). */
export async function withRetry<T>(
  fn: () => Promise<T>,
  options: { retries: number; signal: AbortSignal; onRetry?: (error: unknown, attempt: number) => void },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= options.retries || !isRetryable(error) || options.signal.aborted) throw error;
      options.onRetry?.(error, attempt + 1);
      await sleep(Math.random() * Math.min(15_000, 500 * 2 ** attempt), options.signal);
    }
  }
}

/** Timestamps as the store keeps them. */
export const now = () => new Date().toISOString();
