import { describe, expect, it } from 'vitest';
import { skipEachUnless } from '@codec-lab/testing';
import { byKind, kubectl, render, selects, type K8sObject } from './k8s-render.ts';

// prod's NetworkPolicies, evaluated as the API defines them: a pod selected by some policy of a
// direction admits only what one of their rules allows; traffic passes when the source's egress and
// the destination's ingress both allow it.
type Endpoint = { pod?: Record<string, string>; namespace?: Record<string, string>; ip: string };
type Rule = { from?: Peer[]; to?: Peer[]; ports?: { protocol?: string; port?: number }[] };
type Peer = { podSelector?: Parameters<typeof selects>[0]; namespaceSelector?: Parameters<typeof selects>[0]; ipBlock?: { cidr: string; except?: string[] } };

const ipNumber = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
const inCidr = (ip: string, cidr: string) => {
  const [net, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipNumber(ip) / size) === Math.floor(ipNumber(net!) / size);
};
const NS = { 'kubernetes.io/metadata.name': 'codec-lab' };

function peerMatches(peer: Peer, other: Endpoint): boolean {
  if (peer.ipBlock) return !other.pod && inCidr(other.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(other.ip, c));
  if (!other.pod) return false;
  const namespace = other.namespace ?? NS;
  const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, namespace) : namespace === NS || namespace['kubernetes.io/metadata.name'] === 'codec-lab';
  const podOk = peer.podSelector ? selects(peer.podSelector, other.pod) : true;
  return nsOk && podOk;
}

function admits(policies: K8sObject[], self: Endpoint, direction: 'Ingress' | 'Egress', other: Endpoint, port: number, protocol: string): boolean {
  if (!self.pod || (self.namespace && self.namespace !== NS)) return true; // outside codec-lab: not ours to police
  const selecting = policies.filter((p) => (p.spec.policyTypes as string[]).includes(direction) && selects(p.spec.podSelector, self.pod));
  if (selecting.length === 0) return true;
  return selecting.some((p) =>
    ((direction === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []).some((rule: Rule) => {
      const peers = direction === 'Ingress' ? rule.from : rule.to;
      const peerOk = !peers || peers.some((peer) => peerMatches(peer, other));
      const portOk = !rule.ports || rule.ports.some((p) => (p.protocol ?? 'TCP') === protocol && (p.port === undefined || p.port === port));
      return peerOk && portOk;
    }),
  );
}

const pod = (name: string, extra: Record<string, string> = {}): Endpoint => ({ pod: { 'app.kubernetes.io/name': name, ...extra }, ip: '10.1.2.3' });
const PODS = {
  orchestrator: pod('orchestrator'),
  dashboard: pod('dashboard-api'),
  analyst: pod('llm-analyst'),
  runner: pod('agent-runner', { 'codec-lab/role': 'runner' }),
  gpuRunner: pod('agent-runner-gpu', { 'codec-lab/role': 'runner' }),
  job: pod('create-table'),
};
const prometheus: Endpoint = { pod: { 'app.kubernetes.io/name': 'prometheus' }, namespace: { 'kubernetes.io/metadata.name': 'monitoring' }, ip: '10.9.9.9' };
const stranger: Endpoint = { pod: { app: 'something-else' }, namespace: { 'kubernetes.io/metadata.name': 'default' }, ip: '10.8.8.8' };
const kubeDns: Endpoint = { pod: { 'k8s-app': 'kube-dns' }, namespace: { 'kubernetes.io/metadata.name': 'kube-system' }, ip: '10.0.0.10' };
const INTERNET = { ip: '140.82.112.3' };
const S3 = { ip: '192.0.2.10' }; // the placeholder ranges of network-policies.yaml
const DYNAMODB = { ip: '198.51.100.10' };
const STS = { ip: '203.0.113.10' };

describe('k8s/overlays/prod NetworkPolicies (with the GPU runners)', () => {
  skipEachUnless(kubectl());
  const policies = () => byKind(render('overlays/prod', ['components/gpu-runners']), 'NetworkPolicy');
  const allowed = (from: Endpoint, to: Endpoint, port: number, protocol = 'TCP') =>
    admits(policies(), from, 'Egress', to, port, protocol) && admits(policies(), to, 'Ingress', from, port, protocol);
  const { orchestrator, dashboard, analyst, runner, gpuRunner, job } = PODS;

  it('denies by default: a pod no rule names reaches nothing, and nothing reaches it', () => {
    expect(policies().find((p) => p.metadata.name === 'default-deny')!.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(allowed(pod('newcomer'), INTERNET, 443)).toBe(false);
    expect(allowed(orchestrator, pod('newcomer'), 8080)).toBe(false);
  });

  it('lets only the orchestrator reach the analyst, and the orchestrator and dashboard-api (stills, frames) the runners', () => {
    for (const r of [runner, gpuRunner]) {
      expect(allowed(orchestrator, r, 50052)).toBe(true);
      expect(allowed(dashboard, r, 50052)).toBe(true);
      expect(allowed(analyst, r, 50052)).toBe(false);
      expect(allowed(stranger, r, 50052)).toBe(false);
    }
    expect(allowed(orchestrator, analyst, 50051)).toBe(true);
    for (const other of [dashboard, runner, gpuRunner, stranger]) expect(allowed(other, analyst, 50051)).toBe(false);
  });

  it('lets only the analyst reach the internet, and nothing private from there', () => {
    expect(allowed(analyst, INTERNET, 443)).toBe(true);
    expect(allowed(analyst, { ip: '10.0.5.5' }, 443)).toBe(false);
    expect(allowed(analyst, { ip: '169.254.169.254' }, 443)).toBe(false);
    expect(allowed(analyst, INTERNET, 80)).toBe(false);
    for (const other of [orchestrator, dashboard, runner, gpuRunner, job]) expect(allowed(other, INTERNET, 443)).toBe(false);
  });

  it('lets the runners and dashboard-api (artifacts) reach S3, the orchestrator, dashboard-api and the Job DynamoDB, and each of them STS', () => {
    for (const p of [runner, gpuRunner, dashboard]) expect(allowed(p, S3, 443)).toBe(true);
    expect(allowed(orchestrator, S3, 443)).toBe(false);
    expect(allowed(job, S3, 443)).toBe(false);
    for (const p of [orchestrator, dashboard, job]) expect(allowed(p, DYNAMODB, 443)).toBe(true);
    for (const p of [runner, gpuRunner]) expect(allowed(p, DYNAMODB, 443)).toBe(false);
    for (const p of [orchestrator, dashboard, runner, gpuRunner, job]) expect(allowed(p, STS, 443)).toBe(true);
  });

  it('lets every pod resolve names, and Prometheus (namespace monitoring) alone scrape the metrics ports', () => {
    for (const p of Object.values(PODS)) {
      expect(allowed(p, kubeDns, 53, 'UDP')).toBe(true);
      expect(allowed(p, kubeDns, 53, 'TCP')).toBe(true);
    }
    for (const [p, port] of [[orchestrator, 8080], [dashboard, 8081], [analyst, 9101], [runner, 9102], [gpuRunner, 9102]] as const) {
      expect(allowed(prometheus, p, port)).toBe(true);
    }
    for (const [p, port] of [[analyst, 9101], [runner, 9102]] as const) expect(allowed(stranger, p, port)).toBe(false);
  });

  it('opens the two HTTP APIs to clients', () => {
    expect(allowed(stranger, orchestrator, 8080)).toBe(true);
    expect(allowed(stranger, dashboard, 8081)).toBe(true);
    expect(allowed(stranger, orchestrator, 9999)).toBe(false);
  });
});
