import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { skipEachUnless } from '@codec-lab/testing';
import { byKind, find, K8S, kubectl, podTemplates, render, selects, type K8sObject } from './k8s-render.ts';

// What each overlay gives a platform engineer, read from what `kubectl kustomize` renders.
const SERVICES = ['orchestrator', 'dashboard-api', 'llm-analyst', 'agent-runner'];
const env = (o: K8sObject, container = 0) => Object.fromEntries((o.spec.template.spec.containers[container].env ?? []).map((e: { name: string; value: string }) => [e.name, e.value]));
const envFrom = (o: K8sObject) => (o.spec.template.spec.containers[0].envFrom ?? []) as { configMapRef?: { name: string }; secretRef?: { name: string; optional?: boolean } }[];
const secretRefs = (o: K8sObject) => envFrom(o).flatMap((e) => (e.secretRef ? [e.secretRef] : []));

describe('k8s/overlays/dev', () => {
  skipEachUnless(kubectl());
  const dev = () => render('overlays/dev');

  it('runs one replica of everything, against dev-stores for DynamoDB and S3', () => {
    for (const d of byKind(dev(), 'Deployment')) expect(d.spec.replicas, d.metadata.name).toBe(1);
    expect(find(dev(), 'ConfigMap', 'codec-lab').data).toMatchObject({ MEDIA_BUCKETS: 'codec-lab-media' });
    expect(find(dev(), 'ConfigMap', 'codec-lab-table').data).toMatchObject({ DYNAMODB_ENDPOINT: 'http://dev-stores:8000' });
    expect(find(dev(), 'ConfigMap', 'codec-lab-objects').data).toMatchObject({ S3_ENDPOINT: 'http://dev-stores:4569', S3_FORCE_PATH_STYLE: 'true' });
    const service = find(dev(), 'Service', 'dev-stores');
    const stores = find(dev(), 'Deployment', 'dev-stores');
    expect(selects({ matchLabels: service.spec.selector }, stores.spec.template.metadata.labels)).toBe(true);
    expect(Object.fromEntries(service.spec.ports.map((p: { port: number; name: string }) => [p.name, p.port]))).toMatchObject({ dynamodb: 8000, s3: 4569 });
    expect(env(stores)).toMatchObject({ DYNAMODB_PORT: '8000', S3_PORT: '4569', BUCKETS: 'codec-lab-media,codec-lab-artifacts', DATA_DIR: '/data' });
    expect(stores.spec.template.spec.containers[0].readinessProbe.httpGet.path).toBe('/readyz');
    // Its data survive a restart of the pod: a claim, mounted at DATA_DIR.
    const claim = stores.spec.template.spec.volumes.find((v: { name: string }) => v.name === 'data').persistentVolumeClaim.claimName;
    find(dev(), 'PersistentVolumeClaim', claim);
  });

  it("gives the S3RVER credentials to every pod that signs requests to dev-stores, and the analyst no model key", () => {
    const secret = byKind(dev(), 'Secret').find((s) => s.metadata.name.startsWith('dev-stores-credentials'))!;
    expect(Object.fromEntries(Object.entries(secret.data!).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]))).toEqual({ AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' });
    for (const name of ['orchestrator', 'dashboard-api', 'agent-runner']) expect(secretRefs(find(dev(), 'Deployment', name)).map((s) => s.name), name).toContain(secret.metadata.name);
    expect(secretRefs(find(dev(), 'Job', 'create-table')).map((s) => s.name)).toContain(secret.metadata.name);
    expect(secretRefs(find(dev(), 'Deployment', 'llm-analyst'))).toEqual([]);
  });

  it('creates the table with the Job, which uses the same settings as the orchestrator', () => {
    const job = find(dev(), 'Job', 'create-table');
    expect(job.spec.template.spec.containers[0].command).toContain('dist/apps/orchestrator/create-table.js');
    expect(job.spec.template.spec.containers[0].image).toBe(find(dev(), 'Deployment', 'orchestrator').spec.template.spec.containers[0].image);
    const configMaps = (o: K8sObject) => envFrom(o).flatMap((e) => (e.configMapRef ? [e.configMapRef.name] : []));
    expect(configMaps(job)).toEqual(configMaps(find(dev(), 'Deployment', 'orchestrator')));
    expect(job.spec.backoffLimit).toBeGreaterThan(0);
    expect(job.spec.ttlSecondsAfterFinished).toBeGreaterThan(0);
  });
});

