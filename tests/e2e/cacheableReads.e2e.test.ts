// Public reads by GET are cacheable by browsers and CDNs: a strong ETag from the read models'
// position and the normalised request, Cache-Control public for answers without a token and
// private, no-store for token holders and errors, 304 on If-None-Match, and a recorded change is
// seen by the very next read (also when the answer came from memory before yoga ran).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDITOR_TOKEN, EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const REGISTER = `mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { __typename } }`;
const PUBLISH = `mutation($input: PublishVersionInput!) { publishVersion(input: $input) { __typename } }`;
const BY_SLUG = 'query Versions($slug: String!) { document(slug: $slug) { slug versions { label } } }';

function getUrl(server: TestServer, params: Record<string, string>): string {
  return `${server.url}?${new URLSearchParams(params)}`;
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers: { accept: 'application/json', ...headers } });
  return {
    status: res.status,
    etag: res.headers.get('etag'),
    cacheControl: res.headers.get('cache-control'),
    vary: res.headers.get('vary'),
    body: await res.text(),
  };
}

describe('cacheable public GET reads', () => {
  let server: TestServer;
  const slug = 'cacheable-guide';
  beforeAll(async () => {
    server = await startTestServer({ SEED: 'false', PUBLIC_MAX_AGE_SECONDS: '30', MIN_POSITION_WAIT_MS: '200' });
    const res = await server.gql<{ registerDocument: { __typename: string } }>(
      REGISTER,
      { input: { slug, title: 'Cacheable guide', kind: 'PRACTICE_GUIDANCE' } },
      { token: EDITOR_TOKEN },
    );
    expect(res.data?.registerDocument.__typename).toBe('RegisterDocumentSuccess');
  });
  afterAll(() => server.stop());

  async function publish(label: string) {
    const input = {
      slug,
      label,
      publishedOn: '2024-01-01',
      changeNote: `Version ${label}`,
      sections: [{ key: 'one', heading: 'One', body: `Text of ${label}` }],
    };
    const res = await server.gql<{ publishVersion: { __typename: string } }>(
      PUBLISH,
      { input },
      { token: EDITOR_TOKEN },
    );
    expect(res.data?.publishVersion.__typename).toBe('PublishVersionSuccess');
  }

  it('answers a GET with URL-encoded variables, publicly cacheable under a strong ETag', async () => {
    const answer = await get(getUrl(server, { query: BY_SLUG, variables: JSON.stringify({ slug }) }));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { document: { slug, versions: [] } } });
    expect(answer.etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(answer.cacheControl).toBe('public, max-age=30');
    expect(answer.vary).toContain('authorization');
  });

  it('gives the same ETag to the same request written differently, and another to other variables', async () => {
    const a = await get(getUrl(server, { query: BY_SLUG, variables: '{"slug":"cacheable-guide"}' }));
    const b = await get(getUrl(server, { variables: '{ "slug" : "cacheable-guide" }', query: BY_SLUG }));
    const other = await get(getUrl(server, { query: BY_SLUG, variables: JSON.stringify({ slug: 'no-such-guide' }) }));
    expect(b.etag).toBe(a.etag);
    expect(b.body).toBe(a.body);
    expect(other.etag).not.toBe(a.etag);
  });

  it('never answers a reader that names a log position from memory: it waits for that position (X-Min-Position)', async () => {
    const url = getUrl(server, { query: BY_SLUG, variables: JSON.stringify({ slug }) });
    const held = await get(url);
    expect((await get(url)).etag).toBe(held.etag);
    const far = await get(url, { 'x-min-position': '999999999' });
    expect(far.status).toBe(200);
    expect(far.cacheControl).toBe('private, no-store');
    expect(JSON.parse(far.body).errors[0].extensions).toMatchObject({
      code: 'POSITION_NOT_REACHED',
      minPosition: '999999999',
    });
  });

  it('answers 304 Not Modified, without a body, to If-None-Match naming the current ETag', async () => {
    const url = getUrl(server, { query: BY_SLUG, variables: JSON.stringify({ slug }) });
    const first = await get(url);
    for (const ifNoneMatch of [first.etag!, `"other", ${first.etag!}`, `W/${first.etag!}`]) {
      const again = await get(url, { 'if-none-match': ifNoneMatch });
      expect(again.status).toBe(304);
      expect(again.body).toBe('');
      expect(again.etag).toBe(first.etag);
      expect(again.cacheControl).toBe('public, max-age=30');
    }
    expect((await get(url, { 'if-none-match': '"something-else"' })).status).toBe(200);
  });

  it('sees a recorded change on the very next read: new bytes, new ETag, no 304 for the old one', async () => {
    const url = getUrl(server, { query: BY_SLUG, variables: JSON.stringify({ slug }) });
    const before = await get(url);
    await get(url); // now held in memory, answered before yoga runs
    await publish(`v${Date.now()}`);
    const after = await get(url, { 'if-none-match': before.etag! });
    expect(after.status).toBe(200);
    expect(after.etag).not.toBe(before.etag);
    expect(JSON.parse(after.body).data.document.versions.length).toBe(
      JSON.parse(before.body).data.document.versions.length + 1,
    );
  });

  it('answers token holders privately, never stored, without an ETag', async () => {
    const url = getUrl(server, { query: BY_SLUG, variables: JSON.stringify({ slug }) });
    await get(url);
    for (const token of [EDITOR_TOKEN, AUDITOR_TOKEN]) {
      const answer = await get(url, { authorization: `Bearer ${token}` });
      expect(answer.status).toBe(200);
      expect(answer.cacheControl).toBe('private, no-store');
      expect(answer.etag).toBeNull();
    }
  });

  it('never lets caches keep an error', async () => {
    const bad = await get(
      getUrl(server, { query: '{ document(slug: "cacheable-guide") { inForce(asOf: "not-a-date") { label } } }' }),
    );
    expect(JSON.parse(bad.body).errors).toBeDefined();
    expect(bad.cacheControl).toBe('private, no-store');
    expect(bad.etag).toBeNull();
    const wrongToken = await get(getUrl(server, { query: BY_SLUG, variables: JSON.stringify({ slug }) }), {
      authorization: 'Bearer not-a-valid-token-at-all',
    });
    expect(wrongToken.status).toBe(401);
    expect(wrongToken.cacheControl).toBe('private, no-store');
  });

  it('keeps mutations POST-only', async () => {
    const answer = await get(
      getUrl(server, { query: 'mutation { discardDraft(input: {slug: "cacheable-guide"}) { __typename } }' }),
      { authorization: `Bearer ${EDITOR_TOKEN}` },
    );
    expect(answer.status).toBe(405);
  });
});

