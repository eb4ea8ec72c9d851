import { credentials, type CallOptions, type Client, type ClientOptions, type ServiceError } from '@grpc/grpc-js';
import type { GrpcMetrics } from '@codec-lab/observability';
import { fromGrpcError, grpcStatusName } from './status.ts';

/**
 * The calls the channel itself retries, by its service config: the ones that change nothing
 * (describing a source, the capabilities, the analyst's answers, which are recomputed from the
 * context they are given). Only UNAVAILABLE is retried, the status of a peer that is not there
 * (yet): a runner restarting, a Service without a ready endpoint for a moment. RunExperiment is
 * not among them: an experiment's attempts are counted and retried by the orchestrator, on
 * another runner if need be, under its own rules.
 */
export const RETRIED_METHODS: readonly { readonly service: string; readonly method?: string }[] = [
  { service: 'codeclab.v1.AgentRunner', method: 'GetCapabilities' },
  { service: 'codeclab.v1.AgentRunner', method: 'DescribeSource' },
  { service: 'codeclab.v1.AgentRunner', method: 'GetFrameQuality' },
  { service: 'codeclab.v1.AgentRunner', method: 'RenderStill' },
  { service: 'codeclab.v1.LlmAnalyst' },
];

export const RETRY_POLICY = {
  maxAttempts: 4,
  initialBackoff: '0.1s',
  maxBackoff: '1s',
  backoffMultiplier: 2,
  retryableStatusCodes: ['UNAVAILABLE'],
} as const;

/**
 * Channel options for codec-lab's clients. `dns:///host:port` with round robin spreads calls over
 * every address a headless Kubernetes Service returns; RETRIED_METHODS are retried by the channel.
 */
export const CLIENT_OPTIONS: ClientOptions = {
  'grpc.service_config': JSON.stringify({
    loadBalancingConfig: [{ round_robin: {} }],
    methodConfig: [{ name: RETRIED_METHODS, retryPolicy: RETRY_POLICY }],
  }),
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.enable_retries': 1,
};

export function insecureCredentials() {
  return credentials.createInsecure();
}

type UnaryMethod<Req, Res> = (
  request: Req,
  options: CallOptions,
  callback: (error: ServiceError | null, response?: Res) => void,
) => unknown;

/** Calls a unary method with a deadline; failures come back as DomainErrors with the same kind. */
export function callUnary<Req, Res>(options: {
  client: Client;
  service: string;
  method: string;
  fn: UnaryMethod<Req, Res>;
  request: Req;
  deadlineMs: number;
  metrics?: GrpcMetrics;
}): Promise<Res> {
  const started = performance.now();
  return new Promise<Res>((resolve, reject) => {
    options.fn.call(options.client, options.request, { deadline: Date.now() + options.deadlineMs }, (error, response) => {
      options.metrics?.observe(options.service, options.method, grpcStatusName(error?.code ?? 0), (performance.now() - started) / 1000);
      if (error) reject(fromGrpcError(error, `${options.service}.${options.method}`));
      else if (response === undefined) reject(fromGrpcError(new Error('empty response'), `${options.service}.${options.method}`));
      else resolve(response);
    });
  });
}
