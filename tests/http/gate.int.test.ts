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

/** Serves a yoga instance through the gate on a free loopback port. */
async function serveThroughGate(
  yoga: ConstructorParameters<typeof HttpGate>[0],
  env: Record<string, string>,
): Promise<{ server: Server; url: string }> {
  const gate = new HttpGate(yoga, loadConfig(env));
  const server = createServer(HttpGate.serverOptions(), (req, res) => void gate.serve(req, res));
  gate.guard(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

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
    ({ server, url } = await serveThroughGate(yoga, { REQUEST_TIMEOUT_MS: '300' }));
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const ask = async (query: string, accept: string, signal?: AbortSignal) => {
    const started = Date.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify({ query }),
      signal,
    });
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

describe('admission control in the gate', () => {
  let server: Server;
  let url: string;
  let release: () => void = () => undefined;
  let running = 0;
  let maxRunning = 0;

  beforeAll(async () => {
    const yoga = createYoga<ServerContext>({
      schema: createSchema({
        typeDefs: 'type Query { held: String }',
        resolvers: {
          Query: {
            held: async () => {
              running += 1;
              maxRunning = Math.max(maxRunning, running);
              await new Promise<void>((resolve) => {
                const previous = release;
                release = () => {
                  previous();
                  resolve();
                };
              });
              running -= 1;
              return 'done';
            },
          },
        },
      }),
      logging: false,
    });
    ({ server, url } = await serveThroughGate(yoga, { MAX_CONCURRENT_REQUESTS: '2', MAX_QUEUED_REQUESTS: '2' }));
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('executes at most MAX_CONCURRENT_REQUESTS at once, queues MAX_QUEUED_REQUESTS and refuses the rest with 503 SERVER_BUSY', async () => {
    const send = () =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ held }' }),
      });
    const admitted = [send(), send(), send(), send()];
    await sleep(300);
    const refused = await send();
    expect(refused.status).toBe(503);
    expect(JSON.stringify(await refused.json())).toContain('SERVER_BUSY');
    expect(running).toBe(2);
    // Releasing the two running lets the two waiting in.
    release();
    await sleep(300);
    release();
    const answers = await Promise.all(
      admitted.map(async (p) => (await (await p).json()) as { data: { held: string } }),
    );
    expect(answers.map((a) => a.data.held)).toEqual(['done', 'done', 'done', 'done']);
    expect(maxRunning).toBe(2);
  });
});
