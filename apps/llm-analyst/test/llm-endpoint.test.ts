import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisSchema } from '@codec-lab/domain';
import { campaign, llmAnswer, llmBackend } from './support/campaign.ts';
import { expectRunnable } from './support/expect-runnable.ts';
import { completion, httpError, startFakeOpenAi, type FakeOpenAi } from './support/fake-openai.ts';

// The endpoint misbehaving: slow, rate limited, failing. The planner answers in time, the circuit
// breaker stops the waiting, and the endpoint gets its chance back after the cooldown.

let fake: FakeOpenAi;
const context = campaign();

beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());

describe('LLM endpoint failures', () => {
  it('gives up on a slow answer at the deadline and lets the planner answer', async () => {
    const { backend, registry } = llmBackend(fake.baseURL, { budgetMs: 300 });
    fake.script({ ...completion(llmAnswer()), delayMs: 6000 });
    const started = performance.now();
    const proposal = expectRunnable(await backend.propose(context, new Map()), context);
    const elapsed = performance.now() - started;
    expect(proposal).toMatchObject({ origin: 'fallback', fallbackReason: 'timeout: no answer within 300 ms', model: 'fake-model', tokens: 0 });
    expect(proposal.rawOutput).toBeUndefined();
    expect(proposal.latencyMs).toBeGreaterThanOrEqual(250);
    // It did not wait for the slow answer (a loose bound: the suite shares two cores with ffmpeg).
    expect(elapsed).toBeLessThan(5000);
    expect(await registry.metrics()).toContain('codeclab_llm_requests_total{kind="propose",outcome="timeout"} 1');
  });

  it('retries a 429 with backoff and uses the answer that follows', async () => {
    const { backend } = llmBackend(fake.baseURL);
    fake.script(httpError(429, 'Rate limit reached'), completion(llmAnswer()));
    const proposal = expectRunnable(await backend.propose(context, new Map()), context);
    expect(proposal).toMatchObject({ origin: 'llm', tokens: 150, validationErrors: [] });
    expect(fake.received).toHaveLength(2);
  });

  it('falls back after persistent 500s, opens the circuit, and tries again after the cooldown', async () => {
    const { backend, registry, clock } = llmBackend(fake.baseURL, { breakerFailures: 2, maxRetries: 2 });
    fake.script(httpError(500, 'upstream exploded'));
    const first = expectRunnable(await backend.propose(context, new Map()), context);
    expect(first).toMatchObject({ origin: 'fallback', fallbackReason: 'server_error: HTTP 500, retries exhausted' });
    expect(fake.received).toHaveLength(3); // one request and the SDK's two retries

    fake.script(httpError(503, 'still down'));
    await backend.propose(context, new Map());
    fake.script(completion(llmAnswer()));
    const whileOpen = expectRunnable(await backend.propose(context, new Map()), context);
    expect(whileOpen).toMatchObject({ origin: 'fallback', fallbackReason: expect.stringMatching(/^circuit_open: /) });
    expect(whileOpen.model).toBeUndefined();
    expect(fake.received).toHaveLength(0); // straight to the planner: nobody waits on a failing endpoint

    clock.t += 1000;
    const trial = expectRunnable(await backend.propose(context, new Map()), context);
    expect(trial.origin).toBe('llm');
    expect(fake.received).toHaveLength(1);
    const metrics = await registry.metrics();
    expect(metrics).toContain('codeclab_analyst_fallbacks_total{kind="propose",reason="server_error"} 2');
    expect(metrics).toContain('codeclab_analyst_fallbacks_total{kind="propose",reason="circuit_open"} 1');
    expect(metrics).toMatch(/codeclab_llm_request_seconds_count\{kind="propose"\} 3/);
  });
});

describe('LLM analysis', () => {
  const analysis = { summary: 'CRF 28 cut the bitrate by 42.5% for 2.9 dB PSNR.', rootCause: 'Coarser quantisation.', insights: ['About 6 CRF halves the rate.'], nextStep: 'Try CRF 30.' };

  it('returns the model analysis labelled llm, with tokens and latency', async () => {
    const { backend } = llmBackend(fake.baseURL);
    fake.script(completion(JSON.stringify(analysis)));
    const answer = await backend.analyze(context, 2);
    expect(AnalysisSchema.parse(answer)).toMatchObject({ ...analysis, origin: 'llm', model: 'fake-model', tokens: 150 });
    expect(answer.latencyMs).toBeGreaterThan(0);
    const prompt = fake.received[0]!.body.messages[1]!.content;
    expect(prompt).toContain('Analyse experiment 2');
    expect(prompt).toContain('Measured: experiment 2 (libx264 medium crf 28): 0.230 Mbps');
    expect(fake.received[0]!.body.response_format?.json_schema?.name).toBe('experiment_analysis');
  });

  it("falls back to the planner's analysis when the answer and its repair break the schema", async () => {
    const { backend } = llmBackend(fake.baseURL);
    fake.script(completion(JSON.stringify({ ...analysis, insights: 'one string, not a list' })));
    const answer = await backend.analyze(context, 2);
    expect(answer).toMatchObject({ origin: 'fallback', fallbackReason: expect.stringMatching(/^schema_violation: /), model: 'fake-model', tokens: 300 });
    expect(answer.summary).toMatch(/^Experiment 2 \(libx264 medium crf 28\) measured 0\.230 Mbps/);
    expect(fake.received).toHaveLength(2);
    expect(fake.received[1]!.body.messages.at(-1)!.content).toContain('- insights: ');
  });

  it('refuses to analyse an experiment that is not in the history, without asking the model', async () => {
    const { backend } = llmBackend(fake.baseURL);
    fake.script(completion(JSON.stringify(analysis)));
    await expect(backend.analyze(context, 9)).rejects.toMatchObject({ code: 'ERR_UNKNOWN_EXPERIMENT' });
    expect(fake.received).toHaveLength(0);
  });
});