describe('k8s/overlays/prod', () => {
  skipEachUnless(kubectl());
  const prod = () => render('overlays/prod');

  it('reaches AWS through IRSA roles (placeholder account), with no endpoint override and no stored keys', () => {
    for (const name of ['orchestrator', 'dashboard-api', 'agent-runner', 'create-table']) {
      expect(find(prod(), 'ServiceAccount', name).metadata.annotations?.['eks.amazonaws.com/role-arn'], name).toBe(`arn:aws:iam::111122223333:role/codec-lab-${name}`);
    }
    expect(find(prod(), 'ServiceAccount', 'llm-analyst').metadata.annotations?.['eks.amazonaws.com/role-arn']).toBeUndefined();
    const config = { ...find(prod(), 'ConfigMap', 'codec-lab-table').data, ...find(prod(), 'ConfigMap', 'codec-lab-objects').data };
    expect(config).toEqual({ DYNAMODB_TABLE: 'codeclab', S3_FORCE_PATH_STYLE: 'false' });
    expect(byKind(prod(), 'Secret')).toEqual([]);
    expect(secretRefs(find(prod(), 'Deployment', 'llm-analyst'))).toEqual([{ name: 'codec-lab-llm', optional: false }]);
    expect(secretRefs(find(prod(), 'Deployment', 'orchestrator'))).toEqual([{ name: 'codec-lab-api', optional: false }]);
  });

  it('runs two or more orchestrators, scales the runners on CPU, and lets one pod of each be evicted at a time', () => {
    expect(find(prod(), 'Deployment', 'orchestrator').spec.replicas).toBeGreaterThanOrEqual(2);
    const hpa = find(prod(), 'HorizontalPodAutoscaler', 'agent-runner');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'agent-runner' });
    expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
    expect(find(prod(), 'Deployment', 'agent-runner').spec.replicas).toBeUndefined();
    for (const d of byKind(prod(), 'Deployment')) {
      const pdbs = byKind(prod(), 'PodDisruptionBudget').filter((p) => selects(p.spec.selector, d.spec.template.metadata.labels));
      expect(pdbs.map((p) => p.spec.maxUnavailable), d.metadata.name).toEqual([1]);
    }
  });

  it('scrapes each service once on its metrics port through a ServiceMonitor', () => {
    const objects = prod();
    for (const name of SERVICES) {
      const pod = find(objects, 'Deployment', name).spec.template;
      const metricsPort = Number(pod.metadata.annotations['prometheus.io/port']);
      const scraped = byKind(objects, 'ServiceMonitor').flatMap((m) =>
        byKind(objects, 'Service')
          .filter((s) => selects(m.spec.selector, s.metadata.labels) && selects({ matchLabels: s.spec.selector }, pod.metadata.labels))
          .flatMap((s) => m.spec.endpoints.map((e: { port: string }) => s.spec.ports.find((p: { name: string }) => p.name === e.port))),
      );
      expect(scraped.map((p: { port: number }) => p.port), name).toEqual([metricsPort]);
    }
  });

  it("provisions the Grafana dashboard from k8s/monitoring's JSON for Grafana's sidecar", () => {
    const dashboard = find(prod(), 'ConfigMap', 'grafana-dashboard-codec-lab');
    expect(dashboard.metadata.labels?.['grafana_dashboard']).toBe('1');
    expect(dashboard.data!['grafana-dashboard-codec-lab.json']).toBe(readFileSync(join(K8S, 'monitoring', 'grafana-dashboard-codec-lab.json'), 'utf8'));
  });
});

describe('k8s/components/gpu-runners', () => {
  skipEachUnless(kubectl());

  for (const overlay of ['dev', 'prod']) {
    it(`${overlay}: a runner on one NVENC-capable GPU, the same image, where the orchestrator sends experiments`, () => {
      const objects = render(`overlays/${overlay}`, ['components/gpu-runners']);
      const gpu = find(objects, 'Deployment', 'agent-runner-gpu');
      const pod = gpu.spec.template.spec;
      expect(pod.containers[0].resources.limits['nvidia.com/gpu']).toBe(1);
      expect(pod.tolerations).toContainEqual(expect.objectContaining({ key: 'nvidia.com/gpu', operator: 'Exists' }));
      const [term] = pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
      const products = term.matchExpressions.find((e: { key: string }) => e.key === 'nvidia.com/gpu.product');
      expect(products.operator).toBe('In');
      expect(products.values).toEqual(expect.arrayContaining(['NVIDIA-L4', 'Tesla-T4', 'NVIDIA-A10G', 'NVIDIA-L40S']));
      // No NVENC on these: the runner would offer no hardware encoder there.
      for (const product of products.values as string[]) expect(product).not.toMatch(/A100|H100|H200/);
      expect(env(gpu)).toMatchObject({ NVIDIA_DRIVER_CAPABILITIES: 'compute,video,utility', MAX_CONCURRENT: expect.any(String) });
      expect(pod.containers[0].image).toBe(find(objects, 'Deployment', 'agent-runner').spec.template.spec.containers[0].image);
      expect(env(find(objects, 'Deployment', 'orchestrator')).RUNNER_ADDR).toBe('dns:///agent-runner-gpu:50052');
      const orchestratorEnv = find(objects, 'Deployment', 'orchestrator').spec.template.spec.containers[0].env as { name: string }[];
      expect(orchestratorEnv.filter((e) => e.name === 'RUNNER_ADDR')).toHaveLength(1);
      expect(env(find(objects, 'Deployment', 'dashboard-api')).RUNNER_ADDR).toBe('dns:///agent-runner:50052');
      const service = find(objects, 'Service', 'agent-runner-gpu');
      expect(service.spec.clusterIP).toBe('None');
      expect(selects({ matchLabels: service.spec.selector }, gpu.spec.template.metadata.labels)).toBe(true);
      expect(podTemplates(objects).length).toBeGreaterThan(5);
    });
  }
});
