// The dev overlay, started as the cluster would start it, minus the cluster: each Deployment's
// container (and the create-table Job's) runs as a child process of this test with exactly the
// environment the rendered manifests give it (literal env, then every key of its envFrom
// ConfigMaps and Secrets, as the kubelet resolves them), and is ready when its readiness probe
// passes, polled as the kubelet polls it. Then a campaign runs through the started services, which
// proves that the overlay's settings wire up (endpoints, buckets, credentials, table). Every
// variable a container is given must be one its config schema knows (a typo or a setting nobody
// reads fails, naming the container and the variable), in the dev and prod overlays and in the
// gpu-runners component.
//
// From the cluster to this machine (one table each, applied to env values, probes and commands):
// - Ports: the manifests use fixed ports (8080, 8081, 50051, ...) that may be busy here, so every
//   containerPort is mapped to a free port. A Service's `<name>:<port>` (with `http://` or
//   `dns:///` before it, or bare) becomes `127.0.0.1:<the mapped port of the targetPort it
//   selects>`; a container's own port in a value (PORT=8080) becomes its mapped port; the probes'
//   ports (by number or by name) are mapped the same way.
// - Paths: each container's volumeMounts map into a folder of its own under the test's temp dir
//   (a value naming a mount path, or a path under one, is rewritten; /tmp is also TMPDIR); the
//   image's own paths map to this checkout (/app, the image's WORKDIR, is the repository root,
//   which has the same dist/ layout) and the image's metrics ffmpeg to the installed one. Any other
//   absolute path in a value fails the test: with readOnlyRootFilesystem it could not be written.
// - The process gets that environment, the image's ENV (NODE_ENV=production; METRICS_FFMPEG_PATH
//   is set by the manifests), and PATH, HOME and TMPDIR; nothing of this test's own environment
//   (no AWS_* of the host's).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { credentials, makeClientConstructor, type Client, type ServiceError } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { FFMPEG_PATH, met, metricsFfmpeg, METRICS_FFMPEG_PATH, skipEachUnless } from '@codec-lab/testing';
// Each service's config schema, the one list of what it reads. Apps are not importable from tools
// by the module-boundary rule; eslint.config.mjs allows it for this file alone.
import { RunnerEnvSchema } from '../../apps/agent-runner/src/config.ts';
import { DashboardEnvSchema } from '../../apps/dashboard-api/src/config.ts';
import { AnalystEnvSchema } from '../../apps/llm-analyst/src/config.ts';
import { OrchestratorEnvSchema } from '../../apps/orchestrator/src/config.ts';
import { DevStoresEnvSchema } from '../dev-stores/src/config.ts';
import { byKind, kubectl, podTemplates, render, ROOT, type K8sObject } from './k8s-render.ts';

/** The schema of what each image's program reads (create-table, in the orchestrator image, reads the orchestrator's settings). */
const SCHEMAS: Record<string, z.ZodObject> = {
  'dev-stores': DevStoresEnvSchema,
  orchestrator: OrchestratorEnvSchema,
  'dashboard-api': DashboardEnvSchema,
  'llm-analyst': AnalystEnvSchema,
  'agent-runner': RunnerEnvSchema,
};

/**
 * Variables read by libraries, not by our config schemas: the AWS SDK's credential chain (the dev
 * overlay's Secret, IRSA's injected pair) and the NVIDIA container toolkit's NVIDIA_*; NODE_ENV
 * (set by the image, read by dependencies).
 */
const LIBRARY_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'NODE_ENV'];
const isLibraryVariable = (name: string) => LIBRARY_VARIABLES.includes(name) || name.startsWith('NVIDIA_');

/** Secrets the overlays refer to but never render (you create them; README.md, "Deploy to Kubernetes"), with the keys README puts in them. */
const EXTERNAL_SECRETS: Record<string, string[]> = {
  'codec-lab-api': ['API_TOKEN'],
  'codec-lab-llm': ['OPENAI_API_KEY', 'OPENAI_BASE_URL'],
};

