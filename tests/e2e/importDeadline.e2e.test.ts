// An import's request has a deadline (REQUEST_TIMEOUT_MS) and a client that may leave: once its
// request has ended, an import waiting for the document reader gives up its place in the queue, one
// being read stops its worker, and neither records a draft later. Otherwise requests already
// answered keep the reader's queue full (the next import refused with a BusyError though nobody
// waits) and save drafts their editors were never told about.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITOR_TOKEN, mutate, startTestServer, type MutationResult, type TestServer } from '../support/server.ts';

const REGISTER = `mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { __typename } }`;
const IMPORT = `mutation($input: ImportDraftInput!) { importDraft(input: $input) { __typename ... on Error { message code } } }`;
const DEADLINE_MS = 1_500;

/** Markdown that takes remark seconds to read (one paragraph of 100,000 short lines). */
const SLOW = `# Contents\n\n${'word\n'.repeat(100_000)}`;
const QUICK = '# Purpose\n\nWhy we share information.\n';

describe('an import whose request ended while its document waited or was being read', () => {
  let server: TestServer;
  const slug = 'deadline-import';
  const importDraft = (label: string, content: string) =>
    server.gql<{ importDraft: MutationResult }>(
      IMPORT,
      { input: { slug, label, changeNote: 'Import', format: 'MARKDOWN', content } },
      { token: EDITOR_TOKEN },
    );
  const draftLabel = async () =>
    (
      await server.gql<{ document: { draft: { label: string } | null } }>(
        `{ document(slug: "${slug}") { draft { label } } }`,
        {},
        { token: EDITOR_TOKEN },
      )
    ).data?.document.draft?.label ?? null;

  beforeAll(async () => {
    server = await startTestServer({
      SEED: 'false',
      REQUEST_TIMEOUT_MS: String(DEADLINE_MS),
      // The reader's own budget is far beyond the deadline: only the request's end may stop a read.
      IMPORT_PARSE_TIMEOUT_MS: '60000',
      IMPORT_PARSE_CONCURRENCY: '1',
      IMPORT_PARSE_QUEUE_LIMIT: '1',
      MAX_CONCURRENT_REQUESTS: '4',
    });
    await mutate(server, REGISTER, { slug, title: 'Deadline import', kind: 'STATUTORY_GUIDANCE' });
  });
  afterAll(() => server.stop());

  it('given one document being read and one waiting when their deadlines pass, when the next is imported, then it is read (not refused as busy) and only its draft is recorded', async () => {
    const before = await server.services.store.headPosition();
    // One is read, the other waits in the only place in the queue; both outlive their deadline.
    const started = Date.now();
    const ended = Promise.all(
      [importDraft('slow-1', SLOW), importDraft('slow-2', SLOW)].map((answer) =>
        answer.then((res) => ({ res, ms: Date.now() - started })),
      ),
    );
    await sleep(DEADLINE_MS + 500);

    const next = await importDraft('quick', QUICK);
    expect(next.data?.importDraft).toEqual({ __typename: 'ImportDraftSuccess' });
    expect(await draftLabel()).toBe('quick');

    // Both were answered at their deadline, not when their documents would have been read, and
    // told so in words: a bare `{"errors":[]}` said nothing of why.
    for (const { res, ms } of await ended) {
      expect(ms).toBeLessThan(DEADLINE_MS + 1_500);
      expect(res.status).toBe(503);
      expect(res.data).toBeUndefined();
      expect(res.errors).toEqual([
        {
          message: expect.stringContaining(`did not finish within ${DEADLINE_MS} ms`),
          extensions: { code: 'TIMEOUT', limit: 'REQUEST_TIMEOUT_MS' },
        },
      ]);
    }
    // Longer than the slow documents take to read: neither records its draft after its request ended.
    await sleep(6_000);
    expect(await draftLabel()).toBe('quick');
    expect(await server.services.store.headPosition()).toBe(before + 1n);
  }, 30_000);
});
