import { credentials } from '@grpc/grpc-js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContracts, type LlmAnalystClient, type WireAnalysisOutput, type WireProposeResponseOutput } from '@codec-lab/contracts';
import type { CampaignContext } from '@codec-lab/domain';
import { analysisFromWire, callUnary, contextToWire, proposalFromWire } from '@codec-lab/rpc';
import { startAnalyst, type AnalystApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { campaign, llmAnswer } from './support/campaign.ts';
import { expectRunnable } from './support/expect-runnable.ts';
import { completion, startFakeOpenAi, type FakeOpenAi } from './support/fake-openai.ts';

// llm-analyst over real gRPC, as the orchestrator calls it, with the language model behind a local
// OpenAI-compatible server: what reaches the orchestrator is validated and labelled.

const SECRET = 'sk-test-do-not-log-0123456789';
const logLines: string[] = [];
let fake: FakeOpenAi;
let withLlm: AnalystApp;
let withoutLlm: AnalystApp;
const clients: LlmAnalystClient[] = [];

async function start(env: Record<string, string>): Promise<AnalystApp> {
  const config = loadConfig({ HOST: '127.0.0.1', GRPC_PORT: '0', HTTP_PORT: '0', SHUTDOWN_GRACE_MS: '100', ...env });
  return startAnalyst(config, pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) }));
}

function client(app: AnalystApp): LlmAnalystClient {
  const proto = loadContracts();
  const c = new proto.codeclab.v1.LlmAnalyst(`127.0.0.1:${app.grpc.port}`, credentials.createInsecure()) as LlmAnalystClient;
  clients.push(c);
  return c;
}

async function propose(c: LlmAnalystClient, context: CampaignContext) {
  const wire = await callUnary<object, WireProposeResponseOutput>({
    client: c,
    service: 'codeclab.v1.LlmAnalyst',
    method: 'Propose',
    fn: c.Propose,
    request: { context: contextToWire(context), rejected: [] },
    deadlineMs: 10_000,
  });
  if (wire.outcome === 'stop') return { kind: 'stop' as const, reason: wire.stop ?? '' };
  return { kind: 'proposal' as const, proposal: proposalFromWire(wire.proposal) };
}

async function analyze(c: LlmAnalystClient, context: CampaignContext, seq: number) {
  const wire = await callUnary<object, WireAnalysisOutput>({
    client: c,
    service: 'codeclab.v1.LlmAnalyst',
    method: 'Analyze',
    fn: c.Analyze,
    request: { context: contextToWire(context), seq },
    deadlineMs: 10_000,
  });
  return analysisFromWire(wire);
}

beforeAll(async () => {
  fake = await startFakeOpenAi();
  withLlm = await start({ OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: SECRET, OPENAI_MODEL: 'fake-model', LLM_TIMEOUT_MS: '2000' });
  withoutLlm = await start({});
});

afterAll(async () => {
  for (const c of clients) c.close();
  await withLlm.close();
  await withoutLlm.close();
  await fake.close();
});

describe('llm-analyst over gRPC with an OpenAI-compatible endpoint', () => {
  it('answers an llm campaign with the model proposal and analysis, provenance intact', async () => {
    const c = client(withLlm);
    fake.script(completion(llmAnswer(), { promptTokens: 90, completionTokens: 30 }));
    const proposed = await propose(c, campaign('llm'));
    const proposal = expectRunnable(proposed, campaign('llm'));
    expect(proposal).toMatchObject({ origin: 'llm', model: 'fake-model', tokens: 120, rawOutput: llmAnswer(), validationErrors: [] });
    expect(proposal.latencyMs).toBeGreaterThan(0);
    expect(fake.received[0]!.authorization).toBe(`Bearer ${SECRET}`);

    fake.script(completion(JSON.stringify({ summary: 'Measured 0.230 Mbps.', rootCause: 'CRF 28.', insights: [], nextStep: 'CRF 30.' })));
    const analysis = await analyze(c, campaign('llm'), 2);
    expect(analysis).toMatchObject({ summary: 'Measured 0.230 Mbps.', origin: 'llm', model: 'fake-model', tokens: 150 });
  });

  it('keeps the validation errors and the fallback reason across the wire', async () => {
    const c = client(withLlm);
    fake.script(completion(llmAnswer({ crf: 99 })));
    const proposal = expectRunnable(await propose(c, campaign('llm')), campaign('llm'));
    expect(proposal.origin).toBe('fallback');
    expect(proposal.fallbackReason).toMatch(/^semantic_invalid: /);
    expect(proposal.validationErrors).toContain('answer: config.crf: libx264 CRF must be between 0 and 51');
    expect(proposal.rawOutput).toContain('"crf":99');
  });

  it('serves planner campaigns with the planner, without asking the model', async () => {
    const c = client(withLlm);
    fake.script(completion(llmAnswer()));
    const proposal = expectRunnable(await propose(c, campaign('planner')), campaign('planner'));
    expect(proposal.origin).toBe('planner');
    expect((await analyze(c, campaign('planner'), 2)).origin).toBe('planner');
    expect(fake.received).toHaveLength(0);
  });

  it('labels the planner as fallback for llm campaigns when no endpoint is configured', async () => {
    const c = client(withoutLlm);
    const proposal = expectRunnable(await propose(c, campaign('llm')), campaign('llm'));
    expect(proposal).toMatchObject({ origin: 'fallback', fallbackReason: expect.stringMatching(/^not_configured: no LLM endpoint configured/) });
    const analysis = await analyze(c, campaign('llm'), 2);
    expect(analysis).toMatchObject({ origin: 'fallback', fallbackReason: expect.stringMatching(/^not_configured: /) });
  });

  it('exports the LLM metrics and never logs the key', async () => {
    const text = await (await fetch(`http://127.0.0.1:${withLlm.httpPort}/metrics`)).text();
    expect(text).toMatch(/codeclab_llm_requests_total\{kind="propose",outcome="ok",service="llm-analyst"\} 1/);
    expect(text).toMatch(/codeclab_llm_tokens_total\{kind="propose",direction="completion",service="llm-analyst"\} \d+/);
    expect(text).toMatch(/codeclab_analyst_fallbacks_total\{kind="propose",reason="semantic_invalid",service="llm-analyst"\} 1/);
    expect(text).toContain('codeclab_llm_request_seconds_bucket');
    // Each answer counts under the backend that really gave it (the model, the planner standing in
    // for it, the planner of a planner campaign), never under the router in front of them.
    const proposals = (backend: string, origin: string) => new RegExp(`codeclab_analyst_proposals_total\\{backend="${backend}",origin="${origin}",service="llm-analyst"\\} 1\n`);
    expect(text).toMatch(proposals('openai', 'llm'));
    expect(text).toMatch(proposals('fallback', 'fallback'));
    expect(text).toMatch(proposals('planner', 'planner'));
    expect(text).not.toMatch(/codeclab_analyst_proposals_total\{backend="openai",origin="(planner|fallback)"/);
    expect(text).toMatch(/codeclab_analyst_analysis_seconds_count\{service="llm-analyst",backend="planner",origin="planner"\} 1\n/);
    expect(text).toMatch(/codeclab_analyst_analysis_seconds_count\{service="llm-analyst",backend="openai",origin="llm"\} 1\n/);
    expect(logLines.join('')).toContain('language-model analyst enabled');
    expect(logLines.join('')).not.toContain(SECRET);
  });
});