/** The image's ENV (Dockerfile), beside what the manifests set. */
const IMAGE_ENV = { NODE_ENV: 'production' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered YAML
type Container = any;
interface Workload {
  /** Deployment/<name> or Job/<name>. */
  readonly id: string;
  readonly owner: K8sObject;
  readonly container: Container;
  /** The image's program: orchestrator, dev-stores... (codec-lab/<app>). */
  readonly app: string;
}

function workloads(objects: K8sObject[]): Workload[] {
  return podTemplates(objects).flatMap(({ owner, template }) =>
    (template.spec.containers as Container[]).map((container) => {
      const app = /(?:^|\/)codec-lab\/([a-z-]+)(?::|@|$)/.exec(container.image)?.[1];
      if (!app) throw new Error(`${owner.kind}/${owner.metadata.name}: image ${container.image} is not a codec-lab image`);
      return { id: `${owner.kind}/${owner.metadata.name}`, owner, container, app };
    }),
  );
}

/**
 * A container's environment as the kubelet builds it: each envFrom source in order (a later one
 * wins), then env (which wins over envFrom; a valueFrom names one key of a ConfigMap or Secret).
 * ConfigMaps and Secrets are looked up by their rendered name (kustomize's generated ones carry a
 * hash suffix, already in the reference); Secrets are base64. A Secret the overlay does not render
 * is one you create: its keys are README's (unless `external` is false: then an optional one is
 * taken as not created, as when this test starts pods).
 */
function containerEnv(objects: K8sObject[], workload: Workload, external = true): Record<string, string> {
  const { container, id } = workload;
  /** The data of a ConfigMap or Secret, or undefined for an optional one that is not there. */
  const lookup = (kind: 'ConfigMap' | 'Secret', ref: { name: string; optional?: boolean }): Record<string, string> | undefined => {
    const source = objects.find((o) => o.kind === kind && o.metadata.name === ref.name);
    if (source) return kind === 'Secret' ? Object.fromEntries(Object.entries(source.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')])) : { ...(source.data ?? {}) };
    if (ref.optional && !external) return undefined; // not created: the kubelet starts the pod without it
    if (kind === 'Secret' && EXTERNAL_SECRETS[ref.name]) return Object.fromEntries(EXTERNAL_SECRETS[ref.name]!.map((k) => [k, `<${k} from the Secret ${ref.name}>`]));
    if (ref.optional) return undefined;
    throw new Error(`${id}: ${kind} ${ref.name} is not rendered`);
  };
  const env: Record<string, string> = {};
  type Ref = { name: string; optional?: boolean };
  for (const from of (container.envFrom ?? []) as { configMapRef?: Ref; secretRef?: Ref; prefix?: string }[]) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref) throw new Error(`${id}: envFrom without a configMapRef or secretRef`);
    const data = lookup(from.configMapRef ? 'ConfigMap' : 'Secret', ref);
    for (const [key, value] of Object.entries(data ?? {})) env[`${from.prefix ?? ''}${key}`] = value;
  }
  type KeyRef = Ref & { key: string };
  for (const e of (container.env ?? []) as { name: string; value?: string; valueFrom?: { configMapKeyRef?: KeyRef; secretKeyRef?: KeyRef } }[]) {
    if (!e.valueFrom) {
      env[e.name] = e.value ?? '';
      continue;
    }
    const ref = e.valueFrom.configMapKeyRef ?? e.valueFrom.secretKeyRef;
    if (!ref) throw new Error(`${id}: ${e.name} uses a valueFrom other than configMapKeyRef or secretKeyRef, which this test does not resolve`);
    const value = lookup(e.valueFrom.configMapKeyRef ? 'ConfigMap' : 'Secret', ref)?.[ref.key];
    if (value !== undefined) env[e.name] = value;
    else if (!ref.optional) throw new Error(`${id}: ${e.name} names the key ${ref.key}, which ${ref.name} does not have`);
  }
  return env;
}

/** Every variable each container is given that its program's schema does not know, as "<workload> (container <name>): <VARIABLE>". */
function unknownVariables(objects: K8sObject[]): string[] {
  return workloads(objects).flatMap((w) => {
    const schema = SCHEMAS[w.app];
    if (!schema) return [`${w.id} (container ${w.container.name}): no config schema known for the image codec-lab/${w.app}`];
    return Object.keys(containerEnv(objects, w))
      .filter((name) => !(name in schema.shape) && !isLibraryVariable(name))
      .map((name) => `${w.id} (container ${w.container.name}): ${name} is not a variable ${w.app} reads`);
  });
}

describe('every variable a container is given is one its program reads', () => {
  skipEachUnless(kubectl());
  const cases: Record<string, () => K8sObject[]> = {
    'k8s/overlays/dev': () => render('overlays/dev'),
    'k8s/overlays/prod': () => render('overlays/prod'),
    'k8s/overlays/dev + components/gpu-runners': () => render('overlays/dev', ['components/gpu-runners']),
    'k8s/overlays/prod + components/gpu-runners': () => render('overlays/prod', ['components/gpu-runners']),
  };
  for (const [name, objects] of Object.entries(cases)) {
    it(name, () => {
      expect(workloads(objects()).length).toBeGreaterThanOrEqual(5);
      expect(unknownVariables(objects())).toEqual([]);
    });
  }

  it('covers the GPU runner', () => {
    const objects = render('overlays/prod', ['components/gpu-runners']);
    const gpu = workloads(objects).find((w) => w.id === 'Deployment/agent-runner-gpu')!;
    expect(gpu.app).toBe('agent-runner');
    expect(Object.keys(containerEnv(objects, gpu))).toContain('NVIDIA_DRIVER_CAPABILITIES');
  });
});

// ---- starting the dev overlay ---------------------------------------------------------------

interface Probe {
  readonly kind: 'http' | 'grpc';
  readonly port: number;
  /** HTTP path, or the gRPC health service name ('' is the server as a whole). */
  readonly target: string;
}

interface Started {
  readonly workload: Workload;
  readonly child: ChildProcess;
  readonly output: string[];
  readonly exited: Promise<number | null>;
  exitCode: number | null | undefined;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const containerPorts = (c: Container) => (c.ports ?? []) as { containerPort: number; name?: string }[];

/** The translation tables from the cluster to this machine (see the comment at the top). */
class Translation {
  /** `<pod>/<containerPort>` to the free port it listens on here. */
  readonly ports = new Map<string, number>();
  /** `<service>:<port>` to `127.0.0.1:<port here>`. */
  readonly services = new Map<string, string>();

  constructor(
    private readonly objects: K8sObject[],
    readonly root: string,
  ) {}

  static async build(objects: K8sObject[], root: string): Promise<Translation> {
    const t = new Translation(objects, root);
    const taken = new Set<number>();
    for (const w of workloads(objects)) {
      for (const p of containerPorts(w.container)) {
        let port: number;
        do port = await freePort();
        while (taken.has(port));
        taken.add(port);
        t.ports.set(`${w.owner.metadata.name}/${p.containerPort}`, port);
      }
    }
    // A Service port reaches the targetPort (a name or a number) of the Deployment it selects.
    for (const service of byKind(objects, 'Service')) {
      const selected = workloads(objects).filter((w) => w.owner.kind === 'Deployment' && Object.entries(service.spec.selector ?? {}).every(([k, v]) => w.owner.spec.template.metadata.labels?.[k] === v));
      for (const sp of service.spec.ports as { port: number; targetPort?: number | string }[]) {
        for (const w of selected) {
          const target = sp.targetPort ?? sp.port;
          const cp = containerPorts(w.container).find((p) => (typeof target === 'number' ? p.containerPort === target : p.name === target));
          if (cp) t.services.set(`${service.metadata.name}:${sp.port}`, `127.0.0.1:${t.ports.get(`${w.owner.metadata.name}/${cp.containerPort}`)}`);
        }
      }
    }
    return t;
  }

  /** A container's port (by number or name) as mapped here. */
  port(w: Workload, port: number | string): number {
    const cp = containerPorts(w.container).find((p) => (typeof port === 'number' ? p.containerPort === port : p.name === port));
    if (!cp) throw new Error(`${w.id}: no containerPort ${port}`);
    return this.ports.get(`${w.owner.metadata.name}/${cp.containerPort}`)!;
  }

  /** The folder a container's mount path is here. */
  mountDir(w: Workload, mountPath: string): string {
    return join(this.root, w.owner.metadata.name, 'volumes', mountPath);
  }

  /** Paths in the image, as they are in this checkout. */
  private imagePath(path: string): string | undefined {
    if (path === '/opt/codec-lab/ffmpeg-metrics') return METRICS_FFMPEG_PATH;
    if (path === '/app' || path.startsWith('/app/')) return join(ROOT, path.slice('/app'.length));
    return undefined;
  }

  /** One absolute path (a mount path, under one, or the image's). */
  path(w: Workload, path: string): string {
    const mounts = ((w.container.volumeMounts ?? []) as { mountPath: string }[]).map((m) => m.mountPath).sort((a, b) => b.length - a.length);
    const mount = mounts.find((m) => path === m || path.startsWith(`${m}/`));
    if (mount) return join(this.mountDir(w, mount), path.slice(mount.length));
    const image = this.imagePath(path);
    if (image) return image;
    throw new Error(`${w.id}: ${path} is neither under a volume mount nor a path of the image`);
  }

  /** One env value: Services' addresses, the container's own ports, absolute paths (`:`-separated lists too). */
  value(w: Workload, name: string, value: string): string {
    const own = containerPorts(w.container).find((p) => String(p.containerPort) === value);
    if (own) return String(this.port(w, own.containerPort));
    if (value.startsWith('/')) return value.split(':').map((part) => this.path(w, part)).join(':');
    const translated = value.replace(/\b([a-z0-9][a-z0-9-]*):(\d+)\b/g, (whole, host: string, port: string) => {
      const here = this.services.get(`${host}:${port}`);
      if (here) return here;
      if (byKind(this.objects, 'Service').some((s) => s.metadata.name === host)) throw new Error(`${w.id}: ${name}=${value} names port ${port} of the Service ${host}, which has no such port`);
      return whole;
    });
    return translated;
  }

  env(w: Workload, env: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, this.value(w, k, v)]));
  }

  probe(w: Workload, probe: Container | undefined): Probe | undefined {
    if (!probe) return undefined;
    if (probe.httpGet) return { kind: 'http', port: this.port(w, probe.httpGet.port), target: probe.httpGet.path ?? '/' };
    if (probe.grpc) return { kind: 'grpc', port: this.port(w, probe.grpc.port), target: probe.grpc.service ?? '' };
    throw new Error(`${w.id}: a probe that is neither httpGet nor grpc`);
  }
}

