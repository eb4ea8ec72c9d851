// Fetches JSON from dashboard-api. Conditional requests (If-None-Match) where the API sends ETags,
// so polling an unchanged resource costs a 304. Each view has its own Fetcher, whose `changed`
// says whether that view has already drawn this version of the resource.

/** The endpoint does not exist on this server yet (a route 404, not an unknown id). */
export class NotAvailable extends Error {}

/** The endpoint exists but the thing asked for does not (an unknown id). */
export class NotFound extends Error {}

export interface Fetched<T> {
  body: T;
  changed: boolean;
}

const cache = new Map<string, { etag?: string; text: string; body: unknown; version: number }>();
let versions = 0;

export class Fetcher {
  private readonly seen = new Map<string, number>();

  async get<T>(path: string): Promise<Fetched<T>> {
    const entry = await fetchCached(path);
    const changed = this.seen.get(path) !== entry.version;
    this.seen.set(path, entry.version);
    return { body: entry.body as T, changed };
  }
}

async function fetchCached(path: string): Promise<{ body: unknown; version: number }> {
  const cached = cache.get(path);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (cached?.etag) headers['if-none-match'] = cached.etag;
  // no-store: the API allows caching for a few seconds, but a poll must ask the server (a 304 is cheap).
  const response = await fetch(path, { headers, cache: 'no-store' });
  if (response.status === 304 && cached) return cached;
  const text = await response.text();
  if (response.status === 404) {
    const code = safeParse(text)?.error?.code;
    if (code === 'ERR_ROUTE_NOT_FOUND' || code === undefined) throw new NotAvailable(path);
    throw new NotFound(safeParse(text)?.error?.message ?? path);
  }
  if (!response.ok) {
    // The API says why (a 503 names the service that could not answer): show that, not just the status.
    const message = safeParse(text)?.error?.message;
    throw new Error(`${path}: HTTP ${response.status}${message ? `: ${message}` : ''}`);
  }
  if (cached && cached.text === text) return cached;
  const entry = { etag: response.headers.get('etag') ?? undefined, text, body: JSON.parse(text) as unknown, version: ++versions };
  cache.set(path, entry);
  return entry;
}

function safeParse(text: string): { error?: { code?: string; message?: string } } | undefined {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
