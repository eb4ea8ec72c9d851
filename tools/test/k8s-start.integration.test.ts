// The dev overlay, started as the cluster would start it, minus the cluster: each Deployment's
// container (and the create-table Job's) runs as a child process of this test with exactly the
// environment the rendered manifests give it (literal env, then every key of its envFrom
// ConfigMaps and Secrets, as the kubelet resolves them), and is ready when its readiness probe
// passes, polled as the kubelet polls it. Then a campaign runs through the started services, which
// proves that the overlay's settings wire up (endpoints, buckets, credentials, table). Every
// variable a container is given must be one its config schema knows (a typo or a setting nobody
// reads fails, naming the container and the variable), in the dev and prod overlays and in the
// gpu-runners component.
// How a cluster maps to this machine: k8s-local.ts; what a container is given: k8s-env.ts.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FFMPEG_PATH, met, metricsFfmpeg, skipEachUnless } from '@codec-lab/testing';
import { containerEnv, IMAGE_ENV, unknownVariables, workloads, type Workload } from './k8s-env.ts';
import { containerPorts, describeProbe, PROCESS_ENV, probeOnce, Translation } from './k8s-local.ts';
import { byKind, kubectl, render, ROOT, type K8sObject } from './k8s-render.ts';

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

interface Started {
  readonly workload: Workload;
  readonly child: ChildProcess;
  readonly output: string[];
  readonly exited: Promise<number | null>;
  exitCode: number | null | undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
