import type { ResponseFormatJSONSchema } from 'openai/resources';
import type { LlmMetrics } from '../metrics.ts';
import type { ChatAnswer, ChatClient } from './chat-client.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { isRepairable, LlmCallError, type FallbackReason } from './fallback-reason.ts';
import { repairMessages, type ChatMessages } from './messages.ts';
import type { Checked } from './output-validation.ts';
import type { Prompts } from './prompts.ts';

/** What the model was asked and answered, kept with whatever is returned. */
export interface AskRecord {
  /** False when no request was sent (circuit open). */
  readonly asked: boolean;
  readonly rawOutput?: string;
  readonly validationErrors: string[];
  readonly tokens: number;
  readonly latencyMs: number;
}

export type AskOutcome<T> =
  | { ok: true; value: T; record: AskRecord }
  | { ok: false; reason: FallbackReason; detail: string; record: AskRecord };

export interface AskDeps {
  readonly chat: ChatClient;
  readonly prompts: Prompts;
  readonly breaker: CircuitBreaker;
  readonly metrics: LlmMetrics;
  /** The most one Propose or Analyze may spend on the endpoint, retries and repair included. */
  readonly budgetMs: number;
}

const MAX_RAW_OUTPUT = 20_000;
const REPAIR_SEPARATOR = '\n--- repair ---\n';

/** Refusals and truncation first: their content is not an answer to validate. */
function judge<T>(answer: ChatAnswer, check: (content: string) => Checked<T>): Checked<T> {
  if (answer.refusal || answer.finishReason === 'content_filter') {
    return { ok: false, reason: 'refusal', errors: [`the model refused: ${answer.refusal ?? 'content filter'}`] };
  }
  if (answer.finishReason === 'length') {
    return { ok: false, reason: 'truncated', errors: ['(root): the answer was cut off at the output-token limit; answer more briefly'] };
  }
  return check(answer.content);
}

const rawOf = (answer: ChatAnswer) => (answer.refusal ? `refusal: ${answer.refusal}` : answer.content);

function failureDetail(reason: FallbackReason, attempt: 'first' | 'repair', errorCount: number): string {
  if (reason === 'refusal') return 'the model refused to answer';
  const what = attempt === 'first' ? 'the answer' : 'the repaired answer';
  if (reason === 'truncated') return `${what} was cut off at the output-token limit`;
  return `${what} failed validation (${errorCount} error${errorCount === 1 ? '' : 's'})`;
}

/**
 * Asks the model for one structured answer and validates it. An answer that fails validation gets
 * exactly one repair request carrying the errors; refusals and endpoint failures get none (the SDK
 * has already retried the endpoint). Never throws for anything the endpoint or the model does.
 */
export async function askWithRepair<T>(
  deps: AskDeps,
  kind: 'propose' | 'analyze',
  messages: ChatMessages,
  responseFormat: ResponseFormatJSONSchema,
  check: (content: string) => Checked<T>,
): Promise<AskOutcome<T>> {
  if (!deps.breaker.tryAcquire()) {
    return {
      ok: false,
      reason: 'circuit_open',
      detail: 'the endpoint has been failing; the circuit breaker sends requests to the planner until its cooldown ends',
      record: { asked: false, validationErrors: [], tokens: 0, latencyMs: 0 },
    };
  }
  const started = performance.now();
  const deadline = Date.now() + deps.budgetMs;
  const raws: string[] = [];
  const errors: string[] = [];
  let tokens = 0;
  const record = (): AskRecord => ({
    asked: true,
    rawOutput: raws.length ? raws.join(REPAIR_SEPARATOR).slice(0, MAX_RAW_OUTPUT) : undefined,
    validationErrors: [...errors],
    tokens,
    latencyMs: performance.now() - started,
  });

  let conversation = messages;
  let last: { reason: FallbackReason; detail: string } | undefined;
  for (const attempt of ['first', 'repair'] as const) {
    const requestKind = attempt === 'first' ? kind : (`${kind}_repair` as const);
    const callStarted = performance.now();
    let answer: ChatAnswer;
    try {
      answer = await deps.chat.complete({ messages: conversation, responseFormat, deadline, budgetMs: deps.budgetMs });
    } catch (error) {
      // Every call error is the endpoint failing (the SDK has retried it): it counts for the breaker.
      const failure = error instanceof LlmCallError ? error : new LlmCallError('unexpected', String(error));
      deps.breaker.failure();
      deps.metrics.request(requestKind, failure.reason, (performance.now() - callStarted) / 1000);
      return { ok: false, reason: failure.reason, detail: `${attempt === 'repair' ? 'repair request: ' : ''}${failure.message}`, record: record() };
    }
    deps.breaker.success();
    tokens += answer.promptTokens + answer.completionTokens;
    raws.push(rawOf(answer));
    const verdict = judge(answer, check);
    deps.metrics.request(requestKind, verdict.ok ? 'ok' : verdict.reason, (performance.now() - callStarted) / 1000, {
      prompt: answer.promptTokens,
      completion: answer.completionTokens,
    });
    if (verdict.ok) return { ok: true, value: verdict.value, record: record() };

    errors.push(...verdict.errors.map((e) => `${attempt === 'first' ? 'answer' : 'repair'}: ${e}`));
    last = { reason: verdict.reason, detail: failureDetail(verdict.reason, attempt, verdict.errors.length) };
    if (!isRepairable(verdict.reason)) break;
    if (attempt === 'first' && Date.now() >= deadline) {
      last = { ...last, detail: `${last.detail}; no time left for a repair` };
      break;
    }
    conversation = repairMessages(deps.prompts, messages, answer.content, verdict.errors);
  }
  return { ok: false, ...last!, record: record() };
}