/** One probe attempt, as the kubelet makes it: an HTTP GET answered 200-399, or grpc.health.v1 Check answered SERVING. */
async function probeOnce(probe: Probe): Promise<string | true> {
  if (probe.kind === 'http') {
    try {
      const response = await fetch(`http://127.0.0.1:${probe.port}${probe.target}`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      return response.status >= 200 && response.status < 400 ? true : `HTTP ${response.status}`;
    } catch (error) {
      return (error as Error).message;
    }
  }
  const Health = makeClientConstructor(healthService, 'Health');
  const client = new Health(`127.0.0.1:${probe.port}`, credentials.createInsecure()) as unknown as Client & {
    check(request: { service: string }, options: { deadline: number }, callback: (error: ServiceError | null, response?: { status: string | number }) => void): void;
  };
  try {
    return await new Promise<string | true>((resolve) =>
      client.check({ service: probe.target }, { deadline: Date.now() + 2_000 }, (error, response) => {
        if (error) resolve(error.message);
        else resolve(response?.status === 'SERVING' || response?.status === 1 ? true : `status ${response?.status}`);
      }),
    );
  } finally {
    client.close();
  }
}

const describeProbe = (p: Probe) => (p.kind === 'http' ? `GET :${p.port}${p.target}` : `grpc :${p.port} service "${p.target}"`);

const PROCESS_ENV = (root: string, tmp: string | undefined): Record<string, string> => ({
  // node first: the bundles run on the pinned Node, as `node` in the image's PATH.
  PATH: [dirname(process.execPath), dirname(FFMPEG_PATH), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
  HOME: join(root, 'home'),
  ...(tmp ? { TMPDIR: tmp } : {}),
});

describe('k8s/overlays/dev, started from its rendered manifests', () => {
  // The runner is given the image's metrics ffmpeg (METRICS_FFMPEG_PATH): here, the installed one.
  const prerequisites = [kubectl(), metricsFfmpeg()];
  skipEachUnless(...prerequisites);
  let objects: K8sObject[];
  let root: string;
  let t: Translation;
  const started: Started[] = [];

  function start(w: Workload): Started {
    const env = t.env(w, containerEnv(objects, w, false));
    for (const m of (w.container.volumeMounts ?? []) as { mountPath: string }[]) mkdirSync(t.mountDir(w, m.mountPath), { recursive: true });
    const tmp = ((w.container.volumeMounts ?? []) as { mountPath: string }[]).some((m) => m.mountPath === '/tmp') ? t.mountDir(w, '/tmp') : undefined;
    mkdirSync(join(root, 'home'), { recursive: true });
    // The container's command, or the image's CMD (node --enable-source-maps /app/main.js, main.js being dist/apps/<app>/main.js).
    const command: string[] = w.container.command ? [...w.container.command, ...(w.container.args ?? [])] : ['node', '--enable-source-maps', `/app/dist/apps/${w.app}/main.js`];
    if (command[0] !== 'node') throw new Error(`${w.id}: command ${command.join(' ')} does not start with node`);
    const args = command.slice(1).map((a) => (a.startsWith('/') ? t.path(w, a) : a));
    const child = spawn(process.execPath, args, {
      cwd: ROOT, // the image's WORKDIR, /app
      env: { ...PROCESS_ENV(root, tmp), ...IMAGE_ENV, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that cleanup reaches what it spawns (the runner's ffmpeg).
      detached: true,
    });
    const output: string[] = [];
    const keep = (chunk: Buffer) => {
      output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      if (output.length > 200) output.splice(0, output.length - 200);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const s: Started = { workload: w, child, output, exitCode: undefined, exited: undefined as unknown as Promise<number | null> };
    (s as { exited: Promise<number | null> }).exited = new Promise((resolve) => child.once('exit', (code, signal) => ((s.exitCode = code ?? (signal ? -1 : null)), resolve(code))));
    started.push(s);
    return s;
  }

  const tail = (s: Started) => `\n--- last output of ${s.workload.id}:\n${s.output.slice(-40).join('\n')}`;

  /** Polls the probe until it passes (the readiness probe, then the liveness probe once), or fails naming why. */
  async function ready(s: Started, timeoutMs: number): Promise<void> {
    const readiness = t.probe(s.workload, s.workload.container.readinessProbe);
    const liveness = t.probe(s.workload, s.workload.container.livenessProbe);
    if (!readiness) throw new Error(`${s.workload.id}: no readinessProbe`);
    const deadline = Date.now() + timeoutMs;
    let last: string | true = 'not probed';
    while (Date.now() < deadline) {
      if (s.exitCode !== undefined) throw new Error(`${s.workload.id} exited with ${s.exitCode} before it was ready${tail(s)}`);
      last = await probeOnce(readiness);
      if (last === true) break;
      await sleep(500);
    }
    if (last !== true) throw new Error(`${s.workload.id}: readiness probe ${describeProbe(readiness)} did not pass in ${timeoutMs / 1000} s (last: ${last})${tail(s)}`);
    if (liveness) {
      const live = await probeOnce(liveness);
      if (live !== true) throw new Error(`${s.workload.id}: liveness probe ${describeProbe(liveness)} fails while ready: ${live}${tail(s)}`);
    }
  }

  const find = (id: string) => {
    const w = workloads(objects).find((x) => x.id === id);
    if (!w) throw new Error(`no ${id} rendered`);
    return w;
  };
  const httpBase = (deployment: string) => `http://${t.services.get(`${deployment}:${containerPorts(find(`Deployment/${deployment}`).container).find((p) => p.name === 'http')!.containerPort}`)}`;

  beforeAll(async () => {
    if (!met(...prerequisites)) return;
    objects = render('overlays/dev');
    root = mkdtempSync(join(tmpdir(), 'codeclab-k8s-start-'));
    t = await Translation.build(objects, root);
  }, 60_000);

  afterAll(async () => {
    // SIGTERM to each process group, then SIGKILL to what is left after its grace period.
    const stop = async (s: Started) => {
      if (s.exitCode !== undefined || s.child.pid === undefined) return;
      const grace = 1000 * (s.workload.owner.spec.template.spec.terminationGracePeriodSeconds ?? 30);
      try {
        process.kill(-s.child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const exited = await Promise.race([s.exited.then(() => true), sleep(Math.min(grace, 20_000)).then(() => false)]);
      try {
        process.kill(-s.child.pid, 'SIGKILL');
      } catch {
        // the group is gone
      }
      if (!exited) await s.exited;
    };
    await Promise.all(started.map(stop));
    if (root) rmSync(root, { recursive: true, force: true });
  }, 60_000);

  it('starts dev-stores, runs the create-table Job, then the runner and the analyst, then the orchestrator and dashboard-api, each ready by its probes', async () => {
    const deployments = byKind(objects, 'Deployment').map((d) => d.metadata.name).sort();
    expect(deployments).toEqual(['agent-runner', 'dashboard-api', 'dev-stores', 'llm-analyst', 'orchestrator']);

    await ready(start(find('Deployment/dev-stores')), 60_000);

    const job = start(find('Job/create-table'));
    const code = await Promise.race([job.exited, sleep(60_000).then(() => 'timeout' as const)]);
    expect(code, `create-table${tail(job)}`).toBe(0);

    // The runner does trial encodes at start-up (10-20 s on two cores).
    await Promise.all([ready(start(find('Deployment/agent-runner')), 120_000), ready(start(find('Deployment/llm-analyst')), 60_000)]);
    await Promise.all([ready(start(find('Deployment/orchestrator')), 60_000), ready(start(find('Deployment/dashboard-api')), 60_000)]);
  }, 300_000);

  it('runs a campaign on an uploaded source through them; dashboard-api serves its artifact from the store', async () => {
    expect(started.map((s) => s.workload.id), 'the services were started by the test before').toHaveLength(6);
    for (const s of started.filter((x) => x.workload.owner.kind === 'Deployment')) expect(s.exitCode, `${s.workload.id} is running${tail(s)}`).toBeUndefined();
    const orchestrator = httpBase('orchestrator');
    const dashboard = httpBase('dashboard-api');

    const clipPath = join(root, 'clip.mp4');
    execFileSync(FFMPEG_PATH, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=24', '-frames:v', '24', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', clipPath]);
    const uploaded = await fetch(`${orchestrator}/v1/sources`, { method: 'POST', headers: { 'content-type': 'video/mp4' }, body: readFileSync(clipPath) });
    const upload = (await uploaded.json()) as { source: { kind: string; uri: string } };
    const logs = () => started.map(tail).join('');
    expect(uploaded.status, `POST /v1/sources: ${JSON.stringify(upload)}${logs()}`).toBe(201);
    expect(upload.source.uri).toMatch(/^s3:\/\/codec-lab-media\/sources\/[0-9a-f]{64}$/);

    const created = await fetch(`${orchestrator}/v1/campaigns`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: upload.source, objective: { targetBitrateMbps: 0.2 }, maxExperiments: 1 }) });
    const campaign = (await created.json()) as { id: string };
    expect(created.status, JSON.stringify(campaign)).toBe(201);
    let status = 'queued';
    let body: { status: string; stopReason?: string } = { status };
    const deadline = Date.now() + 150_000;
    while (['queued', 'running'].includes(status) && Date.now() < deadline) {
      await sleep(500);
      body = (await (await fetch(`${orchestrator}/v1/campaigns/${campaign.id}`)).json()) as typeof body;
      status = body.status;
    }
    expect(status, `campaign ${campaign.id}: ${JSON.stringify(body)}${logs()}`).toBe('succeeded');

    const artifact = await fetch(`${dashboard}/v1/experiments/${campaign.id}-001/artifact`);
    await artifact.arrayBuffer();
    expect(artifact.status, `GET /v1/experiments/${campaign.id}-001/artifact${logs()}`).toBe(200);
    expect(artifact.headers.get('content-type')).toBe('video/mp4');
  }, 200_000);
});
