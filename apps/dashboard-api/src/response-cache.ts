import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

// dynalite (and DynamoDB's per-request latency) caps a read at tens of requests a second here,
// while a dashboard polls the same few URLs from many tabs. Serving a serialized body for up to
// `ttlMs`, and folding concurrent misses for the same URL into one store read, trades at most
// `ttlMs` of staleness (less than the max-age every response already allows) for that load.

interface Entry {
  readonly body: string;
  readonly etag: string;
  readonly expiresAt: number;
}

/** The same weak ETag @fastify/etag computes (sha1, base64), so cached and fresh bodies match. */
export function weakEtag(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('base64')}"`;
}

/** Serialized responses by URL for a short time; only successes are kept. A TTL of 0 disables it. */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The cached entry for `key`, or `produce()` serialized by `serialize` (once, however many callers
   * wait). A value `serialize` refuses is thrown, and nothing is kept.
   */
  async get(key: string, produce: () => Promise<unknown>, serialize: (value: unknown) => string = JSON.stringify): Promise<Entry> {
    if (this.ttlMs <= 0) return this.entry(serialize(await produce()));
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) return hit;
    const waiting = this.pending.get(key);
    if (waiting) return waiting;
    const fresh = produce().then((value) => {
      const entry = this.entry(serialize(value));
      this.store(key, entry);
      return entry;
    });
    this.pending.set(key, fresh);
    try {
      return await fresh;
    } finally {
      this.pending.delete(key);
    }
  }

  private entry(body: string): Entry {
    return { body, etag: weakEtag(body), expiresAt: this.now() + this.ttlMs };
  }

  private store(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    // Map iterates oldest first: drop the oldest beyond the bound.
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }
}

/**
 * Wraps a read handler so that its answer goes through the cache, keyed by the full URL, serialized
 * by the route's response schema (`reply.serialize`: checked, so an answer that does not match it
 * fails the request and is not kept). The body is a JSON string, which fastify sends as it is.
 */
export function cached(cache: ResponseCache, handler: (request: FastifyRequest) => Promise<unknown>) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<string> => {
    const entry = await cache.get(request.url, () => handler(request), (value) => String(reply.serialize(value)));
    reply.header('etag', entry.etag).type('application/json; charset=utf-8');
    return entry.body;
  };
}
