import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** One pino logger per process, every line tagged with the service name. */
export function createLogger(service: string, level: string): Logger {
  return pino({ level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}
