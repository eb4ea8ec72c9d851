import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DomainError, parseS3Uri } from '@codec-lab/domain';
import { downloadFile, headObject, type S3Client } from '@codec-lab/object-store';
import type { ObjectSources } from '../media/index.ts';

export interface SourceCacheOptions {
  readonly client: S3Client;
  /** Buckets a source may name (MEDIA_BUCKETS). */
  readonly buckets: readonly string[];
  readonly dir: string;
  readonly maxBytes: number;
  /** A copy used within this long is never evicted (an experiment reopens its source). */
  readonly protectMs: number;
}

/**
 * Local copies of object sources, one per version of each object (bucket, key and ETag), so a
 * campaign's many encodes read the object once. A copy is written under a temporary name and
 * renamed into place when whole; the least recently used copies are removed past `maxBytes`.
 */
export class SourceCache implements ObjectSources {
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly dir: string;

  constructor(private readonly options: SourceCacheOptions) {
    this.dir = resolve(options.dir);
  }

  /** Checks that a source names an allowed bucket; the parts of its URI. */
  allowed(uri: string): { bucket: string; key: string } {
    const parsed = parseS3Uri(uri);
    if (!parsed) throw new DomainError('invalid', 'ERR_INVALID_SOURCE', `"${uri}" is not an s3://<bucket>/<key> source`);
    if (!this.options.buckets.includes(parsed.bucket)) {
      throw new DomainError('invalid', 'ERR_BUCKET_NOT_ALLOWED', `bucket "${parsed.bucket}" is not one sources are read from (${this.options.buckets.join(', ') || 'none configured'})`);
    }
    return parsed;
  }

  async localCopy(uri: string): Promise<string> {
    const { bucket, key } = this.allowed(uri);
    const head = await headObject(this.options.client, bucket, key);
    if (!head) throw new DomainError('not_found', 'ERR_SOURCE_NOT_FOUND', `source "${uri}" does not exist`);
    const path = this.pathOf(bucket, key, head.etag);
    const held = await stat(path).catch(() => null);
    if (held) {
      const now = new Date();
      await utimes(path, now, now).catch(() => undefined);
      return path;
    }
    let copy = this.inFlight.get(path);
    if (!copy) {
      copy = this.download(bucket, key, head.etag, head.bytes, path).finally(() => this.inFlight.delete(path));
      this.inFlight.set(path, copy);
    }
    return copy;
  }

  /** Takes a whole local file as the copy of an object just stored (an upload made it on the way). */
  async adopt(bucket: string, key: string, etag: string, file: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await rename(file, this.pathOf(bucket, key, etag));
  }

  /** A private file name in the cache's folder for an upload's local copy. */
  scratch(name: string): string {
    return join(this.dir, `.incoming-${name}`);
  }

  private pathOf(bucket: string, key: string, etag: string): string {
    return join(this.dir, createHash('sha256').update(`${bucket}\0${key}\0${etag}`).digest('hex').slice(0, 40));
  }

  private async download(bucket: string, key: string, etag: string, bytes: number, path: string): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    await this.makeRoom(bytes);
    await downloadFile(this.options.client, bucket, key, path, etag).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'ERR_OBJECT_NOT_FOUND') {
        throw new DomainError('not_found', 'ERR_SOURCE_NOT_FOUND', `source "s3://${bucket}/${key}" does not exist`);
      }
      throw error;
    });
    return path;
  }

  /** Removes the least recently used copies until `incoming` more bytes fit (never one in use). */
  private async makeRoom(incoming: number): Promise<void> {
    const names = (await readdir(this.dir)).filter((name) => !name.startsWith('.') && !name.includes('.part-'));
    const copies = (await Promise.all(names.map(async (name) => ({ path: join(this.dir, name), info: await stat(join(this.dir, name)).catch(() => null) }))))
      .flatMap(({ path, info }) => (info ? [{ path, bytes: info.size, used: info.mtimeMs }] : []))
      .sort((a, b) => a.used - b.used);
    let total = copies.reduce((sum, c) => sum + c.bytes, 0) + incoming;
    const protectedSince = Date.now() - this.options.protectMs;
    for (const copy of copies) {
      if (total <= this.options.maxBytes) break;
      if (copy.used >= protectedSince) continue;
      await rm(copy.path, { force: true });
      total -= copy.bytes;
    }
  }
}
