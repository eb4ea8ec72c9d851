import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface ServiceMetrics {
  readonly registry: Registry;
  readonly service: string;
}

/** A registry of the service's own, with default process metrics and a `service` label. */
export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return { registry, service };
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export interface HttpMetrics {
  observe(method: string, route: string, statusCode: number, seconds: number): void;
}

export function createHttpMetrics(registry: Registry): HttpMetrics {
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests served, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to serve an HTTP request',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  return {
    observe(method, route, statusCode, seconds) {
      const labels = { method, route, status_code: String(statusCode) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
  };
}

export interface GrpcMetrics {
  observe(service: string, method: string, code: string, seconds: number): void;
}

/** Server- or client-side gRPC call counts and latencies, labelled with the status code name. */
export function createGrpcMetrics(registry: Registry, side: 'server' | 'client'): GrpcMetrics {
  const handled = new Counter({
    name: `grpc_${side}_handled_total`,
    help: `gRPC calls ${side === 'server' ? 'handled' : 'made'}, by service, method and status code`,
    labelNames: ['grpc_service', 'grpc_method', 'grpc_code'] as const,
    registers: [registry],
  });
  const seconds = new Histogram({
    name: `grpc_${side}_handling_seconds`,
    help: `Time from the start of a gRPC call to its status (${side} side)`,
    labelNames: ['grpc_service', 'grpc_method', 'grpc_code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  return {
    observe(service, method, code, elapsed) {
      const labels = { grpc_service: service, grpc_method: method, grpc_code: code };
      handled.inc(labels);
      seconds.observe(labels, elapsed);
    },
  };
}
