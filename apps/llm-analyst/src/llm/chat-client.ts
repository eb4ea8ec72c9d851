import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ResponseFormatJSONSchema } from 'openai/resources';
import { LlmCallError } from './fallback-reason.ts';
import type { ChatMessages } from './messages.ts';

/** How to reach the model; the key is only ever handed to the SDK. */
export interface LlmEndpoint {
  /** Undefined means api.openai.com. */
  readonly baseURL?: string;
  readonly apiKey?: string;
  readonly model: string;
  /** Retries of one request on 408/409/429/5xx and connection errors, with backoff. */
  readonly maxRetries: number;
  readonly maxOutputTokens: number;
}

/** What one request returned, before any validation. */
export interface ChatAnswer {
  /** The message content, '' when there was none. */
  readonly content: string;
  readonly refusal: string | null;
  readonly finishReason: string | null;
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** One structured-output request: the conversation, the JSON schema, and when to give up (epoch ms). */
export interface ChatRequest {
  readonly messages: ChatMessages;
  readonly responseFormat: ResponseFormatJSONSchema;
  readonly deadline: number;
  /** The whole call's budget (LLM_TIMEOUT_MS), which a timeout's reason names. */
  readonly budgetMs: number;
}

/** The model behind one OpenAI-compatible Chat Completions endpoint. */
export interface ChatClient {
  readonly model: string;
  /** Resolves with the answer, or rejects with an LlmCallError whose reason is classified. */
  complete(request: ChatRequest): Promise<ChatAnswer>;
}

function classify(error: unknown, budgetMs: number, signal: AbortSignal): LlmCallError {
  // The abort comes from our own deadline (nothing else aborts these requests).
  if (signal.aborted || error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError) {
    return new LlmCallError('timeout', `no answer within ${budgetMs} ms`, { cause: error });
  }
  if (error instanceof APIConnectionError) return new LlmCallError('connection_error', `cannot reach the endpoint: ${error.message}`, { cause: error });
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    if (status === 429) return new LlmCallError('rate_limited', 'HTTP 429 (rate limited), retries exhausted', { cause: error });
    if (status >= 500) return new LlmCallError('server_error', `HTTP ${status}, retries exhausted`, { cause: error });
    return new LlmCallError('request_rejected', `HTTP ${status}: ${error.message.slice(0, 300)}`, { cause: error });
  }
  return new LlmCallError('unexpected', (error as Error)?.message ?? String(error), { cause: error });
}

/**
 * A Chat Completions client on the real `openai` SDK. The SDK does the retrying (exponential
 * backoff with jitter, honouring retry-after); the deadline bounds the whole request, retries
 * included, so that the planner can still answer within the orchestrator's own deadline.
 */
export function createChatClient(endpoint: LlmEndpoint): ChatClient {
  const client = new OpenAI({
    // A compatible server without authentication still needs a non-empty key for the SDK.
    apiKey: endpoint.apiKey ?? 'no-key',
    baseURL: endpoint.baseURL ?? 'https://api.openai.com/v1',
    // Explicit, so that the SDK takes nothing from the environment behind config.ts's back, and
    // its own logger (OPENAI_LOG) cannot print requests: this service logs what it needs itself.
    organization: null,
    project: null,
    adminAPIKey: null,
    logLevel: 'off',
    maxRetries: endpoint.maxRetries,
  });
  return {
    model: endpoint.model,
    async complete({ messages, responseFormat, deadline, budgetMs }) {
      // What is left of the call's budget bounds this request; a timeout names the whole budget.
      const remainingMs = Math.max(0, Math.round(deadline - Date.now()));
      if (remainingMs === 0) throw new LlmCallError('timeout', `no answer within ${budgetMs} ms`);
      const signal = AbortSignal.timeout(remainingMs);
      try {
        const completion = await client.chat.completions.create(
          { model: endpoint.model, messages, response_format: responseFormat, max_completion_tokens: endpoint.maxOutputTokens },
          { signal, timeout: remainingMs },
        );
        const choice = completion.choices[0];
        return {
          content: choice?.message.content ?? '',
          refusal: choice?.message.refusal ?? null,
          finishReason: choice?.finish_reason ?? null,
          promptTokens: completion.usage?.prompt_tokens ?? 0,
          completionTokens: completion.usage?.completion_tokens ?? 0,
        };
      } catch (error) {
        throw classify(error, budgetMs, signal);
      }
    },
  };
}
