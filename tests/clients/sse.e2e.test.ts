// Subscriptions as browser clients make them, over the real server: graphql-sse's client in its
// distinct connections mode (its default), a plain GET as EventSource sends it (no custom header,
// no cookie), and graphql-sse's single connection mode refused with one clear 405.
import { createClient, type Client } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDITOR_TOKEN, EDITOR_TOKEN, mutate, startTestServer, type TestServer } from '../support/server.ts';

const REGISTER = 'mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { __typename } }';

/** Subscribes with a graphql-sse client and resolves with the first payload, or the error. */
function firstPayload(client: Client<boolean>, query: string): { result: Promise<unknown>; stop: () => void } {
  let stop = () => undefined as void;
  const result = new Promise<unknown>((resolve, reject) => {
    stop = client.subscribe(
      { query },
      { next: resolve, error: reject, complete: () => reject(new Error('completed without a payload')) },
    );
  });
  return { result, stop };
}

/** Reads an event stream's `data:` lines until one parses as a GraphQL answer. */
async function firstStreamedAnswer(res: Response): Promise<unknown> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    const data = buffer.split('\n').find((line) => line.startsWith('data:') && line.length > 6);
    if (data) return JSON.parse(data.slice(5));
  }
  throw new Error('the stream ended without data');
}

describe('subscriptions from browser clients', () => {
  let server: TestServer;
  let n = 0;
  const register = () =>
    mutate(server, REGISTER, { slug: `sse-client-${++n}`, title: `Client ${n}`, kind: 'NEWS_ITEM' });

  beforeAll(async () => {
    server = await startTestServer({ SEED: 'false' });
  });
  afterAll(async () => {
    await server.stop();
  });

  it("graphql-sse's distinct connections mode delivers public and signed-in subscriptions", async () => {
    const publicClient = createClient({ url: server.url, retryAttempts: 0 });
    const auditorClient = createClient({
      url: server.url,
      retryAttempts: 0,
      headers: { authorization: `Bearer ${AUDITOR_TOKEN}` },
    });
    const changed = firstPayload(publicClient, 'subscription { documentChanged { slug type } }');
    const appended = firstPayload(
      auditorClient,
      'subscription { eventAppended(streamPrefix: "document-") { streamId type } }',
    );
    await new Promise((r) => setTimeout(r, 300));
    await register();
    expect(await changed.result).toEqual({
      data: { documentChanged: { slug: `sse-client-${n}`, type: 'DocumentRegistered' } },
    });
    expect(await appended.result).toEqual({
      data: { eventAppended: { streamId: `document-sse-client-${n}`, type: 'DocumentRegistered' } },
    });
    changed.stop();
    appended.stop();
    publicClient.dispose();
    auditorClient.dispose();
  });

  it('serves a GET subscription as EventSource sends it: only accept: text/event-stream, no custom header', async () => {
    const query = encodeURIComponent('subscription { documentChanged { slug } }');
    const controller = new AbortController();
    const res = await fetch(`${server.url}?query=${query}`, {
      headers: { accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const answer = firstStreamedAnswer(res);
    await new Promise((r) => setTimeout(r, 300));
    await register();
    expect(await answer).toEqual({ data: { documentChanged: { slug: `sse-client-${n}` } } });
    controller.abort();
  });

  it("refuses graphql-sse's single connection mode with a 405 that says which mode to use, and records nothing", async () => {
    const client = createClient({
      url: server.url,
      singleConnection: true,
      retryAttempts: 0,
      headers: { authorization: `Bearer ${EDITOR_TOKEN}` },
    });
    const attempt = firstPayload(client, 'subscription { documentChanged { slug } }');
    await expect(attempt.result).rejects.toThrow(/405/);
    client.dispose();
    const reservation = await fetch(server.url, { method: 'PUT' });
    expect(reservation.status).toBe(405);
    expect(reservation.headers.get('allow')).toBe('GET, POST, OPTIONS');
    const body = (await reservation.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('SSE_SINGLE_CONNECTION_UNSUPPORTED');
    expect(body.errors[0]!.message).toMatch(/singleConnection: false/);
    const before = await server.services.store.headPosition();
    const operation = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-graphql-event-stream-token': 'abc',
        authorization: `Bearer ${EDITOR_TOKEN}`,
      },
      body: JSON.stringify({
        query: REGISTER,
        variables: { input: { slug: 'never-recorded', title: 'Never', kind: 'NEWS_ITEM' } },
      }),
    });
    expect(operation.status).toBe(405);
    expect(await server.services.store.headPosition()).toBe(before);
  });
});
