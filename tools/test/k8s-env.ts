// What each container of a rendered overlay is given, as the kubelet builds it, and the check that
// every variable is one its program reads.
import type { z } from 'zod';
// Each service's config schema, the one list of what it reads. Apps are not importable from tools
// by the module-boundary rule; eslint.config.mjs allows it for this file alone.
import { RunnerEnvSchema } from '../../apps/agent-runner/src/config.ts';
import { DashboardEnvSchema } from '../../apps/dashboard-api/src/config.ts';
import { AnalystEnvSchema } from '../../apps/llm-analyst/src/config.ts';
import { OrchestratorEnvSchema } from '../../apps/orchestrator/src/config.ts';
import { DevStoresEnvSchema } from '../dev-stores/src/config.ts';
import { podTemplates, type K8sObject } from './k8s-render.ts';

/** The schema of what each image's program reads (create-table, in the orchestrator image, reads the orchestrator's settings). */
export const SCHEMAS: Record<string, z.ZodObject> = {
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
export const IMAGE_ENV = { NODE_ENV: 'production' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered YAML
export type Container = any;
export interface Workload {
  /** Deployment/<name> or Job/<name>. */
  readonly id: string;
  readonly owner: K8sObject;
  readonly container: Container;
  /** The image's program: orchestrator, dev-stores... (codec-lab/<app>). */
  readonly app: string;
}

export function workloads(objects: K8sObject[]): Workload[] {
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
export function containerEnv(objects: K8sObject[], workload: Workload, external = true): Record<string, string> {
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
export function unknownVariables(objects: K8sObject[]): string[] {
  return workloads(objects).flatMap((w) => {
    const schema = SCHEMAS[w.app];
    if (!schema) return [`${w.id} (container ${w.container.name}): no config schema known for the image codec-lab/${w.app}`];
    return Object.keys(containerEnv(objects, w))
      .filter((name) => !(name in schema.shape) && !isLibraryVariable(name))
      .map((name) => `${w.id} (container ${w.container.name}): ${name} is not a variable ${w.app} reads`);
  });
}
