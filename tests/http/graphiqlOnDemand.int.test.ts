// GraphiQL's renderer (a 10 MB script held as a string) is loaded with the first page asked for,
// not when the server starts: over the real server, a JSON query is answered first, then the first
// browser request gets the page, rendered then, with its Content-Security-Policy and inlined script,
// and a second request gets the same page. What loading it late saves (about 30 MB of heap on Node
// 20, less on Node 24) is measured by `npm run bench` (the server RSS row), not asserted here: heap
// figures differ by Node version and are no basis for a test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('GraphiQL on demand', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('renders the page on the first request for it, after queries, and serves the same page again', async () => {
    const query = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json' },
    });
    expect(await query.json()).toEqual({ data: { __typename: 'Query' } });
    const first = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-security-policy')).toContain("script-src 'sha256-");
    const page = await first.text();
    expect(page).toContain('<script>');
    const again = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(await again.text()).toBe(page);
  });
});
