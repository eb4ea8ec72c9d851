import { accessSync, constants, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
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
  /**
   * The ffmpeg agent-runner measures with (one with libvmaf), passed on to it. Unset: the one
   * tools/metrics-ffmpeg.mjs installed in the repository (`npm start` does), when it is there.
   */
  METRICS_FFMPEG_PATH: z.string().refine(isAbsolute, 'must be an absolute path').optional(),
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

/** Which ffmpeg measures for agent-runner, and where it came from; or none, and why. */
export type MetricsFfmpeg =
  | { readonly path: string; readonly from: 'METRICS_FFMPEG_PATH' | 'installed'; readonly problem?: string }
  | { readonly path: undefined; readonly reason: string };

/**
 * METRICS_FFMPEG_PATH when set (passed on as it is, with a note when it is not an executable), else
 * the metrics ffmpeg installed under the repository at `root` (its install path is in
 * tools/metrics-ffmpeg.json), else none: agent-runner then reports VMAF as not available.
 */
export function resolveMetricsFfmpeg(
  configured: string | undefined,
  root: string,
  host: { platform: string; arch: string } = { platform: process.platform, arch: process.arch },
): MetricsFfmpeg {
  if (configured) return { path: configured, from: 'METRICS_FFMPEG_PATH', ...(isExecutable(configured) ? {} : { problem: 'not an executable file' }) };
  if (host.platform !== 'linux' || host.arch !== 'x64') {
    return { path: undefined, reason: `the pinned metrics ffmpeg is for linux x86_64, this is ${host.platform} ${host.arch}; set METRICS_FFMPEG_PATH to an ffmpeg with libvmaf` };
  }
  const description = join(root, 'tools', 'metrics-ffmpeg.json');
  let installPath: string;
  try {
    installPath = resolve(root, (JSON.parse(readFileSync(description, 'utf8')) as { installPath: string }).installPath);
  } catch (error) {
    return { path: undefined, reason: `cannot read ${description} (${(error as Error).message})` };
  }
  if (isExecutable(installPath)) return { path: installPath, from: 'installed' };
  return { path: undefined, reason: `not installed at ${installPath} (npm start installs it, or: node tools/metrics-ffmpeg.mjs)` };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
