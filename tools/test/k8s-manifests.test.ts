import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTS } from '@codec-lab/config';
import { skipEachUnless } from '@codec-lab/testing';
import { CRD_SCHEMAS } from './k8s-crds.ts';
import { K8S, kubectl, podTemplates, RENDERINGS, VERSION, type K8sObject } from './k8s-render.ts';

// Offline validation against Kubernetes 1.36: kubernetes-models 5.1.0 (its schemas are generated
// from Kubernetes v1.36's OpenAPI document) for built-in kinds, k8s-crds.ts for ServiceMonitor.
// kubernetes-models' schemas accept unknown fields, so a misspelt optional field passes them.
const KUBERNETES_VERSION = '1.36';
// The group versions a 1.36 API server serves for the kinds used here (kubernetes-models also
// carries removed ones, such as policy/v1beta1, which an apply would refuse).
const SERVED = new Set(['v1', 'apps/v1', 'batch/v1', 'policy/v1', 'autoscaling/v2', 'networking.k8s.io/v1', 'monitoring.coreos.com/v1']);

const base = join(K8S, 'base');
const SERVICES = {
  orchestrator: { ports: [DEFAULT_PORTS.orchestratorHttp], grpc: false },
  'dashboard-api': { ports: [DEFAULT_PORTS.dashboardApiHttp], grpc: false },
  'llm-analyst': { ports: [DEFAULT_PORTS.llmAnalystGrpc, DEFAULT_PORTS.llmAnalystHttp], grpc: true },
  'agent-runner': { ports: [DEFAULT_PORTS.agentRunnerGrpc, DEFAULT_PORTS.agentRunnerHttp], grpc: true },
} as const;
const docs = (file: string) => parseAllDocuments(readFileSync(join(base, file), 'utf8')).map((d) => d.toJS() as K8sObject);

async function validateBuiltIn(object: K8sObject): Promise<void> {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : [undefined, object.apiVersion];
  const module = (await import(/* @vite-ignore */ `kubernetes-models/${group ? `${group}/` : ''}${version}/${object.kind}`)) as Record<string, new (data: object) => { validate(): void }>;
  new module[object.kind]!(object).validate();
}

describe('k8s/base files', () => {
  it('lists every manifest in the kustomization', () => {
    const kustomization = docs('kustomization.yaml')[0] as unknown as { resources: string[] };
    const files = readdirSync(base).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  for (const [name, expected] of Object.entries(SERVICES)) {
    it(`${name}: one file with its ServiceAccount, Deployment and Service, hardened, on the default ports`, () => {
      const all = docs(`${name}.yaml`);
      expect(all.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([`ServiceAccount/${name}`, `Deployment/${name}`, `Service/${name}`]);
      const pod = all[1]!.spec.template.spec;
      expect(pod.serviceAccountName).toBe(name);
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      const [container] = pod.containers;
      // The tag comes from the kustomization's images (the package version).
      expect(container.image).toBe(`codec-lab/${name}`);
      expect(container.ports.map((p: { containerPort: number }) => p.containerPort)).toEqual(expected.ports);
      expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(container.resources.requests).toBeDefined();
      expect(container.resources.limits).toBeDefined();
      if (expected.grpc) {
        expect(container.readinessProbe.grpc.port).toBe(expected.ports[0]);
        expect(all[2]!.spec.clusterIP).toBe('None');
      } else {
        expect(container.readinessProbe.httpGet.path).toBe('/readyz');
      }
    });
  }
});

describe(`rendered manifests, validated offline against Kubernetes ${KUBERNETES_VERSION}`, () => {
  skipEachUnless(kubectl());

  for (const [name, rendering] of Object.entries(RENDERINGS)) {
    it(`${name}: every object is valid for its kind, in a group version the API server serves`, async () => {
      const objects = rendering();
      expect(objects.length).toBeGreaterThan(10);
      const problems: string[] = [];
      for (const object of objects) {
        const id = `${object.apiVersion} ${object.kind}/${object.metadata.name}`;
        if (!SERVED.has(object.apiVersion)) problems.push(`${id}: not a group version served by Kubernetes ${KUBERNETES_VERSION} here`);
        const crd = CRD_SCHEMAS[`${object.apiVersion}/${object.kind}`];
        try {
          if (crd) crd.parse(object);
          else if (object.apiVersion.includes('.') && !object.apiVersion.includes('k8s.io')) problems.push(`${id}: a CRD without a schema in k8s-crds.ts`);
          else await validateBuiltIn(object);
        } catch (error) {
          problems.push(`${id}: ${(error as Error).message}`);
        }
        if (object.kind !== 'Namespace' && object.metadata.namespace !== 'codec-lab') problems.push(`${id}: namespace ${object.metadata.namespace}`);
      }
      expect(problems).toEqual([]);
    });

    it(`${name}: every image is tagged with the package version (${VERSION}), never latest`, () => {
      const images = podTemplates(rendering()).flatMap(({ template }) => template.spec.containers.map((c: { image: string }) => c.image));
      expect(images.length).toBeGreaterThan(0);
      for (const image of images) expect(image).toMatch(new RegExp(`^codec-lab/[a-z-]+(:${VERSION.replace(/\./g, '\\.')}|@sha256:[0-9a-f]{64})$`));
    });

    it(`${name}: every pod runs as uid 1000, non-root, read-only, with no privilege escalation`, () => {
      for (const { owner, template } of podTemplates(rendering())) {
        expect(template.spec.securityContext, owner.metadata.name).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
        for (const c of template.spec.containers) expect(c.securityContext, owner.metadata.name).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      }
    });
  }

  it('kubernetes-models refuses what the API server would (the validator is really applied)', async () => {
    const bad: K8sObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { selector: {}, template: { spec: { containers: [{ name: 'a', image: 'b', ports: [{ containerPort: 'http' }] }] } } } };
    await expect(validateBuiltIn(bad)).rejects.toThrow(/containerPort must be integer/);
    expect(() => CRD_SCHEMAS['monitoring.coreos.com/v1/ServiceMonitor']!.parse({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'x' }, spec: { selector: {}, endpoints: [{ targetPort: 9102 }] } })).toThrow();
  });
});
