// Running a rendered container on this machine instead of in a cluster.
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
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { credentials, makeClientConstructor, type Client, type ServiceError } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { FFMPEG_PATH, METRICS_FFMPEG_PATH } from '@codec-lab/testing';
import { workloads, type Container, type Workload } from './k8s-env.ts';
import { byKind, ROOT, type K8sObject } from './k8s-render.ts';

export interface Probe {
  readonly kind: 'http' | 'grpc';
  readonly port: number;
  /** HTTP path, or the gRPC health service name ('' is the server as a whole). */
  readonly target: string;
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

export const containerPorts = (c: Container) => (c.ports ?? []) as { containerPort: number; name?: string }[];

/** The translation tables from the cluster to this machine (see the comment at the top). */
export class Translation {
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
export async function probeOnce(probe: Probe): Promise<string | true> {
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

export const describeProbe = (p: Probe) => (p.kind === 'http' ? `GET :${p.port}${p.target}` : `grpc :${p.port} service "${p.target}"`);

export const PROCESS_ENV = (root: string, tmp: string | undefined): Record<string, string> => ({
  // node first: the bundles run on the pinned Node, as `node` in the image's PATH.
  PATH: [dirname(process.execPath), dirname(FFMPEG_PATH), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
  HOME: join(root, 'home'),
  ...(tmp ? { TMPDIR: tmp } : {}),
});
