// The HTTP edge under hostile or careless input: limits, GET queries, CORS, headers, introspection,
// masked errors, tokens kept out of logs, and the GraphQL-over-HTTP audits.
import { Writable } from 'node:stream';
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger, startServer } from '../../src/server.ts';
import { tempDir } from '../support/tempDir.ts';
import { AUDITOR_TOKEN, EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

describe('the HTTP edge', () => {
  let server: TestServer;
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  beforeAll(async () => {
    server = await startTestServer({
      CORS_ORIGINS: 'https://frontend.example',
      MAX_DEPTH: '6',
      MAX_ALIASES: '5',
      MAX_TOKENS: '400',
      MAX_BODY_BYTES: '20000',
    });
  });
  afterAll(() => server.stop());

  it('passes every GraphQL-over-HTTP server audit', async () => {
    const audits = serverAudits({ url: server.url });
    // graphql-http's 61 audits: MUST, SHOULD and MAY alike.
    expect(audits).toHaveLength(61);
    const failures: string[] = [];
    for (const audit of audits) {
      const result = await audit.fn();
      if (result.status !== 'ok') failures.push(`${audit.name}: ${result.reason}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses a query nested deeper than the limit', async () => {
    const res = await server.gql(
      '{ documents { edges { node { compare(from: "a", to: "b") { from { sections { key } } } } } } }',
    );
    expect(res.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: 8 }, (_, i) => `a${i}: document(slug: "x") { slug }`).join(' ');
    const res = await server.gql(`{ ${aliases} }`);
    expect(res.errors?.[0]?.message).toMatch(/aliases/i);
  });

  it('refuses a query with too many tokens', async () => {
    const fields = Array.from({ length: 500 }, () => '__typename').join(' ');
    const res = await server.gql(`{ ${fields} }`);
    expect(res.errors?.[0]?.message).toMatch(/token/i);
  });

  it('refuses batched operations', async () => {
    const res = await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('refuses a body over the size limit with 413 and appends nothing', async () => {
    const before = await server.services.store.headPosition();
    const res = await post(
      JSON.stringify({ query: 'mutation { __typename }', variables: { pad: 'x'.repeat(30_000) } }),
      {
        authorization: `Bearer ${EDITOR_TOKEN}`,
      },
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    expect(await server.services.store.headPosition()).toBe(before);
  });

  it('answers queries by GET with URL-encoded variables, refuses mutations by GET and bodies that are not JSON', async () => {
    const params = new URLSearchParams({
      query: 'query($slug: String!) { document(slug: $slug) { slug } }',
      variables: JSON.stringify({ slug: 'working-together-to-safeguard-children' }),
    });
    const get = await fetch(`${server.url}?${params}`);
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { document: { slug: 'working-together-to-safeguard-children' } } });

    const before = await server.services.store.headPosition();
    const mutation = new URLSearchParams({
      query: 'mutation { erasePersonalData(input: {personId: "x", reason: "r"}) { __typename } }',
    });
    const viaGet = await fetch(`${server.url}?${mutation}`, { headers: { authorization: `Bearer ${EDITOR_TOKEN}` } });
    expect(viaGet.status).toBe(405);
    // A cross-site form can send a simple POST but not a JSON one.
    const form = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${EDITOR_TOKEN}` },
      body: `query=${encodeURIComponent('mutation { __typename }')}`,
    });
    expect(form.status).toBe(415);
    expect(await server.services.store.headPosition()).toBe(before);
  });

  it('allows only configured origins across sites', async () => {
    const preflight = (origin: string) =>
      fetch(server.url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization',
        },
      });
    const good = await preflight('https://frontend.example');
    expect(good.headers.get('access-control-allow-origin')).toBe('https://frontend.example');
    const bad = await preflight('https://evil.example');
    expect(bad.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });

  it('sends security headers on every response', async () => {
    for (const res of [
      await post('{"query":"{ __typename }"}'),
      await fetch(server.url.replace('/graphql', '/health')),
    ]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
  });

  it('masks unexpected errors without a stack trace or internal message', async () => {
    const res = await server.gql(
      '{ document(slug: "working-together-to-safeguard-children") { version(label: "2018") { label } } }',
    );
    expect(res.errors).toBeUndefined();
    const broken = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    const text = await broken.text();
    expect(broken.status).toBeLessThan(500);
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('configuration of the edge', () => {
  it('turns introspection off for production when asked', async () => {
    const server = await startTestServer({ INTROSPECTION: 'false' });
    try {
      const res = await server.gql('{ __schema { queryType { name } } }');
      expect(res.errors?.[0]?.message).toMatch(/introspection/i);
      const ok = await server.gql('{ documents(first: 1) { edges { cursor } } }');
      expect(ok.errors).toBeUndefined();
    } finally {
      await server.stop();
    }
  });

  it('never writes a token into the log, even when a request fails', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const dir = tempDir();
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: dir.path,
      EDITOR_TOKENS: `alice:${EDITOR_TOKEN}`,
      AUDITOR_TOKENS: `carol:${AUDITOR_TOKEN}`,
      LOG_LEVEL: 'trace',
      SEED: 'false',
    });
    const server = await startServer(config, createLogger(config, sink));
    try {
      for (const token of [EDITOR_TOKEN, AUDITOR_TOKEN, 'wrong-token-0123456789']) {
        await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            query:
              'mutation { publishVersion(input: {slug: "x", label: "y", publishedOn: "2020-01-01", changeNote: "c", sections: []}) { __typename } }',
          }),
        });
      }
    } finally {
      await server.close();
      dir.remove();
    }
    expect(lines.length).toBeGreaterThan(0);
    const all = lines.join('');
    expect(all).not.toContain(EDITOR_TOKEN);
    expect(all).not.toContain(AUDITOR_TOKEN);
    expect(all).not.toContain('wrong-token-0123456789');
  });

  it('stops at start with a clear message for bad configuration', () => {
    expect(() => loadConfig({ EDITOR_TOKENS: 'alice' })).toThrow(/EDITOR_TOKENS/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ CORS_ORIGINS: 'not a url' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ EVENTSTORE_CONNECTION_STRING: 'http://x' })).toThrow(/EVENTSTORE_CONNECTION_STRING/);
  });
});
