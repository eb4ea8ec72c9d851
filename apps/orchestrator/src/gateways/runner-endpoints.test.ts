import { describe, expect, it } from 'vitest';
import { parseRunnerAddr, resolveEndpoints, type Lookup } from './runner-endpoints.ts';

// RUNNER_ADDR in every form the orchestrator documents, and what the pool resolves it to.

const lookupOf =
  (answers: Record<string, { address: string; family: number }[]>): Lookup =>
  async (host) => {
    const found = answers[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found;
  };

describe('RUNNER_ADDR', () => {
  it('reads ipv4: and ipv6: lists as fixed endpoints, each with a target of its own', () => {
    expect(parseRunnerAddr('ipv4:127.0.0.1:50052,10.0.0.7:6000')).toEqual({
      kind: 'static',
      endpoints: [
        { key: '127.0.0.1:50052', target: 'ipv4:127.0.0.1:50052' },
        { key: '10.0.0.7:6000', target: 'ipv4:10.0.0.7:6000' },
      ],
    });
    expect(parseRunnerAddr('ipv6:[::1]:50052,[fd00::2]:7')).toEqual({
      kind: 'static',
      endpoints: [
        { key: '[::1]:50052', target: 'ipv6:[::1]:50052' },
        { key: '[fd00::2]:7', target: 'ipv6:[fd00::2]:7' },
      ],
    });
    expect(parseRunnerAddr('ipv4:10.0.0.1')).toEqual({ kind: 'static', endpoints: [{ key: '10.0.0.1:443', target: 'ipv4:10.0.0.1:443' }] });
  });

  it('reads dns: targets and plain names as names to resolve, and IP literals as one endpoint', () => {
    expect(parseRunnerAddr('dns:///agent-runner:50052')).toEqual({ kind: 'dns', host: 'agent-runner', port: 50052 });
    expect(parseRunnerAddr('dns://8.8.8.8/agent-runner.lab.svc:50052')).toEqual({ kind: 'dns', host: 'agent-runner.lab.svc', port: 50052 });
    expect(parseRunnerAddr('dns:agent-runner:1')).toEqual({ kind: 'dns', host: 'agent-runner', port: 1 });
    expect(parseRunnerAddr('localhost:50052')).toEqual({ kind: 'dns', host: 'localhost', port: 50052 });
    expect(parseRunnerAddr('127.0.0.1:50052')).toEqual({ kind: 'static', endpoints: [{ key: '127.0.0.1:50052', target: 'ipv4:127.0.0.1:50052' }] });
    expect(parseRunnerAddr('[::1]:50052')).toEqual({ kind: 'static', endpoints: [{ key: '[::1]:50052', target: 'ipv6:[::1]:50052' }] });
    expect(parseRunnerAddr('unix:/run/runner.sock')).toEqual({ kind: 'static', endpoints: [{ key: 'unix:/run/runner.sock', target: 'unix:/run/runner.sock' }] });
  });

  it('refuses what it cannot read, naming it', () => {
    expect(() => parseRunnerAddr('ipv4:')).toThrow(/lists no address/);
    expect(() => parseRunnerAddr('ipv4:runner:50052')).toThrow(/"runner:50052" is not an ipv4 address/);
    expect(() => parseRunnerAddr('ipv6:127.0.0.1:1')).toThrow(/not an ipv6 address/);
    expect(() => parseRunnerAddr('runner:port')).toThrow(/not host:port/);
    expect(() => parseRunnerAddr('runner:70000')).toThrow(/not host:port/);
  });

  it('resolves a name to every address it has now, once each, sorted; nothing for a name without addresses', async () => {
    const lookup = lookupOf({
      'agent-runner': [
        { address: '10.1.0.9', family: 4 },
        { address: '10.1.0.3', family: 4 },
        { address: '10.1.0.9', family: 4 },
      ],
      localhost: [
        { address: '127.0.0.1', family: 4 },
        { address: '::1', family: 6 },
      ],
    });
    expect(await resolveEndpoints(parseRunnerAddr('dns:///agent-runner:50052'), lookup)).toEqual([
      { key: '10.1.0.3:50052', target: 'ipv4:10.1.0.3:50052' },
      { key: '10.1.0.9:50052', target: 'ipv4:10.1.0.9:50052' },
    ]);
    expect((await resolveEndpoints(parseRunnerAddr('localhost:50052'), lookup)).map((e) => e.target)).toEqual(['ipv4:127.0.0.1:50052', 'ipv6:[::1]:50052']);
    expect(await resolveEndpoints(parseRunnerAddr('dns:///scaled-to-zero:50052'), lookup)).toEqual([]);
    await expect(resolveEndpoints({ kind: 'dns', host: 'x', port: 1 }, async () => Promise.reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })))).rejects.toThrow('timeout');
    expect(await resolveEndpoints(parseRunnerAddr('ipv4:1.2.3.4:5'), lookup)).toEqual([{ key: '1.2.3.4:5', target: 'ipv4:1.2.3.4:5' }]);
  });
});
