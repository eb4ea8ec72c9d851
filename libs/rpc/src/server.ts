import { Server, ServerCredentials, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';

export interface RunningGrpcServer {
  readonly server: Server;
  readonly port: number;
  /** Reports NOT_SERVING, lets calls in flight finish for up to `graceMs`, then forces. */
  shutdown(graceMs: number): Promise<void>;
}

/**
 * Starts a gRPC server with the standard `grpc.health.v1` service beside codec-lab's own, so that
 * Kubernetes can probe it natively. `serviceName` is the fully qualified service reported as SERVING.
 */
export async function startGrpcServer(options: {
  host: string;
  port: number;
  services: readonly { name: string; definition: ServiceDefinition; handlers: UntypedServiceImplementation }[];
}): Promise<RunningGrpcServer> {
  const server = new Server({
    'grpc.keepalive_time_ms': 30_000,
    'grpc.keepalive_timeout_ms': 10_000,
    'grpc.max_connection_idle_ms': 300_000,
  });
  const health = new HealthImplementation({ '': 'NOT_SERVING' });
  health.addToServer(server);
  for (const service of options.services) {
    server.addService(service.definition, service.handlers);
    health.setStatus(service.name, 'NOT_SERVING');
  }
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${options.host}:${options.port}`, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  health.setStatus('', 'SERVING');
  for (const service of options.services) health.setStatus(service.name, 'SERVING');

  return {
    server,
    port,
    async shutdown(graceMs) {
      health.setStatus('', 'NOT_SERVING');
      for (const service of options.services) health.setStatus(service.name, 'NOT_SERVING');
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        force.unref();
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}
