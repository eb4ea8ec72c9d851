import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { finished } from 'node:stream/promises';
import type { WireUploadSourceChunkOutput } from '@codec-lab/contracts';
import { DomainError, UPLOAD_CONTENT_TYPES, type UploadedSource } from '@codec-lab/domain';
import { copyObject, deleteObject, headObject, uploadStream, type S3Client } from '@codec-lab/object-store';
import { describeInput, openedFile } from '../media/index.ts';
import type { SourceCache } from './source-cache.ts';


export interface UploadDeps {
  readonly client: S3Client;
  readonly bucket: string;
  readonly maxBytes: number;
  readonly cache: SourceCache;
}


/**
 * Receives an upload (a header, the bytes, the byte count) into `incoming/<uuid>` of the upload
 * bucket and a local copy at once, describes the local copy as DescribeSource would, and only
 * then publishes it at `sources/<sha256>`. A refused file, a cut stream or a runner that dies
 * leaves no source: at most a staging object (removed here when it can be; an `incoming/`
 * lifecycle rule removes what a dead runner left).
 */
export async function receiveUpload(messages: AsyncIterable<WireUploadSourceChunkOutput>, deps: UploadDeps, signal: AbortSignal): Promise<UploadedSource> {
  const iterator = messages[Symbol.asyncIterator]();
  const first = await iterator.next();
  const header = first.done ? undefined : first.value.header;
  if (!header) throw new DomainError('invalid', 'ERR_UPLOAD_INVALID', 'an upload starts with its header');
  const contentType = header.contentType ?? '';
  if (!(UPLOAD_CONTENT_TYPES as readonly string[]).includes(contentType)) {
    throw new DomainError('invalid', 'ERR_UPLOAD_CONTENT_TYPE', `content type "${contentType}" is not a video container this lab takes (${UPLOAD_CONTENT_TYPES.join(', ')})`);
  }
  const declared = Number(header.declaredBytes ?? 0);
  if (declared > deps.maxBytes) throw tooLarge(deps.maxBytes);

  let sent: number | undefined;
  async function* body() {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const part = next.value;
      if (part.data) yield part.data;
      else if (part.endBytes !== undefined && part.endBytes !== null) {
        sent = Number(part.endBytes);
        return;
      } else throw new DomainError('invalid', 'ERR_UPLOAD_INVALID', 'an upload has one header, then its bytes');
    }
  }

  const id = randomUUID();
  const staging = `incoming/${id}`;
  const local = deps.cache.scratch(id);
  await mkdir(dirname(local), { recursive: true });
  const copy = createWriteStream(local);
  let stagingStored = false;
  try {
    const stored = await uploadStream({ client: deps.client, bucket: deps.bucket, key: staging, body: body(), contentType, maxBytes: deps.maxBytes, tee: copy, signal });
    stagingStored = true;
    copy.end();
    await finished(copy);
    if (signal.aborted || sent === undefined) throw new DomainError('cancelled', 'ERR_UPLOAD_CUT', 'the upload ended before all of it was sent');
    if (sent !== stored.bytes || (declared > 0 && declared !== stored.bytes)) {
      throw new DomainError('invalid', 'ERR_UPLOAD_INCOMPLETE', `the upload declared ${declared || sent} bytes but ${stored.bytes} arrived`);
    }
    if (stored.bytes === 0) throw new DomainError('invalid', 'ERR_SOURCE_NOT_VIDEO', 'the upload is empty');
    // Refused here (not a video, truncated, odd-sized, too large) before anything is a source.
    const description = await describeInput(await openedFile(local, `upload of ${stored.bytes} bytes`));
    const key = `sources/${stored.sha256}`;
    const existing = (await headObject(deps.client, deps.bucket, key)) !== null;
    if (!existing) await copyObject(deps.client, deps.bucket, staging, key);
    const published = await headObject(deps.client, deps.bucket, key);
    if (!published) throw new DomainError('unavailable', 'ERR_OBJECT_STORE_UNAVAILABLE', `s3://${deps.bucket}/${key} was not there after it was stored`);
    await deps.cache.adopt(deps.bucket, key, published.etag, local);
    return { source: { kind: 's3', uri: `s3://${deps.bucket}/${key}` }, description, existing };
  } finally {
    copy.destroy();
    await rm(local, { force: true });
    if (stagingStored) await deleteObject(deps.client, deps.bucket, staging).catch(() => undefined);
  }
}

function tooLarge(maxBytes: number): DomainError {
  return new DomainError('invalid', 'ERR_UPLOAD_TOO_LARGE', `the upload is larger than the limit of ${maxBytes} bytes`);
}
