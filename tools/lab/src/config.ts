import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_PORTS, DEFAULT_TABLE_NAME, listVar, logLevelVar, parseEnv } from '@codec-lab/config';

const ConfigSchema = z.object({
  /** Where dynalite's tables, artifacts and service logs live. */
  LAB_DATA_DIR: z.string().min(1).default('data'),
  /** `default` uses the documented ports; `auto` lets the OS choose free ones (tests, parallel labs). */
  LAB_PORTS: z.enum(['default', 'auto']).default('default'),
  /** Also print every service's log lines on this terminal (they always go to LAB_DATA_DIR/logs). */
  LAB_LOG_TO_CONSOLE: z.stringbool().default(false),
  LOG_LEVEL: logLevelVar(),
  /** Folders file sources may come from; `media/` in the data folder is always one. */
  MEDIA_ROOTS: listVar([]),
  DYNAMODB_TABLE: z.string().min(3).default(DEFAULT_TABLE_NAME),
  /** Experiments each agent-runner runs at once. */
  RUNNER_MAX_CONCURRENT: z.coerce.number().int().min(1).max(16).default(1),
});

export type LabConfig = z.infer<typeof ConfigSchema> & { readonly dataDir: string; readonly ports: Ports };

export interface Ports {
  readonly orchestrator: number;
  readonly dashboardApi: number;
  readonly llmAnalystGrpc: number;
  readonly llmAnalystHttp: number;
  readonly agentRunnerGrpc: number;
  readonly agentRunnerHttp: number;
  readonly dynamodb: number;
}

export function loadConfig(env: Record<string, string | undefined>): LabConfig {
  const parsed = parseEnv('lab', ConfigSchema, env);
  const auto = parsed.LAB_PORTS === 'auto';
  const port = (value: number) => (auto ? 0 : value);
  return {
    ...parsed,
    dataDir: resolve(parsed.LAB_DATA_DIR),
    ports: {
      orchestrator: port(DEFAULT_PORTS.orchestratorHttp),
      dashboardApi: port(DEFAULT_PORTS.dashboardApiHttp),
      llmAnalystGrpc: port(DEFAULT_PORTS.llmAnalystGrpc),
      llmAnalystHttp: port(DEFAULT_PORTS.llmAnalystHttp),
      agentRunnerGrpc: port(DEFAULT_PORTS.agentRunnerGrpc),
      agentRunnerHttp: port(DEFAULT_PORTS.agentRunnerHttp),
      dynamodb: port(DEFAULT_PORTS.dynamodb),
    },
  };
}
