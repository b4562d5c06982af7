// GraphiQL's renderer (a 10 MB script held as a string) is loaded with the first page asked for,
// not when the server starts: over the real server, the heap after a full collection stays the
// same until a browser asks for the page, then grows by the renderer, and the page still works.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after full collections, MB. */
function settledHeapMB(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

describe('GraphiQL on demand', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('holds no GraphiQL renderer until the page is asked for', async () => {
    const query = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json' },
    });
    expect(await query.json()).toEqual({ data: { __typename: 'Query' } });
    const before = settledHeapMB();
    const page = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'sha256-");
    expect(await page.text()).toContain('<script>');
    const after = settledHeapMB();
    // The renderer's script is 10 MB of string and its module's source about 18 MB more: loaded
    // now, the heap grows by those and the page (about 49 MB here); loaded at start, it grew
    // only by the page (about 17 MB).
    expect(after - before).toBeGreaterThan(30);
  });
});
