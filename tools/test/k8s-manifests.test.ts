import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTS } from '@codec-lab/config';

const base = fileURLToPath(new URL('../../k8s/base', import.meta.url));
const SERVICES = {
  orchestrator: { ports: [DEFAULT_PORTS.orchestratorHttp], grpc: false },
  'dashboard-api': { ports: [DEFAULT_PORTS.dashboardApiHttp], grpc: false },
  'llm-analyst': { ports: [DEFAULT_PORTS.llmAnalystGrpc, DEFAULT_PORTS.llmAnalystHttp], grpc: true },
  'agent-runner': { ports: [DEFAULT_PORTS.agentRunnerGrpc, DEFAULT_PORTS.agentRunnerHttp], grpc: true },
} as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML, walked freely by the assertions below
type Doc = { kind: string; metadata: { name: string }; spec: Record<string, any> };
const docs = (file: string) => parseAllDocuments(readFileSync(join(base, file), 'utf8')).map((d) => d.toJS() as Doc);

describe('k8s/base', () => {
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
      expect(container.image).toBe(`codec-lab/${name}:latest`);
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
