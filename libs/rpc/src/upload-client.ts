import type { AgentRunnerClient, WireUploadedSourceOutput } from '@codec-lab/contracts';
import { DomainError, UploadedSourceSchema, type UploadedSource } from '@codec-lab/domain';
import { sourceFromWire } from './mapping.ts';
import { sourceDescriptionFromWire } from './runner-mapping.ts';
import { fromGrpcError } from './status.ts';

/** The largest piece of an upload sent in one message (gRPC's default limit is 4 MiB a message). */
const CHUNK_BYTES = 1024 * 1024;


/**
 * Streams a body to a runner's UploadSource: the header, the bytes in messages of at most 1 MiB
 * (waiting whenever the stream asks to), then the byte count that marks the end. A body that fails
 * or a signal that fires cancels the call, so the runner keeps nothing of it.
 */
export async function uploadThrough(
  client: AgentRunnerClient,
  header: { contentType: string; declaredBytes: number },
  body: AsyncIterable<Uint8Array>,
  options: { deadlineMs: number; signal?: AbortSignal },
): Promise<UploadedSource> {
  let settle!: { resolve: (value: WireUploadedSourceOutput) => void; reject: (error: unknown) => void };
  const answer = new Promise<WireUploadedSourceOutput>((resolve, reject) => (settle = { resolve, reject }));
  const call = client.UploadSource({ deadline: Date.now() + options.deadlineMs }, (error, value) => (error ? settle.reject(fromGrpcError(error, 'codeclab.v1.AgentRunner.UploadSource')) : settle.resolve(value!)));
  const cancel = () => call.cancel();
  options.signal?.addEventListener('abort', cancel, { once: true });
  const write = (message: object) => (call.write(message) ? Promise.resolve() : new Promise<void>((resolve) => call.once('drain', () => resolve())));
  try {
    await write({ header });
    let sent = 0;
    for await (const chunk of body) {
      for (let at = 0; at < chunk.length; at += CHUNK_BYTES) {
        const piece = chunk.subarray(at, at + CHUNK_BYTES);
        await write({ data: piece });
        sent += piece.length;
      }
    }
    await write({ endBytes: sent });
    call.end();
  } catch (error) {
    call.cancel();
    answer.catch(() => undefined);
    throw error instanceof DomainError ? error : new DomainError('cancelled', 'ERR_UPLOAD_CUT', `the upload was cut: ${(error as Error).message}`, { cause: error });
  } finally {
    options.signal?.removeEventListener('abort', cancel);
  }
  const wire = await answer;
  return UploadedSourceSchema.parse({ source: sourceFromWire(wire.source), description: sourceDescriptionFromWire(wire.description), existing: wire.existing ?? false });
}
