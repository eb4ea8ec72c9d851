// The embedded lab: dynalite plus the four services as separate processes on localhost.
// `npm start` builds the bundles and runs this; Ctrl-C stops everything in order.
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStore } from '@codec-lab/store';
import { startEmbeddedDynamo } from '@codec-lab/store/embedded';
import { loadConfig, resolveMetricsFfmpeg } from './config.ts';
import type { ChildProcess } from 'node:child_process';
import { startService, stopService, type ServiceProcess } from './child.ts';

const config = loadConfig(process.env);
const bundles = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The bundle runs from dist/apps/lab in the repository.
const metricsFfmpeg = resolveMetricsFfmpeg(config.METRICS_FFMPEG_PATH, resolve(bundles, '..', '..'));
const entry = (name: string) => join(bundles, name, 'main.js');
const logDir = join(config.dataDir, 'logs');
const mediaDir = join(config.dataDir, 'media');
await Promise.all([logDir, mediaDir, join(config.dataDir, 'dynamodb'), join(config.dataDir, 'artifacts')].map((d) => mkdir(d, { recursive: true })));

const say = (line: string) => process.stdout.write(`${line}\n`);
const dynamo = await startEmbeddedDynamo({ path: join(config.dataDir, 'dynamodb'), port: config.ports.dynamodb });
const store = createStore({ endpoint: dynamo.endpoint, region: 'local', tableName: config.DYNAMODB_TABLE });
await store.ensureTable();
store.close();

const common = { LOG_LEVEL: config.LOG_LEVEL, HOST: '127.0.0.1' };
const storeEnv = { DYNAMODB_ENDPOINT: dynamo.endpoint, DYNAMODB_TABLE: config.DYNAMODB_TABLE, AWS_REGION: 'local' };
const started: ServiceProcess[] = [];
const spawned = new Set<ChildProcess>();
const launch = async (name: string, env: Record<string, string>) => {
  const service = await startService({
    name,
    entry: entry(name),
    env: { ...common, ...env },
    logDir,
    echo: config.LAB_LOG_TO_CONSOLE,
    readyTimeoutMs: 120_000,
    onSpawn: (child) => spawned.add(child),
  });
  started.push(service);
  service.exited.then((code) => {
    if (!stopping) {
      say(`${name} exited unexpectedly (code ${code}); stopping the lab. See ${logDir}/${name}.log`);
      void shutdown(1);
    }
  });
  return service;
};

let stopping = false;
async function shutdown(exitCode: number): Promise<void> {
  // A terminal's Ctrl-C can arrive twice (directly and forwarded by `npm start`); stop once.
  if (stopping) return;
  stopping = true;
  say('stopping codec-lab...');
  // The orchestrator first, so it stops driving campaigns before the services it calls go away.
  const order = ['orchestrator', 'dashboard-api', 'agent-runner', 'llm-analyst'];
  let failed = false;
  for (const name of order) {
    const service = started.find((s) => s.name === name);
    if (!service) continue;
    const code = await stopService(service, 25_000);
    if (code !== 0) failed = true;
    say(`  ${name} stopped${code === 0 ? '' : ` (exit code ${code})`}`);
  }
  // Services that were still starting when the lab gave up.
  await Promise.all(
    [...spawned]
      .filter((child) => child.exitCode === null && child.signalCode === null)
      .map((child) => new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'))),
  );
  await dynamo.close();
  say('codec-lab stopped.');
  process.exit(failed ? 1 : exitCode);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  const [runner, analyst] = await Promise.all([
    launch('agent-runner', {
      GRPC_PORT: String(config.ports.agentRunnerGrpc),
      HTTP_PORT: String(config.ports.agentRunnerHttp),
      MEDIA_ROOTS: [mediaDir, ...config.MEDIA_ROOTS].join(':'),
      ARTIFACT_DIR: join(config.dataDir, 'artifacts'),
      MAX_CONCURRENT: String(config.RUNNER_MAX_CONCURRENT),
      ...(metricsFfmpeg.path === undefined ? {} : { METRICS_FFMPEG_PATH: metricsFfmpeg.path }),
    }),
    launch('llm-analyst', { GRPC_PORT: String(config.ports.llmAnalystGrpc), HTTP_PORT: String(config.ports.llmAnalystHttp) }),
  ]);
  const [orchestrator, dashboard] = await Promise.all([
    launch('orchestrator', {
      ...storeEnv,
      PORT: String(config.ports.orchestrator),
      RUNNER_ADDR: runner.urls.grpc!,
      ANALYST_ADDR: analyst.urls.grpc!,
    }),
    launch('dashboard-api', { ...storeEnv, PORT: String(config.ports.dashboardApi), RUNNER_ADDR: runner.urls.grpc!, ARTIFACT_DIR: join(config.dataDir, 'artifacts') }),
  ]);

  const services = { orchestrator, 'dashboard-api': dashboard, 'llm-analyst': analyst, 'agent-runner': runner };
  say(`codec-lab is running (data in ${config.dataDir}, logs in ${logDir})`);
  for (const [name, service] of Object.entries(services)) {
    const main = service.urls.http ?? `grpc ${service.urls.grpc}`;
    say(`  ${name.padEnd(14)} ${main.padEnd(26)} metrics ${service.urls.metrics}`);
  }
  say(`  ${'dynamodb'.padEnd(14)} ${dynamo.endpoint.padEnd(26)} (dynalite, ${join(config.dataDir, 'dynamodb')})`);
  say(`  media root     ${mediaDir}${config.MEDIA_ROOTS.length ? `:${config.MEDIA_ROOTS.join(':')}` : ''}`);
  say(
    metricsFfmpeg.path === undefined
      ? `  metrics ffmpeg none (VMAF not available: ${metricsFfmpeg.reason})`
      : `  metrics ffmpeg ${metricsFfmpeg.path}${metricsFfmpeg.problem ? ` (METRICS_FFMPEG_PATH: ${metricsFfmpeg.problem})` : ''}`,
  );
  say(`Web dashboard: ${dashboard.urls.http}/   API docs: ${orchestrator.urls.http}/docs`);
  const source = '"source":{"kind":"synthetic","generator":"testsrc2","width":320,"height":180,"fps":30,"seconds":2}';
  const post = `curl -X POST ${orchestrator.urls.http}/v1/campaigns -H 'content-type: application/json' -d`;
  say('Start a campaign: the best PSNR within 0.2 Mbps (strictly; "tolerance":0.05 accepts 5% over)');
  say(`  ${post} '{${source},"objective":{"kind":"quality-at-bitrate","targetBitrateMbps":0.2,"metric":"psnr"},"maxExperiments":4}'`);
  say('or the smallest bitrate reaching 38 dB PSNR with libx264 or libx265 ("kind":"pareto" with "maxBitrateMbps" maps the front):');
  say(`  ${post} '{${source},"objective":{"kind":"bitrate-at-quality","metric":"psnr","targetQuality":38,"constraints":{"encoders":["libx264","libx265"]}},"maxExperiments":4}'`);
  say('Ctrl-C stops everything.');
  process.send?.({
    type: 'lab-ready',
    dynamodb: dynamo.endpoint,
    services: Object.fromEntries(Object.entries(services).map(([name, s]) => [name, { ...s.urls, pid: s.child.pid }])),
  });
} catch (error) {
  say(`codec-lab failed to start: ${(error as Error).message}`);
  await shutdown(1);
}