describe('cached public answers and a log found damaged while serving', () => {
  it('stops answering from memory once the log is taken as damaged: the next read carries LOG_DAMAGED', async () => {
    const server = await startTestServer({ SEED: 'false' });
    try {
      const url = `${server.url}?${new URLSearchParams({ query: '{ documents { edges { node { slug } } } }' })}`;
      const post = () => server.gql('{ documents { edges { node { slug } } } }');
      for (let i = 0; i < 2; i++) {
        expect((await get(url)).cacheControl).toMatch(/^public/);
        expect((await post()).errors).toBeUndefined();
      }
      server.services.integrity.markDamaged('test: the log lost its last event');
      const afterGet = await get(url);
      expect(JSON.parse(afterGet.body).errors?.[0]?.extensions?.code).toBe('LOG_DAMAGED');
      expect(afterGet.cacheControl).toBe('private, no-store');
      expect((await post()).errors?.[0]?.extensions?.code).toBe('LOG_DAMAGED');
    } finally {
      await server.stop();
    }
  });
});

describe('ETags without the in-memory answers (RESPONSE_CACHE_SIZE=0)', () => {
  it('still answers 304 to If-None-Match, after executing the query again', async () => {
    const server = await startTestServer({ SEED: 'false', RESPONSE_CACHE_SIZE: '0' });
    try {
      const url = `${server.url}?${new URLSearchParams({ query: '{ documents { edges { node { slug } } } }' })}`;
      const first = await get(url);
      expect(first.etag).toMatch(/^"/);
      const again = await get(url, { 'if-none-match': first.etag! });
      expect(again.status).toBe(304);
      expect(again.body).toBe('');
      expect(again.etag).toBe(first.etag);
    } finally {
      await server.stop();
    }
  });
});
