import { status as GrpcStatus, type sendUnaryData, type ServerReadableStream, type ServerUnaryCall, type ServerWritableStream } from '@grpc/grpc-js';
import type { GrpcMetrics, Logger } from '@codec-lab/observability';
import { grpcStatusName, toGrpcStatus } from './status.ts';

export interface HandlerContext {
  readonly logger: Logger;
  readonly metrics: GrpcMetrics;
  readonly service: string;
}

function logFailure(ctx: HandlerContext, method: string, error: unknown, code: number): void {
  if (code === GrpcStatus.INTERNAL) ctx.logger.error({ err: error, method }, 'gRPC call failed');
  else ctx.logger.info({ method, code: grpcStatusName(code), reason: (error as Error)?.message }, 'gRPC call refused');
}

/**
 * Adapts an async function to a unary gRPC handler that answers exactly once, with a real status
 * code on failure.
 */
export function unaryHandler<Req, Res>(
  ctx: HandlerContext,
  method: string,
  fn: (request: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res>,
): (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void {
  return (call, callback) => {
    const started = performance.now();
    let answered = false;
    const answer = (error: ReturnType<typeof toGrpcStatus> | null, value?: Res) => {
      if (answered) return;
      answered = true;
      ctx.metrics.observe(ctx.service, method, grpcStatusName(error?.code ?? 0), (performance.now() - started) / 1000);
      callback(error, value);
    };
    fn(call.request, call).then(
      (value) => answer(null, value),
      (error: unknown) => {
        const status = toGrpcStatus(error);
        logFailure(ctx, method, error, status.code);
        answer(status);
      },
    );
  };
}

/**
 * Adapts an async function to a server-streaming handler. The function gets an AbortSignal that
 * fires when the client cancels the call, writes events with `send`, and its return ends the call.
 */
export function serverStreamHandler<Req, Event>(
  ctx: HandlerContext,
  method: string,
  fn: (request: Req, send: (event: Event) => void, signal: AbortSignal) => Promise<void>,
): (call: ServerWritableStream<Req, Event>) => void {
  return (call) => {
    const started = performance.now();
    const abort = new AbortController();
    let finished = false;
    const finish = (code: number) => {
      if (finished) return false;
      finished = true;
      ctx.metrics.observe(ctx.service, method, grpcStatusName(code), (performance.now() - started) / 1000);
      return true;
    };
    call.on('cancelled', () => {
      abort.abort(new Error('the client cancelled the call'));
      finish(GrpcStatus.CANCELLED);
    });
    const send = (event: Event) => {
      if (!finished && !call.cancelled) call.write(event);
    };
    fn(call.request, send, abort.signal).then(
      () => {
        if (finish(GrpcStatus.OK)) call.end();
      },
      (error: unknown) => {
        const status = toGrpcStatus(error);
        logFailure(ctx, method, error, status.code);
        if (finish(status.code)) call.emit('error', status);
      },
    );
  };
}

/**
 * Adapts an async function to a client-streaming handler: the function reads the request stream
 * (an async iterable of messages) and its return is the one answer. The signal fires when the
 * client cancels the call or goes away mid-stream.
 */
export function clientStreamHandler<Req, Res>(
  ctx: HandlerContext,
  method: string,
  fn: (messages: AsyncIterable<Req>, signal: AbortSignal) => Promise<Res>,
): (call: ServerReadableStream<Req, Res>, callback: sendUnaryData<Res>) => void {
  return (call, callback) => {
    const started = performance.now();
    const abort = new AbortController();
    let answered = false;
    call.on('cancelled', () => abort.abort(new Error('the client cancelled the call')));
    const answer = (error: ReturnType<typeof toGrpcStatus> | null, value?: Res) => {
      if (answered) return;
      answered = true;
      ctx.metrics.observe(ctx.service, method, grpcStatusName(error?.code ?? 0), (performance.now() - started) / 1000);
      callback(error, value);
    };
    fn(call as AsyncIterable<Req>, abort.signal).then(
      (value) => answer(null, value),
      (error: unknown) => {
        const status = toGrpcStatus(error);
        logFailure(ctx, method, error, status.code);
        answer(status);
      },
    );
  };
}
