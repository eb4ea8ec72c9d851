export { DEFAULT_PORTS, DEFAULT_REGION, DEFAULT_TABLE_NAME } from './defaults.ts';
export { boolVar, bucketListVar, bucketVar, countVar, listVar, objectStoreVars, storeLocationVar, LOG_LEVELS, logLevelVar, parseEnv, portVar, positiveVar } from './env.ts';
export { runService, type ReadyMessage, type StartedService } from './lifecycle.ts';
