// Reading an imported document can take seconds (remark on thousands of flat list items), so
// importDraft reads it in a worker thread with a time budget (IMPORT_PARSE_TIMEOUT_MS): the server
// keeps answering other clients meanwhile, a document over the budget is a ValidationError on
// `content` that appends nothing, and imports beyond the reader's queue are refused at once with a
// BusyError (the service's state, not the input's fault).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITOR_TOKEN, mutate, startTestServer, type MutationResult, type TestServer } from '../support/server.ts';

const RESULT = `__typename ... on Error { message code } ... on ValidationError { fields { path message } }`;
const REGISTER = `mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { ${RESULT} } }`;
const IMPORT = `mutation($input: ImportDraftInput!) { importDraft(input: $input) { ${RESULT} ... on BusyError { retryAfterSeconds } } }`;
const BUDGET_MS = 1_000;

/**
 * Markdown with one heading over one paragraph of `lines` short lines: slow for remark (100,000 take
 * seconds), however shallow, and few blocks (a document of over MAX_MARKDOWN_BLOCKS list items is
 * refused before it is read).
 */
function manyLines(lines: number): string {
  return `# Contents\n\n${'word\n'.repeat(lines)}`;
}

type Refusal = MutationResult & { fields: { path: string; message: string }[] };

describe('importing a document that is slow to read', () => {
  let server: TestServer;
  const slug = 'slow-to-read';
  const importSlow = (label: string) =>
    server.gql<{ importDraft: Refusal }>(
      IMPORT,
      { input: { slug, label, changeNote: 'Import', format: 'MARKDOWN', content: manyLines(100_000) } },
      { token: EDITOR_TOKEN },
    );

  beforeAll(async () => {
    server = await startTestServer({
      SEED: 'false',
      IMPORT_PARSE_TIMEOUT_MS: String(BUDGET_MS),
      IMPORT_PARSE_CONCURRENCY: '1',
      IMPORT_PARSE_QUEUE_LIMIT: '0',
    });
    await mutate(server, REGISTER, { slug, title: 'Slow to read', kind: 'STATUTORY_GUIDANCE' });
  });
  afterAll(() => server.stop());

  it('given a document over the time budget, when imported, then other clients are answered while it is read and it is refused on content, appending nothing', async () => {
    const before = await server.services.store.headPosition();
    const order: string[] = [];
    let importAnswered = false;
    const slow = importSlow('v1').then((res) => {
      importAnswered = true;
      order.push('import');
      return res;
    });
    // Another client asks a simple question again and again until the import is answered.
    let answered = 0;
    while (!importAnswered) {
      const res = await server.gql<{ document: unknown }>(`{ document(slug: "${slug}") { slug } }`);
      expect(res.errors).toBeUndefined();
      if (!importAnswered) {
        answered += 1;
        order.push('query');
      }
    }
    const res = await slow;
    // The queries were answered while the document was being read, not after it.
    expect(answered).toBeGreaterThanOrEqual(3);
    expect(order.at(-1)).toBe('import');
    expect(res.errors).toBeUndefined();
    expect(res.data!.importDraft.__typename).toBe('ValidationError');
    expect(res.data!.importDraft.fields).toEqual([
      {
        path: 'content',
        message: `the document took longer than ${BUDGET_MS} ms to read; split it or simplify it`,
      },
    ]);
    expect(await server.services.store.headPosition()).toBe(before);
  });

  it('given a document being read and no room in the queue, when another is imported, then it is refused at once as busy, not as bad input', async () => {
    const before = await server.services.store.headPosition();
    const answers = await Promise.all([importSlow('v1'), importSlow('v1b')]);
    const outcomes = answers
      .map((res) => res.data!.importDraft)
      .sort((a, b) => a.__typename.localeCompare(b.__typename));
    expect(outcomes).toEqual([
      {
        __typename: 'BusyError',
        code: 'BUSY',
        message:
          'other documents are being read and no more may wait for a turn (IMPORT_PARSE_QUEUE_LIMIT is 0); try again in a moment',
        retryAfterSeconds: 1,
      },
      {
        __typename: 'ValidationError',
        code: 'VALIDATION_FAILED',
        message: expect.any(String),
        fields: [
          {
            path: 'content',
            message: `the document took longer than ${BUDGET_MS} ms to read; split it or simplify it`,
          },
        ],
      },
    ]);
    expect(await server.services.store.headPosition()).toBe(before);
  });
});

describe('importing a document that needs more memory to read than its worker may use', () => {
  let server: TestServer;
  const slug = 'large-to-read';

  beforeAll(async () => {
    server = await startTestServer({ SEED: 'false', IMPORT_PARSE_TIMEOUT_MS: '60000', IMPORT_PARSE_MEMORY_MB: '16' });
    await mutate(server, REGISTER, { slug, title: 'Large to read', kind: 'STATUTORY_GUIDANCE' });
  });
  afterAll(() => server.stop());

  it('given a list whose parse tree outgrows IMPORT_PARSE_MEMORY_MB, when imported, then only the worker stops: the import is refused on content, nothing is appended, and the server answers on', async () => {
    const before = await server.services.store.headPosition();
    // 9,000 list items (under the block limit): remark holds tens of KB for each.
    const content = `# Contents\n\n${Array.from({ length: 9_000 }, (_, i) => `- item ${i} of a long list`).join('\n')}\n`;
    const res = await server.gql<{ importDraft: Refusal }>(
      IMPORT,
      { input: { slug, label: 'v1', changeNote: 'Import', format: 'MARKDOWN', content } },
      { token: EDITOR_TOKEN },
    );
    expect(res.data?.importDraft.__typename).toBe('ValidationError');
    expect(res.data?.importDraft.fields).toEqual([
      { path: 'content', message: expect.stringContaining('needs more than 16 MiB to read') },
    ]);
    expect(await server.services.store.headPosition()).toBe(before);
    const after = await server.gql<{ document: { slug: string } }>(`{ document(slug: "${slug}") { slug } }`);
    expect(after.data?.document.slug).toBe(slug);
  });
});
