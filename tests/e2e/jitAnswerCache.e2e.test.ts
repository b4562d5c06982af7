// With graphql-jit switched on (GRAPHQL_JIT), public answers still go through the response cache:
// the cache must wrap the compiled executor. Placed after the cache, the compiler replaced the
// cache's executor, so nothing was ever kept and every request logged a plugin-order warning.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

const QUERY = '{ documents(first: 2) { edges { node { slug title } } } }';

describe('the response cache with graphql-jit', () => {
  let server: TestServer;
  const warn = vi.spyOn(console, 'warn');
  beforeAll(async () => {
    server = await startTestServer({ GRAPHQL_JIT: 'true' });
  });
  afterAll(async () => {
    await server.stop();
    warn.mockRestore();
  });

  const post = async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: QUERY }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { data?: unknown; errors?: unknown };
  };

  it('executes with the compiled query once and answers again from the cache', async () => {
    warn.mockClear();
    const first = await post();
    expect(first.errors).toBeUndefined();
    expect(await post()).toEqual(first);
    const orderWarnings = warn.mock.calls.filter((args) => String(args[0]).includes('[useResponseCache]'));
    expect(orderWarnings).toEqual([]);
  });
});
