// The gate's deadline on a real node:http server and a real yoga instance whose resolvers wait:
// a query stops at REQUEST_TIMEOUT_MS whatever it accepts (JSON or an event stream), while a
// subscription lifts its deadline once it has started and keeps streaming.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPubSub, createSchema, createYoga, useExecutionCancellation } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { HttpGate, useSubscriptionsOutliveDeadline, type ServerContext } from '../../src/http/gate.ts';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    });
  });

describe('request deadlines in the gate', () => {
  const ticks = createPubSub<{ tick: [string] }>();
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const yoga = createYoga<ServerContext>({
      schema: createSchema({
        typeDefs: 'type Query { slow: String } type Subscription { tick: String }',
        resolvers: {
          Query: { slow: async () => (await sleep(3_000), 'finished') },
          Subscription: { tick: { subscribe: () => ticks.subscribe('tick'), resolve: (t: string) => t } },
        },
      }),
      plugins: [useExecutionCancellation(), useSubscriptionsOutliveDeadline()],
      logging: false,
    });
    const gate = new HttpGate(yoga, loadConfig({ REQUEST_TIMEOUT_MS: '300' }));
    server = createServer(HttpGate.serverOptions(), (req, res) => void gate.serve(req, res));
    gate.guard(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const ask = async (query: string, accept: string, signal?: AbortSignal) => {
    const started = Date.now();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ query }), signal });
    return { res, started };
  };

  it.each(['application/json', 'text/event-stream'])('stops a query accepting %s at the deadline', async (accept) => {
    const { res, started } = await ask('{ slow }', accept);
    const text = await res.text().catch(() => '');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(text).not.toContain('finished');
  });

  it('lets a subscription outlive the deadline', async () => {
    const controller = new AbortController();
    const { res } = await ask('subscription { tick }', 'text/event-stream', controller.signal);
    expect(res.status).toBe(200);
    await sleep(800);
    ticks.publish('tick', 'still-here');
    const reader = res.body!.getReader();
    let seen = '';
    while (!seen.includes('still-here')) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += new TextDecoder().decode(value);
    }
    expect(seen).toContain('still-here');
    controller.abort();
  });
});
