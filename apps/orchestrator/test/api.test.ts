import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign, CampaignSummary, Experiment } from '@codec-lab/domain';
import { post, startOrchestratorStack, startRunnerProcess, TINY } from './support.ts';

// The public REST API over real HTTP: OpenAPI, Idempotency-Key, bearer auth, rate limiting,
// server-sent events and single experiments, with a real agent-runner and dynalite.

const TOKEN = 'test-token-0123456789';
let runner: Awaited<ReturnType<typeof startRunnerProcess>>;
let stack: Awaited<ReturnType<typeof startOrchestratorStack>>;

beforeAll(async () => {
  runner = await startRunnerProcess();
  stack = await startOrchestratorStack(runner.addr, { API_TOKEN: TOKEN });
});

afterAll(async () => {
  await stack?.stop();
  runner?.stop();
});

const auth = { authorization: `Bearer ${TOKEN}` };
const CAMPAIGN = { source: TINY, objective: { targetBitrateMbps: 0.06 }, maxExperiments: 2 };

async function finished(id: string): Promise<Campaign> {
  for (;;) {
    const campaign = (await (await fetch(`${stack.base}/v1/campaigns/${id}`)).json()) as Campaign;
    if (!['queued', 'running'].includes(campaign.status)) return campaign;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('orchestrator REST API', () => {
  it('serves its OpenAPI document and a docs page', async () => {
    const spec = (await (await fetch(`${stack.base}/docs/json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/v1/campaigns', '/v1/campaigns/{id}', '/v1/campaigns/{id}/experiments', '/v1/campaigns/{id}/cancel', '/v1/campaigns/{id}/events', '/v1/experiments']),
    );
    // The docs say what the numbers are: bitrate over the video's own duration, ffmpeg's average PSNR.
    const experiments = JSON.stringify(spec.paths['/v1/campaigns/{id}/experiments']);
    expect(experiments).toContain("over its video stream's own duration");
    expect(experiments).toContain('the PSNR of the pixel-weighted mean squared error of Y, U and V over all frames');
    expect(JSON.stringify(spec.paths['/v1/campaigns/{id}'])).toContain('`closest` names the experiment nearest the target bitrate');
    // Every answer has its schema in the document: the campaign with its summary nested under `summary`.
    type Operation = { responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }> };
    const standing = (spec.paths['/v1/campaigns/{id}'] as { get: Operation }).get.responses['200']?.content?.['application/json']?.schema.properties;
    expect(Object.keys(standing ?? {})).toEqual(expect.arrayContaining(['id', 'status', 'sourceDescription', 'summary', 'progress']));
    expect(Object.keys((standing?.['summary'] as { properties: object }).properties)).toEqual(expect.arrayContaining(['experiments', 'best', 'closest', 'metObjective', 'arms']));
    const docs = await fetch(`${stack.base}/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });

  it('requires the bearer token on mutating endpoints, and only there', async () => {
    expect((await post(`${stack.base}/v1/campaigns`, CAMPAIGN)).status).toBe(401);
    const wrong = await post(`${stack.base}/v1/campaigns`, CAMPAIGN, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('ERR_UNAUTHORIZED');
    expect((await fetch(`${stack.base}/v1/campaigns`)).status).toBe(200);
  });

  it('creates once per Idempotency-Key: same key, same answer; same key, other body: 409', async () => {
    const headers = { ...auth, 'idempotency-key': 'retry-me-42' };
    const first = await post(`${stack.base}/v1/campaigns`, CAMPAIGN, headers);
    const again = await post(`${stack.base}/v1/campaigns`, CAMPAIGN, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const misuse = await post(`${stack.base}/v1/campaigns`, { ...CAMPAIGN, maxExperiments: 3 }, headers);
    expect(misuse.status).toBe(409);
    expect(misuse.body.error.code).toBe('ERR_IDEMPOTENCY_KEY_REUSED');
    const list = (await (await fetch(`${stack.base}/v1/campaigns?limit=100`)).json()) as { items: Campaign[] };
    expect(list.items.filter((c) => c.id === first.body.id)).toHaveLength(1);
    await finished(first.body.id);
  });

  it('streams a campaign as server-sent events until it finishes', async () => {
    const created = await post(`${stack.base}/v1/campaigns`, CAMPAIGN, auth);
    const response = await fetch(`${stack.base}/v1/campaigns/${created.body.id}/events`);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text(); // ends when the campaign does
    const types = [...text.matchAll(/^event: (.+)$/gm)].map((m) => m[1]);
    expect(types[0]).toBe('campaign');
    expect(types.at(-1)).toBe('campaign-finished');
    for (const type of ['experiment-queued', 'experiment-started', 'progress', 'experiment-finished', 'analysis']) expect(types).toContain(type);
    const finishedEvent = JSON.parse(text.trim().split('\n').at(-1)!.replace(/^data: /, '')) as { status: string };
    expect(finishedEvent.status).toBe('succeeded');
    // A finished campaign's stream says so at once and ends.
    const late = await (await fetch(`${stack.base}/v1/campaigns/${created.body.id}/events`)).text();
    expect([...late.matchAll(/^event: (.+)$/gm)].map((m) => m[1])).toEqual(['campaign', 'campaign-finished']);
    expect((await fetch(`${stack.base}/v1/campaigns/00000000-0000-4000-8000-000000000000/events`)).status).toBe(404);
  });

  it('runs one experiment with an explicit config, labelled user', async () => {
    const config = { strategy: 'codec', encoder: 'libx265', preset: 'fast', rateControl: { mode: 'crf', crf: 30 }, gop: 15 };
    const created = await post(`${stack.base}/v1/experiments`, { source: TINY, config, objective: { targetBitrateMbps: 0.05 } }, auth);
    expect(created.status).toBe(201);
    expect((await finished(created.body.id)).status).toBe('succeeded');
    const { items } = (await (await fetch(`${stack.base}/v1/campaigns/${created.body.id}/experiments`)).json()) as { items: Experiment[] };
    expect(items).toHaveLength(1);
    expect(items[0]!.proposal.origin).toBe('user');
    expect(items[0]!.config).toMatchObject(config);
    expect(items[0]!.result?.frames).toBe(30);
    // The summary is nested under `summary`, the same shape dashboard-api serves.
    const shown = (await (await fetch(`${stack.base}/v1/campaigns/${created.body.id}`)).json()) as Campaign & { summary: CampaignSummary };
    expect(shown.summary.experiments).toEqual({ total: 1, succeeded: 1, failed: 0, pending: 0 });
    expect(shown.summary.best ?? shown.summary.closest).toMatchObject({ seq: 1, label: 'libx265 fast crf 30 gop 15' });
    const bad = await post(`${stack.base}/v1/experiments`, { source: TINY, config: { ...config, crf: 3 }, objective: { targetBitrateMbps: 0.05 } }, auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.join('\n')).toMatch(/config: Unrecognized key: "crf"/);
  });

  it('answers unknown ids with 404 and cancelling a finished campaign with 409', async () => {
    expect((await fetch(`${stack.base}/v1/campaigns/3f0c6a52-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await fetch(`${stack.base}/v1/campaigns/not..an..id`)).status).toBe(400);
    const created = await post(`${stack.base}/v1/campaigns`, { ...CAMPAIGN, maxExperiments: 1 }, auth);
    await finished(created.body.id);
    expect((await post(`${stack.base}/v1/campaigns/${created.body.id}/cancel`, {}, auth)).status).toBe(409);
  });
});

describe('rate limiting', () => {
  it('answers 429 past the limit, and never limits the ops endpoints', async () => {
    const limited = await startOrchestratorStack(runner.addr, { RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push((await fetch(`${limited.base}/v1/campaigns`)).status);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).toEqual([429, 429]);
      const body = (await (await fetch(`${limited.base}/v1/campaigns`)).json()) as { error: { code: string } };
      expect(body.error.code).toBe('ERR_RATE_LIMITED');
      for (let i = 0; i < 10; i++) expect((await fetch(`${limited.base}/metrics`)).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});
