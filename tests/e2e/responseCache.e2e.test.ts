// Public answers are cached by the log position the read models reflect: a repeated query is served
// from memory, and any recorded change is visible to the very next read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const QUERY = '{ document(slug: "cached-guide") { revision versions { label } } }';
const REGISTER = `mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { __typename } }`;
const PUBLISH = `mutation($input: PublishVersionInput!) { publishVersion(input: $input) { __typename } }`;

async function post(server: TestServer, query: string, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(server.url, { method: 'POST', headers, body: JSON.stringify({ query }) });
  return { etag: res.headers.get('etag'), body: await res.text() };
}

async function publish(server: TestServer, label: string) {
  const input = {
    slug: 'cached-guide',
    label,
    publishedOn: '2024-01-01',
    changeNote: `Version ${label}`,
    sections: [{ key: 'one', heading: 'One', body: `Text of ${label}` }],
  };
  const res = await server.gql<{ publishVersion: { __typename: string } }>(PUBLISH, { input }, { token: EDITOR_TOKEN });
  expect(res.data?.publishVersion.__typename).toBe('PublishVersionSuccess');
}

describe('the public response cache', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SEED: 'false' });
    const input = { slug: 'cached-guide', title: 'Cached guide', kind: 'PRACTICE_GUIDANCE' };
    const res = await server.gql<{ registerDocument: { __typename: string } }>(
      REGISTER,
      { input },
      { token: EDITOR_TOKEN },
    );
    expect(res.data?.registerDocument.__typename).toBe('RegisterDocumentSuccess');
  });
  afterAll(() => server.stop());

  it('answers a repeated public query with the same bytes under one cache key', async () => {
    const first = await post(server, QUERY);
    const second = await post(server, QUERY);
    expect(first.etag).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toEqual(first);
  });

  it('shows a change recorded after a cached answer on the next read', async () => {
    const before = await post(server, QUERY);
    await publish(server, 'v1');
    const after = await post(server, QUERY);
    expect(after.etag).not.toBe(before.etag);
    expect(JSON.parse(after.body)).toEqual({ data: { document: { revision: 1, versions: [{ label: 'v1' }] } } });
    await publish(server, 'v2');
    expect(JSON.parse((await post(server, QUERY)).body).data.document.versions).toEqual([
      { label: 'v1' },
      { label: 'v2' },
    ]);
  });

  it('never caches answers for a token holder', async () => {
    const answer = await post(server, QUERY, EDITOR_TOKEN);
    expect(answer.etag).toBeNull();
    expect(JSON.parse(answer.body).data.document.revision).toBeGreaterThan(0);
  });

  it('does not cache answers with errors', async () => {
    const answer = await post(server, '{ document(slug: "cached-guide") { inForce(asOf: "not-a-date") { label } } }');
    expect(answer.etag).toBeNull();
    expect(JSON.parse(answer.body).errors).toBeDefined();
  });
});

describe('with RESPONSE_CACHE_SIZE=0', () => {
  it('executes every query', async () => {
    const server = await startTestServer({ SEED: 'false', RESPONSE_CACHE_SIZE: '0' });
    try {
      expect((await post(server, QUERY)).etag).toBeNull();
    } finally {
      await server.stop();
    }
  });
});
