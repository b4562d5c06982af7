// The public answer cache over the real server is bounded in bytes (RESPONSE_CACHE_MAX_BYTES) as
// well as in entries: a GET answer larger than the bound is answered every time by executing, never
// kept, while small ones are still answered from memory; the counts come from /metrics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

const SMALL = '{ documents(first: 1) { edges { node { slug } } } }';
const LARGE = '{ document(slug: "working-together-to-safeguard-children") { versions { sections { body } } } }';
const BOUND = 10_000;

describe('the public answer cache, bounded in bytes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ METRICS: 'true', RESPONSE_CACHE_MAX_BYTES: String(BOUND) });
  });
  afterAll(() => server.stop());

  const get = async (query: string) => {
    const res = await fetch(`${server.url}?${new URLSearchParams({ query })}`, {
      headers: { accept: 'application/json' },
    });
    const body = await res.text();
    expect(res.status).toBe(200);
    expect(body).not.toContain('"errors"');
    return { body, etag: res.headers.get('etag') };
  };
  const hits = async (): Promise<number> => {
    const text = await (await fetch(server.url.replace(/\/graphql$/, '/metrics'))).text();
    const line = text.split('\n').find((l) => l.startsWith('sgh_public_read_cache_total{result="hit"}'));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  it('answers a large GET by executing each time, and a small one from memory', async () => {
    const first = await get(LARGE);
    expect(first.body.length).toBeGreaterThan(BOUND);
    const before = await hits();
    const again = await get(LARGE);
    expect(again.body).toBe(first.body);
    expect(again.etag).toBe(first.etag);
    expect(await hits()).toBe(before);

    await get(SMALL);
    await get(SMALL);
    expect(await hits()).toBe(before + 1);
  });
});
