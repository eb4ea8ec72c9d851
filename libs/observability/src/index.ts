export { createLogger, type Logger } from './logger.ts';
export {
  createGrpcMetrics,
  createHttpMetrics,
  createServiceMetrics,
  type GrpcMetrics,
  type HttpMetrics,
  type ServiceMetrics,
} from './metrics.ts';
export { addHealthRoutes, instrumentFastify } from './http.ts';
export { buildOpsServer } from './ops-server.ts';
export { MEASUREMENT_BUCKETS } from './buckets.ts';
