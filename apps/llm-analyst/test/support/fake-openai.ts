import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted reply of the fake endpoint. */
export interface Scripted {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** Wait this long before answering (the slow-answer scenario). */
  readonly delayMs?: number;
  readonly body: unknown;
}

/** What the fake endpoint received: the path, the Authorization header and the parsed JSON body. */
export interface Received {
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: {
    model: string;
    messages: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> } };
    max_completion_tokens?: number;
  };
}

export interface FakeOpenAi {
  /** Base URL for the SDK, ending in /v1. */
  readonly baseURL: string;
  readonly received: Received[];
  /** Replaces the script: each request takes the next reply; the last one repeats. */
  script(...replies: Scripted[]): void;
  close(): Promise<void>;
}

/** A Chat Completions answer with `content`, as OpenAI's API shapes it, usage included. */
export function completion(
  content: string | null,
  options: { finishReason?: string; refusal?: string; promptTokens?: number; completionTokens?: number } = {},
): Scripted {
  const promptTokens = options.promptTokens ?? 100;
  const completionTokens = options.completionTokens ?? 50;
  return {
    body: {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: 'fake-model',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: options.refusal ?? null },
          finish_reason: options.finishReason ?? 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    },
  };
}

/** An HTTP error as OpenAI's API shapes it; retry-after-ms keeps the SDK's backoff short in tests. */
export function httpError(status: number, message: string): Scripted {
  return { status, headers: { 'retry-after-ms': '5' }, body: { error: { message, type: 'server_error', code: null } } };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** An OpenAI-compatible endpoint on 127.0.0.1, port 0, answering POST /v1/chat/completions from a script. */
export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const received: Received[] = [];
  let replies: Scripted[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const text = await readBody(req);
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    received.push({ path: req.url, authorization: req.headers.authorization, body: JSON.parse(text) as Received['body'] });
    const reply = replies.length > 1 ? replies.shift()! : replies[0];
    if (!reply) {
      res.writeHead(500).end('{"error":{"message":"nothing scripted"}}');
      return;
    }
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.body));
    };
    if (!reply.delayMs) return send();
    const timer = setTimeout(() => {
      timers.delete(timer);
      send();
    }, reply.delayMs);
    timers.add(timer);
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    received,
    script(...next) {
      replies = [...next];
      received.length = 0;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
