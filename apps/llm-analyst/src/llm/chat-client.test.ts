import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createChatClient } from './chat-client.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

describe('createChatClient', () => {
  it("names the call's whole budget when it runs out, however much of it an earlier step used", async () => {
    // An endpoint that never answers.
    server = createServer(() => undefined);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const chat = createChatClient({ baseURL: `http://127.0.0.1:${port}/v1`, model: 'm', maxRetries: 0, maxOutputTokens: 10 });
    const error = await chat
      .complete({
        messages: [{ role: 'user', content: 'hi' }],
        responseFormat: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } },
        // Most of the 300 ms budget went on an earlier request of the same call.
        deadline: Date.now() + 60,
        budgetMs: 300,
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ message: 'no answer within 300 ms' });
  });
});
