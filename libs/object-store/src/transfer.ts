import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { DomainError } from '@codec-lab/domain';
import { storeError } from './errors.ts';
import { objectUri } from './location.ts';

/** An object as stored: its size and the ETag the store gave it (quotes included, as S3 sends it). */
export interface StoredObject {
  readonly bytes: number;
  readonly etag: string;
}

const PART_BYTES = 8 * 1024 * 1024;

export interface UploadOptions {
  readonly client: S3Client;
  readonly bucket: string;
  readonly key: string;
  readonly body: Readable | AsyncIterable<Uint8Array>;
  readonly contentType?: string | undefined;
  /** More bytes than this fails the upload with ERR_UPLOAD_TOO_LARGE, and nothing is stored. */
  readonly maxBytes?: number | undefined;
  /** Also written, byte for byte, to this stream (a local copy made on the way). */
  readonly tee?: Writable | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Streams a body into an object (one PUT, or a multipart upload past 8 MiB), computing its sha256
 * on the way. The object exists only once every byte is in: a body that fails, is cut or runs
 * over `maxBytes` aborts the upload and leaves nothing at `key` (a multipart upload is aborted,
 * its parts discarded).
 */
export async function uploadStream(options: UploadOptions): Promise<StoredObject & { sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const { maxBytes, tee } = options;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (maxBytes !== undefined && bytes > maxBytes) {
        done(new DomainError('invalid', 'ERR_UPLOAD_TOO_LARGE', `the upload is larger than the limit of ${maxBytes} bytes`));
        return;
      }
      hash.update(chunk);
      if (tee && !tee.write(chunk)) tee.once('drain', () => done(null, chunk));
      else done(null, chunk);
    },
  });
  const source = options.body instanceof Readable ? options.body : Readable.from(options.body);
  let failure: unknown;
  const piped = pipeline(source, meter).catch((error: unknown) => {
    failure = error;
  });
  const upload = new Upload({
    client: options.client,
    params: { Bucket: options.bucket, Key: options.key, Body: meter, ContentType: options.contentType },
    partSize: PART_BYTES,
    queueSize: 2,
    leavePartsOnError: false,
  });
  const abort = () => void upload.abort().catch(() => undefined);
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    const done = await upload.done();
    await piped;
    if (failure) throw failure;
    return { bytes, sha256: hash.digest('hex'), etag: done.ETag ?? '' };
  } catch (error) {
    abort();
    await piped;
    // The body's own failure (too large, cut) is the cause; the SDK's is what it led to.
    throw storeError(failure ?? options.signal?.reason ?? error, objectUri(options.bucket, options.key));
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}

/** Uploads a local file to `key`; the object appears only when all of it is in. */
export async function uploadFile(client: S3Client, bucket: string, key: string, path: string, contentType?: string): Promise<StoredObject & { sha256: string }> {
  const { size } = await stat(path);
  const stored = await uploadStream({ client, bucket, key, body: createReadStream(path), contentType });
  if (stored.bytes !== size) throw new DomainError('internal', 'ERR_UPLOAD_INCOMPLETE', `uploaded ${stored.bytes} of ${size} bytes of ${path}`);
  return { bytes: stored.bytes, etag: stored.etag, sha256: stored.sha256 };
}

/** Writes a small text object (a manifest) in one PUT. */
export async function putText(client: S3Client, bucket: string, key: string, text: string, contentType = 'application/json'): Promise<StoredObject> {
  try {
    const put = await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: text, ContentType: contentType }));
    return { bytes: Buffer.byteLength(text), etag: put.ETag ?? '' };
  } catch (error) {
    throw storeError(error, objectUri(bucket, key));
  }
}

/** Reads a small text object; null when it does not exist. */
export async function getText(client: S3Client, bucket: string, key: string): Promise<string | null> {
  try {
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await got.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    const mapped = storeError(error, objectUri(bucket, key));
    if (mapped.kind === 'not_found') return null;
    throw mapped;
  }
}

/** An object's size and ETag; null when it does not exist. */
export async function headObject(client: S3Client, bucket: string, key: string): Promise<StoredObject | null> {
  try {
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { bytes: head.ContentLength ?? 0, etag: head.ETag ?? '' };
  } catch (error) {
    const mapped = storeError(error, objectUri(bucket, key));
    if (mapped.kind === 'not_found') return null;
    throw mapped;
  }
}

/** An object's bytes as a stream, with its size and ETag; `etag` given: refused unless it is that one. */
export async function openObject(client: S3Client, bucket: string, key: string, etag?: string): Promise<StoredObject & { body: Readable; contentType: string | undefined }> {
  try {
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const body = got.Body as Readable;
    if (etag !== undefined && got.ETag !== etag) {
      body.destroy();
      throw new DomainError('precondition', 'ERR_OBJECT_CHANGED', `${objectUri(bucket, key)} is not the version recorded (ETag ${got.ETag}, expected ${etag})`);
    }
    return { body, bytes: got.ContentLength ?? 0, etag: got.ETag ?? '', contentType: got.ContentType };
  } catch (error) {
    throw storeError(error, objectUri(bucket, key));
  }
}

/**
 * Copies an object into a local file: written beside `path` under a temporary name, checked for
 * its full length, then renamed into place, so `path` is either absent or whole.
 */
export async function downloadFile(client: S3Client, bucket: string, key: string, path: string, etag?: string): Promise<StoredObject> {
  const object = await openObject(client, bucket, key, etag);
  const partial = `${path}.part-${randomBytes(4).toString('hex')}`;
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(object.body, count, createWriteStream(partial, { flush: true }));
    if (bytes !== object.bytes) throw new DomainError('unavailable', 'ERR_DOWNLOAD_INCOMPLETE', `${objectUri(bucket, key)}: read ${bytes} of ${object.bytes} bytes`);
    await rename(partial, path);
    return { bytes, etag: object.etag };
  } catch (error) {
    await rm(partial, { force: true });
    throw storeError(error, objectUri(bucket, key));
  }
}

export async function copyObject(client: S3Client, bucket: string, from: string, to: string): Promise<void> {
  try {
    await client.send(new CopyObjectCommand({ Bucket: bucket, Key: to, CopySource: `${bucket}/${from}` }));
  } catch (error) {
    throw storeError(error, objectUri(bucket, from));
  }
}

export async function deleteObject(client: S3Client, bucket: string, key: string): Promise<void> {
  try {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    throw storeError(error, objectUri(bucket, key));
  }
}
