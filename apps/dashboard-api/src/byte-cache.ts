// Values that never change once made (a measured experiment's per-frame quality, its stills) kept
// in memory, bounded by the bytes they hold rather than by their number: one still of a 4K source
// weighs as much as thousands of small ones.

interface Entry {
  readonly value: unknown;
  readonly bytes: number;
}

/**
 * A least-recently-used cache bounded by bytes. Concurrent misses for one key share one `produce()`;
 * a failure is not kept (the next request tries again); a value larger than the whole budget is
 * returned but not kept.
 */
export class ByteCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<unknown>>();
  private held = 0;

  constructor(private readonly maxBytes: number) {}

  /** Bytes held now. */
  get bytes(): number {
    return this.held;
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The value kept for `key`, or `produce()`'s, kept at the size `sizeOf` says. */
  async get<T>(key: string, produce: () => Promise<T>, sizeOf: (value: T) => number): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      // Map iterates in insertion order: re-inserting marks it most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as T;
    }
    const waiting = this.pending.get(key);
    if (waiting) return waiting as Promise<T>;
    const fresh = produce().then((value) => {
      this.keep(key, value, sizeOf(value));
      return value;
    });
    this.pending.set(key, fresh);
    try {
      return await fresh;
    } finally {
      this.pending.delete(key);
    }
  }

  private keep(key: string, value: unknown, bytes: number): void {
    if (bytes > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.held -= old.bytes;
      this.entries.delete(key);
    }
    this.entries.set(key, { value, bytes });
    this.held += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.held -= entry.bytes;
    }
  }
}
