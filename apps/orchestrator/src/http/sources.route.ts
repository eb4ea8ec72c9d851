import type { Readable } from 'node:stream';
import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import { z } from 'zod';
import { DomainError, isDomainError, parseS3Uri, UPLOAD_CONTENT_TYPES, UploadedSourceSchema, type Source, type UploadedSource } from '@codec-lab/domain';

export interface SourceRouteDeps {
  readonly requireToken: preHandlerHookHandler;
  /** Streams an upload to a runner's UploadSource (which describes it before it is a source). */
  readonly uploadSource: (header: { contentType: string; declaredBytes: number }, body: AsyncIterable<Uint8Array>, signal: AbortSignal) => Promise<UploadedSource>;
  readonly maxBytes: number;
}

/** Refuses an object source outside the buckets the lab reads sources from (MEDIA_BUCKETS). */
export function requireAllowedBucket(source: Source, buckets: readonly string[]): void {
  if (source.kind !== 's3') return;
  const bucket = parseS3Uri(source.uri)?.bucket;
  if (bucket !== undefined && buckets.includes(bucket)) return;
  const message = `source.uri: bucket "${bucket}" is not one sources are read from (${buckets.join(', ') || 'none configured: set MEDIA_BUCKETS'})`;
  throw new DomainError('invalid', 'ERR_BUCKET_NOT_ALLOWED', message, { details: [message] });
}

const STATUS_BY_CODE = { ERR_UPLOAD_TOO_LARGE: 413, ERR_UPLOAD_CONTENT_TYPE: 415 } as const;
const statusOf = (code: string) => (code in STATUS_BY_CODE ? STATUS_BY_CODE[code as keyof typeof STATUS_BY_CODE] : undefined);
const RefusalSchema = z.strictObject({ error: z.strictObject({ code: z.string(), message: z.string() }) });

const DESCRIPTION = [
  'The request body is the video file itself, streamed to the upload bucket through an agent-runner; `content-type` one of ' + UPLOAD_CONTENT_TYPES.join(', ') + '.',
  'Its sha256 is computed on the way and the runner describes it (as a campaign\'s source is described) before it is accepted: the answer names the source to use in a campaign, `{"kind":"s3","uri":"s3://<bucket>/sources/<sha256>"}`, with its description.',
  'The same file again answers 200 with `existing: true` and stores nothing. A body over the limit (`Content-Length` or the bytes sent) is a 413, another content type a 415, a file that is not a usable video a 400 naming why (`ERR_SOURCE_NOT_VIDEO`, `ERR_SOURCE_CORRUPT`, ...); a cut upload leaves nothing.',
].join('\n');

/** `POST /v1/sources`: an upload becomes an object source, or is refused with the reason. */
export async function registerSourceRoutes(server: FastifyInstance, deps: SourceRouteDeps): Promise<void> {
  await server.register(async (scope) => {
    // The body is streamed on as it arrives, never buffered: only this route reads video types.
    for (const type of UPLOAD_CONTENT_TYPES) scope.addContentTypeParser(type, (_request, payload, done) => done(null, payload));
    scope.post(
      '/v1/sources',
      {
        preHandler: deps.requireToken,
        schema: { summary: 'Upload a source video', description: DESCRIPTION, tags: ['sources'], consumes: [...UPLOAD_CONTENT_TYPES], response: { 200: UploadedSourceSchema, 201: UploadedSourceSchema, 413: RefusalSchema, 415: RefusalSchema } },
      },
      async (request, reply) => {
        const declared = Number(request.headers['content-length'] ?? 0);
        if (declared > deps.maxBytes) {
          return reply.code(413).send({ error: { code: 'ERR_UPLOAD_TOO_LARGE', message: `the upload is ${declared} bytes, over the limit of ${deps.maxBytes} (UPLOAD_MAX_BYTES)` } });
        }
        const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const cut = new AbortController();
        request.raw.once('close', () => {
          if (!request.raw.complete) cut.abort(new Error('the client closed the connection mid-upload'));
        });
        try {
          const uploaded = await deps.uploadSource({ contentType, declaredBytes: Number.isFinite(declared) ? declared : 0 }, request.body as Readable, cut.signal);
          return reply.code(uploaded.existing ? 200 : 201).send(uploaded);
        } catch (error) {
          const status = isDomainError(error) ? statusOf(error.code) : undefined;
          if (status && isDomainError(error)) {
            return reply.code(status).send({ error: { code: error.code, message: error.message.replace(/^codeclab\.v1\.AgentRunner\.UploadSource: /, '') } });
          }
          if (isDomainError(error) && (error.kind === 'unavailable' || error.kind === 'timeout')) {
            throw new DomainError('unavailable', 'ERR_NO_RUNNER', `no agent-runner could take the upload (${error.message}); nothing was stored, try again`);
          }
          if (isDomainError(error) && (error.kind === 'invalid' || error.kind === 'not_found' || error.kind === 'precondition')) {
            const reason = error.message.replace(/^codeclab\.v1\.AgentRunner\.UploadSource: /, '');
            throw new DomainError(error.kind === 'precondition' ? 'precondition' : 'invalid', error.code, `the upload cannot be a source: ${reason}`);
          }
          throw error;
        }
      },
    );
  });
}
