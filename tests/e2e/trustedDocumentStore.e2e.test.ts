// The trusted-documents store as an operator may leave it: edited by hand so that an entry's text no
// longer has its key's hash, cut short mid-edit, holding something other than text, or missing.
// A hash a client sends must only ever run the document of that hash, and a broken store must
// neither answer 500 nor replace the documents the server already holds.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { persistOperationsFrom } from '../../src/http/persistOperationsCommand.ts';
import { documentHash, MAX_TRUSTED_STORE_BYTES, TRUSTED_DOCUMENTS_FILE } from '../../src/http/trustedDocuments.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { tempDir } from '../support/tempDir.ts';

const TITLE = 'query Title {\n  document(slug: "working-together-to-safeguard-children") {\n    title\n  }\n}';
const OTHER = 'query Other {\n  __typename\n}';

/** Replaces the store file in one step (a new inode, as an editor saving a copy would). */
function writeStore(dataDir: string, text: string): void {
  const file = join(dataDir, TRUSTED_DOCUMENTS_FILE);
  writeFileSync(`${file}.new`, text);
  renameSync(`${file}.new`, file);
}

async function runByHash(server: TestServer, sha256Hash: string) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash } } }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] },
  };
}

describe('trusted-documents store that was edited, broken or removed', () => {
  const data = tempDir('sgh-trusted-store-');
  const titleHash = documentHash(TITLE);
  let server: TestServer;
  beforeAll(async () => {
    writeStore(data.path, JSON.stringify({ documents: { [titleHash]: TITLE } }));
    server = await startTestServer({ TRUSTED_DOCUMENTS_ONLY: 'true' }, data.path);
  });
  afterAll(async () => {
    await server.stop();
    data.remove();
  });

  it('never runs an entry whose text is not the document of its hash, and keeps serving the documents it holds', async () => {
    const forged = 'b'.repeat(64);
    writeStore(
      data.path,
      JSON.stringify({ documents: { [titleHash]: TITLE, [forged]: OTHER, [documentHash(OTHER)]: OTHER } }),
    );
    const answer = await runByHash(server, forged);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    // The whole edited file was refused, so even its valid new entry is not taken...
    expect((await runByHash(server, documentHash(OTHER))).body.errors?.[0]?.extensions?.code).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
    // ...and what was read before still runs.
    expect((await runByHash(server, titleHash)).body).toEqual({
      data: { document: { title: 'Working Together to Safeguard Children' } },
    });
  });

  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, not 500, when the store is not JSON or holds no text', async () => {
    for (const text of ['{"documents": {"', JSON.stringify({ documents: { ['c'.repeat(64)]: 5 } }), '[]']) {
      writeStore(data.path, text);
      const answer = await runByHash(server, 'c'.repeat(64));
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect((await runByHash(server, titleHash)).body.errors).toBeUndefined();
    }
  });

  it('does not read a store larger than MAX_TRUSTED_STORE_BYTES, keeping the documents it holds', async () => {
    // Valid JSON that would empty the store, padded past the limit.
    writeStore(data.path, `${JSON.stringify({ documents: {} })}${' '.repeat(MAX_TRUSTED_STORE_BYTES)}`);
    expect((await runByHash(server, 'c'.repeat(64))).body.errors?.[0]?.extensions?.code).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
    expect((await runByHash(server, titleHash)).body.errors).toBeUndefined();
  });

  it('takes a store put right again, and an empty one when the file is removed', async () => {
    writeStore(data.path, JSON.stringify({ documents: { [titleHash]: TITLE, [documentHash(OTHER)]: OTHER } }));
    expect((await runByHash(server, documentHash(OTHER))).body).toEqual({ data: { __typename: 'Query' } });
    rmSync(join(data.path, TRUSTED_DOCUMENTS_FILE));
    expect((await runByHash(server, 'd'.repeat(64))).body.errors?.[0]?.extensions?.code).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
    expect((await runByHash(server, titleHash)).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('does not start over a store with an entry under the wrong hash, naming the file', async () => {
    const other = tempDir('sgh-trusted-bad-');
    try {
      writeStore(other.path, JSON.stringify({ documents: { ['e'.repeat(64)]: OTHER } }));
      await expect(startTestServer({}, other.path)).rejects.toThrow(/trusted-documents\.json: the entry "e{64}"/);
    } finally {
      other.remove();
    }
  });

  it('persist-operations leaves a store that fails its checks as it is, with exit code 2', () => {
    const other = tempDir('sgh-trusted-cli-');
    const ops = tempDir('sgh-trusted-ops-');
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const broken = JSON.stringify({ documents: { ['f'.repeat(64)]: OTHER } });
      writeStore(other.path, broken);
      writeFileSync(join(ops.path, 'title.graphql'), TITLE);
      expect(persistOperationsFrom(ops.path, other.path)).toBe(2);
      expect(error.mock.calls.flat().join('\n')).toMatch(/No operations persisted: .*does not hold a document/);
      expect(readFileSync(join(other.path, TRUSTED_DOCUMENTS_FILE), 'utf8')).toBe(broken);
    } finally {
      error.mockRestore();
      other.remove();
      ops.remove();
    }
  });
});

describe('answers of trusted documents kept by the response cache', () => {
  const data = tempDir('sgh-trusted-cache-');
  let server: TestServer;
  beforeAll(async () => {
    writeStore(
      data.path,
      JSON.stringify({ documents: { [documentHash(TITLE)]: TITLE, [documentHash(OTHER)]: OTHER } }),
    );
    server = await startTestServer({}, data.path);
  });
  afterAll(async () => {
    await server.stop();
    data.remove();
  });

  it('are each kept under their own document: a second hash is never answered with the first one’s answer', async () => {
    const title = { data: { document: { title: 'Working Together to Safeguard Children' } } };
    const other = { data: { __typename: 'Query' } };
    // Twice each, so the second of each pair comes from the cache.
    for (const [hash, expected] of [
      [documentHash(TITLE), title],
      [documentHash(OTHER), other],
      [documentHash(TITLE), title],
      [documentHash(OTHER), other],
    ] as const) {
      expect((await runByHash(server, hash)).body).toEqual(expected);
      const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } });
      const byGet = await fetch(`${server.url}?${new URLSearchParams({ extensions })}`, {
        headers: { accept: 'application/json' },
      });
      expect(await byGet.json()).toEqual(expected);
    }
  });
});
