import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** One agent-runner address: `key` names it (`127.0.0.1:50052`, `[::1]:50052`), `target` is its own gRPC channel's. */
export interface Endpoint {
  readonly key: string;
  readonly target: string;
}

/**
 * RUNNER_ADDR as the pool reads it: fixed endpoints (`ipv4:`/`ipv6:` lists, IP literals, `unix:`
 * paths), or a name resolved again on every refresh (`dns:///name:port`, or a plain `name:port`,
 * which gRPC resolves by DNS too): each address a name resolves to is a runner.
 */
export type RunnerTargets = { readonly kind: 'static'; readonly endpoints: readonly Endpoint[] } | { readonly kind: 'dns'; readonly host: string; readonly port: number };

/** gRPC's default port where a target names none. */
const DEFAULT_PORT = 443;

export type Lookup = (host: string, options: { all: true }) => Promise<{ address: string; family: number }[]>;

function endpointOf(address: string, port: number): Endpoint {
  return isIP(address) === 6 ? { key: `[${address}]:${port}`, target: `ipv6:[${address}]:${port}` } : { key: `${address}:${port}`, target: `ipv4:${address}:${port}` };
}

/** `host`, `host:port`, `[v6]`, `[v6]:port`; a bare IPv6 address without brackets has no port. */
function splitHostPort(text: string, what: string): { host: string; port: number } {
  let host = text;
  let port: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) [, host = '', port] = bracketed;
  else if (isIP(text) !== 6) {
    const colon = text.lastIndexOf(':');
    if (colon >= 0) [host, port] = [text.slice(0, colon), text.slice(colon + 1)];
  }
  const number = port === undefined ? DEFAULT_PORT : Number(port);
  if (!host || !Number.isInteger(number) || number < 1 || number > 65535 || (port !== undefined && !/^\d+$/.test(port))) {
    throw new Error(`RUNNER_ADDR: "${what}" is not host:port`);
  }
  return { host, port: number };
}

/** Reads RUNNER_ADDR; throws naming what it cannot read. */
export function parseRunnerAddr(addr: string): RunnerTargets {
  const value = addr.trim();
  const scheme = /^(ipv4|ipv6|dns|unix|unix-abstract):/.exec(value)?.[1];
  if (scheme === 'ipv4' || scheme === 'ipv6') {
    const endpoints = value
      .slice(scheme.length + 1)
      .split(',')
      .filter((part) => part.trim() !== '')
      .map((part) => {
        const { host, port } = splitHostPort(part.trim(), part);
        if (isIP(host) !== (scheme === 'ipv4' ? 4 : 6)) throw new Error(`RUNNER_ADDR: "${part}" is not an ${scheme} address`);
        return endpointOf(host, port);
      });
    if (endpoints.length === 0) throw new Error(`RUNNER_ADDR: "${addr}" lists no address`);
    return { kind: 'static', endpoints };
  }
  if (scheme === 'unix' || scheme === 'unix-abstract') return { kind: 'static', endpoints: [{ key: value, target: value }] };
  // dns:host:port, dns:///host:port, dns://authority/host:port: the authority (a DNS server) is not ours to pick.
  const name = scheme === 'dns' ? value.slice(4).replace(/^\/\/[^/]*\//, '') : value;
  const { host, port } = splitHostPort(name, addr);
  if (isIP(host)) return { kind: 'static', endpoints: [endpointOf(host, port)] };
  return { kind: 'dns', host, port };
}

/**
 * The endpoints RUNNER_ADDR names now, sorted by key: a name's every address (IPv4 and IPv6, as
 * getaddrinfo answers, so /etc/hosts and `localhost` count). A name that resolves to nothing
 * (a headless Service without a ready pod) is no endpoint; other resolution errors are thrown.
 */
export async function resolveEndpoints(targets: RunnerTargets, lookup: Lookup = dnsLookup as Lookup): Promise<Endpoint[]> {
  if (targets.kind === 'static') return [...targets.endpoints];
  let addresses: { address: string }[];
  try {
    addresses = await lookup(targets.host, { all: true });
  } catch (error) {
    if (['ENOTFOUND', 'ENODATA'].includes((error as NodeJS.ErrnoException).code ?? '')) return [];
    throw error;
  }
  const byKey = new Map(addresses.map(({ address }) => endpointOf(address, targets.port)).map((e) => [e.key, e]));
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
