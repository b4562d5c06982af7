// The HTTP side of GraphiQL and the history pages (the browser tests in tests/browser see them
// rendered): GraphiQL comes from the service with a hash-based script policy and nothing from
// elsewhere, GRAPHIQL=false turns it off, and page addresses an attacker writes get escaped error
// pages with the right status, never a trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

const SLUG = 'working-together-to-safeguard-children';

describe('GraphiQL and the history pages over HTTP', () => {
  let server: TestServer;
  let origin: string;
  beforeAll(async () => {
    server = await startTestServer();
    origin = new URL(server.url).origin;
  });
  afterAll(() => server.stop());

  it('serves GraphiQL inlined, loading nothing from another origin, under a hash-based script policy', async () => {
    const res = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'; /);
    expect(csp).toContain("connect-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:/);
    expect(html).toContain('Compare2018To2023');
    const again = await fetch(server.url, {
      headers: { accept: 'text/html', 'if-none-match': res.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });

  it('renders the compare page with the moved and renamed chapters, escaping what it shows', async () => {
    const res = await fetch(`${origin}/documents/${SLUG}/compare/2018/2023`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-/);
    const html = await res.text();
    expect(html).toMatch(/Moved: was section \d+, now section \d+/);
    expect(html).toMatch(/Renamed: was “/);
    expect(html).toContain('<main id="content"');
  });

  it('answers addresses that name nothing with escaped error pages and the right status', async () => {
    const cases: [string, number, string][] = [
      [`/documents/%3Cscript%3Ealert(1)%3C%2Fscript%3E`, 404, '&#60;script&#62;alert(1)&#60;/script&#62;'],
      [`/documents/${SLUG}/compare/2018/1999`, 404, 'has no version 1999'],
      [`/documents/${SLUG}/compare/2018`, 404, 'There is no page at this address'],
      [`/documents/%E0%A4%A`, 400, 'malformed'],
      [`/documents/${SLUG}/compare?from=2018`, 400, 'Choose the two versions'],
    ];
    for (const [path, status, says] of cases) {
      const res = await fetch(`${origin}${path}`);
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await res.text();
      expect(html, path).toContain(says);
      expect(html).not.toContain('<script');
      expect(html).not.toMatch(/at \S+ \(|node:internal/);
    }
    const post = await fetch(`${origin}/documents/${SLUG}`, { method: 'POST' });
    expect(post.status).toBe(405);
    const picked = await fetch(`${origin}/documents/${SLUG}/compare?from=2018&to=2023`, { redirect: 'manual' });
    expect(picked.status).toBe(303);
    expect(picked.headers.get('location')).toBe(`/documents/${SLUG}/compare/2018/2023`);
  });

  it('does not serve GraphiQL when GRAPHIQL=false (queries still work)', async () => {
    const off = await startTestServer({ SEED: 'false', GRAPHIQL: 'false' });
    try {
      const page = await fetch(off.url, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(406);
      expect(await page.text()).not.toContain('GraphiQL');
      const query = await fetch(`${off.url}?query=${encodeURIComponent('{ __typename }')}`, {
        headers: { accept: 'application/json' },
      });
      expect(await query.json()).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await off.stop();
    }
  });
});
