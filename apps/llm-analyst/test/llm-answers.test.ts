import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configHash } from '@codec-lab/domain';
import type { Rejected } from '../src/backend.ts';
import { campaign, llmAnswer, llmBackend, x264, type TestBackend } from './support/campaign.ts';
import { expectRunnable } from './support/expect-runnable.ts';
import { completion, startFakeOpenAi, type FakeOpenAi } from './support/fake-openai.ts';

// What the model answers, good and bad, through the real `openai` client and a local
// OpenAI-compatible server: every proposal that comes back is runnable and says where it came from.

let fake: FakeOpenAi;
let lab: TestBackend;
const context = campaign();

beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());
beforeEach(() => {
  lab = llmBackend(fake.baseURL);
});

const propose = (rejected: Rejected = new Map()) => lab.backend.propose(context, rejected);
/** The user message of the repair request: the last message of the second request. */
const repairPrompt = () => fake.received[1]!.body.messages.at(-1)!.content;

describe('LLM proposals', () => {
  it('uses a valid answer as an llm proposal, with model, raw output, tokens and latency', async () => {
    fake.script(completion(llmAnswer(), { promptTokens: 120, completionTokens: 60 }));
    const proposal = expectRunnable(await propose(), context);
    expect(proposal).toMatchObject({ origin: 'llm', model: 'fake-model', validationErrors: [], tokens: 180, rawOutput: llmAnswer(), expectedBitrateBps: 190_000 });
    expect(proposal.fallbackReason).toBeUndefined();
    expect(proposal.latencyMs).toBeGreaterThan(0);
    expect(proposal.config).toEqual(x264(30));

    const [request] = fake.received;
    expect(fake.received).toHaveLength(1);
    expect(request!.authorization).toBe('Bearer test-key');
    expect(request!.body.model).toBe('fake-model');
    expect(request!.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'experiment_proposal', strict: true } });
    const prompt = request!.body.messages.map((m) => m.content).join('\n');
    // The objective, the capabilities, the measured history, best, Pareto front, failures and hashes.
    expect(prompt).toContain('- Objective: best PSNR within 0.2 Mbps (strictly at or under).');
    expect(prompt).toMatch(/libsvtav1 \(av1\): presets 13, 12/);
    expect(prompt).toContain('| 2 | llm | libx264 medium crf 28 | 0.230 | 37.20 | 0.9800 | n/a | 300.0 | +15.0% | misses | succeeded |');
    // The budget is strict and nothing is under it yet: no best, the closest said as such.
    expect(prompt).toContain('Best so far (the best that meets the objective)\nnone meets the objective yet; the closest to the target is experiment 2 (libx264 medium crf 28): 0.230 Mbps');
    expect(prompt).toMatch(/Pareto front\nBitrate vs PSNR[^\n]*\n- experiment 2 [^\n]*\n- experiment 1 /);
    expect(prompt).toContain('experiment 3 (libx264 slow crf 30): ERR_ENCODE_FAILED: ffmpeg exited with code 1');
    for (const entry of context.history) expect(prompt).toContain(`- ${entry.configHash.slice(0, 12)} experiment ${entry.seq}: `);
  });

  it('sends one repair for invalid JSON and falls back to the planner when the repair is no better', async () => {
    fake.script(completion('{"hypothesis": "CRF 30 sho'), completion('Sure! Here is the config: crf 30'));
    const proposal = expectRunnable(await propose(), context);
    expect(proposal.origin).toBe('fallback');
    expect(proposal.fallbackReason).toMatch(/^invalid_json: /);
    expect(proposal.validationErrors).toEqual([expect.stringMatching(/^answer: \(root\): not valid JSON/), expect.stringMatching(/^repair: \(root\): not valid JSON/)]);
    expect(proposal.rawOutput).toBe('{"hypothesis": "CRF 30 sho\n--- repair ---\nSure! Here is the config: crf 30');
    expect(proposal).toMatchObject({ model: 'fake-model', tokens: 300 });
    expect(fake.received).toHaveLength(2);
    expect(fake.received[1]!.body.messages.at(-2)).toEqual({ role: 'assistant', content: '{"hypothesis": "CRF 30 sho' });
    expect(repairPrompt()).toContain('- (root): not valid JSON');
    const metrics = await lab.registry.metrics();
    expect(metrics).toContain('codeclab_analyst_fallbacks_total{kind="propose",reason="invalid_json"} 1');
    expect(metrics).toContain('codeclab_llm_requests_total{kind="propose_repair",outcome="invalid_json"} 1');
    expect(metrics).toContain('codeclab_llm_tokens_total{kind="propose",direction="prompt"} 100');
  });

  it('accepts a repaired answer after a schema violation, keeping the first errors', async () => {
    const missingRateMode = JSON.parse(llmAnswer()) as { config: Record<string, unknown> };
    delete missingRateMode.config['rateMode'];
    fake.script(completion(JSON.stringify({ ...missingRateMode, hypothesis: 42 })), completion(llmAnswer()));
    const proposal = expectRunnable(await propose(), context);
    expect(proposal.origin).toBe('llm');
    expect(proposal.validationErrors).toEqual([expect.stringMatching(/^answer: hypothesis: /), expect.stringMatching(/^answer: config\.rateMode: /)]);
    expect(repairPrompt()).toMatch(/- hypothesis: .*\n- config\.rateMode: /);
    expect(proposal.tokens).toBe(300);
  });

  it('falls back with schema_violation when the repair still does not match the schema', async () => {
    fake.script(completion('{"hypothesis":"h"}'));
    const proposal = expectRunnable(await propose(), context);
    expect(proposal).toMatchObject({ origin: 'fallback', fallbackReason: expect.stringMatching(/^schema_violation: /) });
    expect(proposal.validationErrors.some((e) => e.startsWith('repair: rationale:'))).toBe(true);
  });

  it('refuses out-of-range values for the encoder and an unavailable encoder, quoting the domain rules back', async () => {
    fake.script(
      completion(llmAnswer({ crf: 70, options: [{ name: 'refs', value: 40 }] })),
      completion(llmAnswer({ encoder: 'libaom-av1', preset: '4' })),
    );
    const proposal = expectRunnable(await propose(), context);
    expect(proposal).toMatchObject({ origin: 'fallback', fallbackReason: expect.stringMatching(/^semantic_invalid: /) });
    expect(proposal.validationErrors).toContain('answer: config.crf: libx264 CRF must be between 0 and 51');
    expect(proposal.validationErrors).toContain('answer: config.options.refs: reference frames: an integer from 1 to 16');
    expect(proposal.validationErrors).toContain('repair: config.encoder: libaom-av1 is not available on the runners (available: libx264, libx265, libsvtav1)');
    expect(repairPrompt()).toContain('- config.crf: libx264 CRF must be between 0 and 51');
  });

  it('refuses a repeat of an earlier experiment and takes the repaired, fresh config', async () => {
    fake.script(completion(llmAnswer({ crf: 28 })), completion(llmAnswer({ crf: 31 })));
    const proposal = expectRunnable(await propose(), context);
    expect(proposal.origin).toBe('llm');
    expect(proposal.config).toEqual(x264(31));
    expect(proposal.validationErrors).toEqual([expect.stringMatching(/^answer: config: identical to experiment 2 /)]);
    expect(repairPrompt()).toContain('identical to experiment 2');
  });

  it('tells the model why the orchestrator refused a config, and refuses that config again if it comes back', async () => {
    const hash = configHash(x264(30));
    const rejected = new Map([[hash, 'pixelFormat: the runners do not encode yuv420p10le']]);
    fake.script(completion(llmAnswer()));
    const proposal = expectRunnable(await propose(rejected), context, rejected);
    expect(proposal).toMatchObject({ origin: 'fallback', fallbackReason: expect.stringMatching(/^repeat: /) });
    expect(fake.received[0]!.body.messages[1]!.content).toContain(`${hash.slice(0, 12)} refused in this round: pixelFormat: the runners do not encode yuv420p10le`);
    expect(proposal.validationErrors[0]).toMatch(/^answer: config: [0-9a-f]{12} was refused earlier in this round \(pixelFormat: /);
  });

  it('lets the planner end a round the orchestrator has refused twice, so the campaign goes on', async () => {
    const rejected = new Map([[configHash(x264(30)), 'a'], [configHash(x264(31)), 'b']]);
    fake.script(completion(llmAnswer({ crf: 32 })));
    const proposal = expectRunnable(await propose(rejected), context, rejected);
    expect(proposal).toMatchObject({ origin: 'fallback', fallbackReason: 'orchestrator_refused: the orchestrator refused 2 proposals in this round' });
    expect(proposal.model).toBeUndefined();
    expect(fake.received).toHaveLength(0);
  });

  it('does not argue with a refusal: planner fallback, no repair, the refusal kept', async () => {
    fake.script(completion(null, { refusal: "I'm sorry, I can't help with that." }));
    const proposal = expectRunnable(await propose(), context);
    expect(proposal).toMatchObject({ origin: 'fallback', rawOutput: "refusal: I'm sorry, I can't help with that.", tokens: 150 });
    expect(proposal.fallbackReason).toMatch(/^refusal: /);
    expect(proposal.validationErrors).toEqual(["answer: the model refused: I'm sorry, I can't help with that."]);
    expect(fake.received).toHaveLength(1);
  });

  it('treats an answer cut off at the token limit as truncated, asks once for a shorter one, then falls back', async () => {
    fake.script(completion('{"hypothesis":"CRF 30 should', { finishReason: 'length', completionTokens: 800 }));
    const proposal = expectRunnable(await propose(), context);
    expect(proposal).toMatchObject({ origin: 'fallback', fallbackReason: expect.stringMatching(/^truncated: /), tokens: 1800 });
    expect(fake.received).toHaveLength(2);
    expect(fake.received[0]!.body.max_completion_tokens).toBe(800);
    expect(repairPrompt()).toContain('cut off at the output-token limit');
  });
});
