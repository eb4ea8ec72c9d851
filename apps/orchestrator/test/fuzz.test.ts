import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '@codec-lab/planner';
import { post, startOrchestratorStack, startRunnerProcess, TINY } from './support.ts';

// Several hundred malformed or hostile requests: wrong types, huge numbers, deep nesting, unknown
// encoders, path tricks in file sources, prototype pollution, broken JSON. None may get a 5xx,
// crash the server, or create anything; the few mutations that stay valid create exactly one
// campaign each.

let stack: Awaited<ReturnType<typeof startOrchestratorStack>>;
let runner: Awaited<ReturnType<typeof startRunnerProcess>>;
beforeAll(async () => {
  // A real runner describes every source that passes the schema; it has no media roots, so no
  // file source can be accepted, and every campaign created is counted below.
  runner = await startRunnerProcess();
  stack = await startOrchestratorStack(runner.addr, { RATE_LIMIT_PER_MINUTE: '100000' });
});
afterAll(async () => {
  await stack?.stop();
  runner?.stop();
});

const VALID = { source: TINY, objective: { targetBitrateMbps: 0.2, metric: 'psnr' }, maxExperiments: 3 };
const HOSTILE_VALUES: unknown[] = [
  null, true, 0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.5, '', ' ', 'x'.repeat(10_000), [], {}, [[[]]], '1e999', 'NaN',
  '../../etc/passwd', '/etc/passwd', '..', 'a/../../b.mp4', 'clip.mp4\u0000.txt', '%2e%2e%2fsecret', 'C:\\\\Windows\\\\win.ini',
  'concat:a.mp4|b.mp4', 'file:///etc/passwd', 'http://127.0.0.1/x.mp4', '-i /etc/passwd', 'clip.mp4; rm -rf /', '$(reboot)', '`id`',
  'libx264 -vf drawtext', 'libx265,scale=1:1', 'h264_nvenc', 'libvmaf', 'copy', 'rawvideo',
  { __proto__: { admin: true } }, { constructor: { prototype: { admin: true } } },
];

/** `{"a":{"a":...1...}}`, nested `depth` times, as text (JSON.stringify itself would overflow). */
function deep(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Replaces the value at one path of the valid body with a hostile one. */
function mutate(random: () => number): unknown {
  const body = structuredClone(VALID) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const paths = [
    ['source'], ['source', 'kind'], ['source', 'generator'], ['source', 'width'], ['source', 'height'], ['source', 'fps'], ['source', 'seconds'], ['source', 'path'],
    ['objective'], ['objective', 'kind'], ['objective', 'targetBitrateMbps'], ['objective', 'tolerance'], ['objective', 'metric'], ['objective', 'minQuality'],
    ['objective', 'targetQuality'], ['objective', 'maxBitrateMbps'], ['objective', 'constraints'], ['objective', 'constraints', 'encoders'],
    ['objective', 'constraints', 'encoders', '0'], ['objective', 'constraints', 'pixelFormat'], ['objective', 'constraints', 'minEncodeFps'], ['objective', 'constraints', 'maxSizeBytes'],
    ['maxExperiments'], ['analyst'], ['controlArm'], ['seed'], ['extra'],
  ];
  const path = paths[Math.floor(random() * paths.length)]!;
  const value = HOSTILE_VALUES[Math.floor(random() * HOSTILE_VALUES.length)];
  if (path[0] === 'source' && path[1] === 'path') {
    body['source'] = { kind: 'file', path: value };
    return body;
  }
  // Deeper paths start from a valid constraint list, so that only the chosen value is hostile.
  if (path[1] === 'constraints' && path.length > 2) body['objective']['constraints'] = { encoders: ['libx264'] };
  let at = body;
  for (const key of path.slice(0, -1)) at = at[key];
  at[path.at(-1)!] = value;
  return body;
}

describe('fuzzing the REST API', () => {
  it('answers every malformed body with a 4xx, never a 5xx, and creates only what was valid', async () => {
    const random = seededRandom(1234);
    const bodies: (string | unknown)[] = [
      '', '{', '{"source":', 'null', '[]', '"text"', '12', '{"__proto__":{"polluted":true}}', '\u0000\u0001', '{"a":1,"a":2}',
      deep(5000), `{"source":${deep(3000)},"objective":{"targetBitrateMbps":1},"maxExperiments":1}`, '['.repeat(20_000) + ']'.repeat(20_000), 'x'.repeat(70_000),
      ...Array.from({ length: 400 }, () => mutate(random)),
    ];
    const statuses = new Map<number, number>();
    for (const body of bodies) {
      const response = await post(`${stack.base}/v1/campaigns`, body);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      // A mutation can leave the body valid (e.g. controlArm: true); those may create a campaign.
      if (response.status < 400) continue;
      expect(response.status, JSON.stringify(body).slice(0, 200)).toBeLessThan(500);
      expect(response.body.error?.code, JSON.stringify(body).slice(0, 200)).toMatch(/^ERR_|^FST_/);
    }
    for (const route of ['/v1/experiments', '/v1/campaigns/x/cancel']) {
      for (let i = 0; i < 60; i++) {
        const response = await post(`${stack.base}${route}`, i % 2 ? mutate(random) : HOSTILE_VALUES[i % HOSTILE_VALUES.length]);
        expect(response.status).toBeLessThan(500);
      }
    }
    for (const query of ['?limit=-1', '?limit=1e9', '?limit=abc', '?cursor=%00', `?cursor=${'A'.repeat(5000)}`, '?limit=5&limit=6', '?__proto__=1']) {
      expect((await fetch(`${stack.base}/v1/campaigns${query}`)).status).toBe(400);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const created = (await (await fetch(`${stack.base}/v1/campaigns?limit=100`)).json()) as { items: unknown[] };
    expect(created.items.length).toBe(statuses.get(201) ?? 0);
    expect((await fetch(`${stack.base}/healthz`)).status).toBe(200);
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    console.log('fuzz statuses', Object.fromEntries(statuses));
  });
});
