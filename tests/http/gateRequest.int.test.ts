// The request the gate hands to yoga, on a real node:http server and a real yoga instance: built
// with yoga's own Request class (as yoga's node adapter builds it) with every header, and its
// signal aborted only when the client leaves before its whole answer, never after a finished one.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { HttpGate, type ServerContext } from '../../src/http/gate.ts';

describe('the request the gate hands to yoga', () => {
  const seen: Request[] = [];
  const closed: Promise<void>[] = [];
  let server: Server;
  let base: string;
  let yogaRequest: unknown;
  let release: () => void = () => undefined;

  beforeAll(async () => {
    const remember: Plugin = { onRequest: ({ request }) => void seen.push(request) };
    const yoga = createYoga<ServerContext>({
      schema: createSchema({
        typeDefs: 'type Query { hello: String, held: String }',
        resolvers: {
          Query: {
            hello: () => 'world',
            held: () => new Promise<string>((resolve) => (release = () => resolve('released'))),
          },
        },
      }),
      plugins: [remember],
      logging: false,
    });
    yogaRequest = yoga.fetchAPI.Request;
    const gate = new HttpGate(yoga, loadConfig({}));
    server = createServer(HttpGate.serverOptions(), (req: IncomingMessage, res: ServerResponse) => {
      // Registered before the gate's own listener: resolves once every 'close' listener has run.
      closed.push(new Promise((resolve) => res.once('close', () => setImmediate(resolve))));
      void gate.serve(req, res);
    });
    gate.guard(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it("is built with yoga's own Request class, with the client's headers, method and URL", async () => {
    const res = await fetch(`${base}/graphql?query=${encodeURIComponent('{ hello }')}`, {
      headers: { accept: 'application/json', 'x-trace-note': 'a, b' },
    });
    expect(await res.json()).toEqual({ data: { hello: 'world' } });
    const request = seen.at(-1)!;
    expect(request).toBeInstanceOf(yogaRequest as new () => Request);
    expect(request.method).toBe('GET');
    expect(new URL(request.url).searchParams.get('query')).toBe('{ hello }');
    expect(request.headers.get('x-trace-note')).toBe('a, b');
    expect(request.headers.get('accept')).toBe('application/json');
  });

  it('carries a POST body to yoga', async () => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ hello }' }),
    });
    expect(await res.json()).toEqual({ data: { hello: 'world' } });
    expect(seen.at(-1)!.method).toBe('POST');
  });

  it('does not abort the work of a request whose whole answer was sent', async () => {
    const before = closed.length;
    const res = await fetch(`${base}/graphql?query=${encodeURIComponent('{ hello }')}`, {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    await res.text();
    const request = seen.at(-1)!;
    await closed[before];
    expect(request.signal.aborted).toBe(false);
  });

  it('aborts the work of a request whose client left before its answer', async () => {
    const before = closed.length;
    const controller = new AbortController();
    const pending = fetch(`${base}/graphql?query=${encodeURIComponent('{ held }')}`, {
      headers: { accept: 'application/json' },
      signal: controller.signal,
    }).catch(() => null);
    while (closed.length === before || seen.length === 0 || !new URL(seen.at(-1)!.url).search.includes('held'))
      await new Promise((resolve) => setTimeout(resolve, 10));
    const request = seen.at(-1)!;
    controller.abort();
    await pending;
    await closed[before];
    expect(request.signal.aborted).toBe(true);
    release();
  });
});
