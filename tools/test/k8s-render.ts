// Renders k8s/ overlays with `kubectl kustomize` for the k8s-*.test.ts files. kubectl (with its
// built-in kustomize, v5) is a prerequisite: a test without it skips with the reason, and under CI
// fails (tools/testing/prerequisites.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { executable } from '@codec-lab/testing';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const K8S = join(ROOT, 'k8s');
export const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
export const KUBECTL_PATH = process.env['KUBECTL_PATH'] ?? '/usr/bin/kubectl';
export const kubectl = () => executable('kubectl (with kustomize v5)', KUBECTL_PATH, 'kubectl from the Kubernetes apt repository or your distribution; KUBECTL_PATH points elsewhere');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered YAML, walked freely by the assertions
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: any; data?: Record<string, string> };

const cache = new Map<string, K8sObject[]>();

function kustomize(dir: string): K8sObject[] {
  const out = execFileSync(KUBECTL_PATH, ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return parseAllDocuments(out).map((d) => d.toJS() as K8sObject).filter(Boolean);
}

/** The objects `kubectl kustomize k8s/<path>` renders, optionally with components added (as an overlay would). */
export function render(path: string, components: string[] = []): K8sObject[] {
  const key = [path, ...components].join('+');
  const cached = cache.get(key);
  if (cached) return cached;
  let objects: K8sObject[];
  if (components.length === 0) objects = kustomize(join(K8S, path));
  else {
    // kustomize refuses absolute paths: a throw-away overlay names them relative to itself.
    const dir = mkdtempSync(join(tmpdir(), 'k8s-render-'));
    try {
      const rel = (p: string) => relative(dir, join(K8S, p));
      writeFileSync(join(dir, 'kustomization.yaml'), `namespace: codec-lab\nresources: [${rel(path)}]\ncomponents: [${components.map(rel).join(', ')}]\n`);
      objects = kustomize(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  cache.set(key, objects);
  return objects;
}

/** Every way the manifests are meant to be applied. */
export const RENDERINGS: Record<string, () => K8sObject[]> = {
  base: () => render('base'),
  dev: () => render('overlays/dev'),
  prod: () => render('overlays/prod'),
  'dev + gpu-runners': () => render('overlays/dev', ['components/gpu-runners']),
  'prod + gpu-runners': () => render('overlays/prod', ['components/gpu-runners']),
};

export const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
export const find = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} rendered`);
  return found;
};

/** The pod templates of Deployments and Jobs, with the object they belong to. */
export function podTemplates(objects: K8sObject[]) {
  return objects.filter((o) => ['Deployment', 'Job'].includes(o.kind)).map((o) => ({ owner: o, template: o.spec.template }));
}

/** Whether a label selector (matchLabels and In/NotIn/Exists/DoesNotExist expressions) selects these labels. */
export function selects(selector: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined, labels: Record<string, string> = {}): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    if (e.operator === 'In' && !(has && e.values!.includes(labels[e.key]!))) return false;
    if (e.operator === 'NotIn' && has && e.values!.includes(labels[e.key]!)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}
