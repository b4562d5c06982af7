// Trusted documents: `persist-operations` takes the operations of a folder of .graphql files into
// DATA_DIR's store; with TRUSTED_DOCUMENTS_ONLY=true a request without a token runs only those (by
// hash, also as a cacheable GET), while editors and auditors may still send any operation.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { persistOperationsFrom } from '../../src/http/persistOperationsCommand.ts';
import { documentHash, TRUSTED_DOCUMENTS_FILE } from '../../src/http/trustedDocuments.ts';
import { AUDITOR_TOKEN, EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';
import { tempDir } from '../support/tempDir.ts';

const COMPARE = `query Compare($from: String!, $to: String!) {
  document(slug: "working-together-to-safeguard-children") { compare(from: $from, to: $to) { summary { ...Counts } } }
}`;
const FRAGMENTS = 'fragment Counts on ComparisonSummary { added removed moved renamed }';
const TITLE = 'query Title { document(slug: "working-together-to-safeguard-children") { title } }';

function persistQuietly(dir: string, dataDir: string): { code: number; manifest: Record<string, string> } {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const code = persistOperationsFrom(dir, dataDir);
    return { code, manifest: code === 0 ? (JSON.parse(out) as Record<string, string>) : {} };
  } finally {
    write.mockRestore();
    error.mockRestore();
  }
}

async function post(server: TestServer, body: Record<string, unknown>, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(server.url, { method: 'POST', headers, body: JSON.stringify(body) });
  return {
    status: res.status,
    body: (await res.json()) as {
      data?: Record<string, unknown>;
      errors?: { message: string; extensions?: { code?: string } }[];
    },
  };
}

describe('trusted documents', () => {
  const data = tempDir('sgh-trusted-');
  const ops = tempDir('sgh-ops-');
  let server: TestServer;
  let manifest: Record<string, string>;
  beforeAll(async () => {
    mkdirSync(join(ops.path, 'nested'));
    writeFileSync(join(ops.path, 'compare.graphql'), COMPARE);
    writeFileSync(join(ops.path, 'nested', 'fragments.gql'), FRAGMENTS);
    writeFileSync(join(ops.path, 'title.graphql'), TITLE);
    const persisted = persistQuietly(ops.path, data.path);
    expect(persisted.code).toBe(0);
    manifest = persisted.manifest;
    server = await startTestServer({ TRUSTED_DOCUMENTS_ONLY: 'true' }, data.path);
  });
  afterAll(async () => {
    await server.stop();
    data.remove();
    ops.remove();
  });

  it('stores each operation with the fragments it uses, under the SHA-256 of its text', () => {
    expect(Object.keys(manifest).sort()).toEqual(['Compare', 'Title']);
    const store = JSON.parse(readFileSync(join(data.path, TRUSTED_DOCUMENTS_FILE), 'utf8')) as {
      documents: Record<string, string>;
    };
    const compare = store.documents[manifest.Compare!]!;
    expect(compare).toContain('fragment Counts on ComparisonSummary');
    expect(documentHash(compare)).toBe(manifest.Compare);
  });

  it('runs a trusted document by hash for a reader without a token, by POST and by cacheable GET', async () => {
    const extensions = { persistedQuery: { version: 1, sha256Hash: manifest.Compare } };
    const byPost = await post(server, { extensions, variables: { from: '2018', to: '2023' } });
    expect(byPost.body.errors).toBeUndefined();
    expect(byPost.body.data).toMatchObject({
      document: { compare: { summary: { moved: expect.any(Number), renamed: expect.any(Number) } } },
    });
    const url = `${server.url}?${new URLSearchParams({ extensions: JSON.stringify(extensions), variables: JSON.stringify({ from: '2018', to: '2023' }) })}`;
    const byGet = await fetch(url, { headers: { accept: 'application/json' } });
    expect(byGet.status).toBe(200);
    expect(byGet.headers.get('cache-control')).toMatch(/^public/);
    expect(await byGet.json()).toEqual(byPost.body);
  });

  it('refuses a free-form operation from a reader without a token, saying how to send one', async () => {
    const refused = await post(server, { query: TITLE });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
    expect(refused.body.errors?.[0]?.message).toContain('TRUSTED_DOCUMENTS_ONLY');
    const byGet = await fetch(`${server.url}?${new URLSearchParams({ query: TITLE })}`, {
      headers: { accept: 'application/json' },
    });
    expect(byGet.status).toBe(400);
    expect(byGet.headers.get('cache-control')).toBe('private, no-store');
  });

  it('lets editors and auditors send any operation; a token that is not valid does not', async () => {
    for (const token of [EDITOR_TOKEN, AUDITOR_TOKEN]) {
      const answer = await post(server, { query: TITLE }, token);
      expect(answer.body).toEqual({ data: { document: { title: 'Working Together to Safeguard Children' } } });
    }
    const forged = await post(server, { query: TITLE }, 'not-a-token-anyone-was-given');
    expect(forged.body.data).toBeUndefined();
    expect(forged.body.errors?.[0]?.extensions?.code).toMatch(/PERSISTED_QUERY_ONLY|UNAUTHENTICATED/);
  });

  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND', async () => {
    const answer = await post(server, { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('takes operations persisted while the server runs without a restart', async () => {
    const more = tempDir('sgh-ops-more-');
    try {
      writeFileSync(join(more.path, 'board.graphql'), 'query Board { board(asOf: "2021-06-01") { size } }');
      const persisted = persistQuietly(more.path, data.path);
      expect(persisted.code).toBe(0);
      const answer = await post(server, {
        extensions: { persistedQuery: { version: 1, sha256Hash: persisted.manifest.Board } },
      });
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data).toHaveProperty('board.size');
    } finally {
      more.remove();
    }
  });

  it('persists nothing when an operation is refused by the schema or uses an unknown fragment', () => {
    const before = readFileSync(join(data.path, TRUSTED_DOCUMENTS_FILE), 'utf8');
    for (const text of [
      'query Bad { document(slug: "x") { noSuchField } }',
      'query Frag { board { ...Missing } }',
      'query {',
    ]) {
      const bad = tempDir('sgh-ops-bad-');
      try {
        writeFileSync(join(bad.path, 'bad.graphql'), text);
        writeFileSync(join(bad.path, 'good.graphql'), 'query Good { board { size } }');
        expect(persistQuietly(bad.path, data.path).code).toBe(2);
      } finally {
        bad.remove();
      }
    }
    expect(readFileSync(join(data.path, TRUSTED_DOCUMENTS_FILE), 'utf8')).toBe(before);
  });
});
