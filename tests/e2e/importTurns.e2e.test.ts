// A document is read in a worker thread, so an import waiting for the reader, or being read, uses
// none of the server's own time: it gives its execution turn (MAX_CONCURRENT_REQUESTS) back
// meanwhile. Holding it, two imports took both default turns, every other client waited for them,
// and IMPORT_PARSE_QUEUE_LIMIT was never reached, so no import was ever refused with a BusyError.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITOR_TOKEN, mutate, startTestServer, type MutationResult, type TestServer } from '../support/server.ts';

const REGISTER = `mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { __typename } }`;
const IMPORT = `mutation($input: ImportDraftInput!) { importDraft(input: $input) { __typename ... on Error { code } } }`;
const BUDGET_MS = 1_500;

/** Markdown that takes remark seconds to read (one paragraph of 100,000 short lines). */
const SLOW = `# Contents\n\n${'word\n'.repeat(100_000)}`;

describe('imports waiting for the document reader beside other clients', () => {
  let server: TestServer;
  const slug = 'turns-import';

  beforeAll(async () => {
    server = await startTestServer({
      SEED: 'false',
      MAX_CONCURRENT_REQUESTS: '2',
      IMPORT_PARSE_TIMEOUT_MS: String(BUDGET_MS),
      IMPORT_PARSE_CONCURRENCY: '1',
      IMPORT_PARSE_QUEUE_LIMIT: '1',
    });
    await mutate(server, REGISTER, { slug, title: 'Turns import', kind: 'STATUTORY_GUIDANCE' });
  });
  afterAll(() => server.stop());

  it('given two execution turns, when three slow documents are imported at once, then the third is refused as busy and another client is answered while the others are read', async () => {
    const order: string[] = [];
    const imports = ['a', 'b', 'c'].map((label) =>
      server
        .gql<{ importDraft: MutationResult }>(
          IMPORT,
          { input: { slug, label, changeNote: 'Import', format: 'MARKDOWN', content: SLOW } },
          { token: EDITOR_TOKEN },
        )
        .then((res) => {
          order.push(`import ${res.data?.importDraft.__typename}`);
          return res.data?.importDraft.__typename;
        }),
    );
    const read = server.gql<{ document: { slug: string } }>(`{ document(slug: "${slug}") { slug } }`).then((res) => {
      order.push('read');
      return res.data?.document.slug;
    });

    expect(await read).toBe(slug);
    expect((await Promise.all(imports)).sort()).toEqual(['BusyError', 'ValidationError', 'ValidationError']);
    // The read and the refusal came before either document's reading ended (each over its budget).
    expect(order.indexOf('read')).toBeLessThan(order.indexOf('import ValidationError'));
    expect(order.indexOf('import BusyError')).toBeLessThan(order.indexOf('import ValidationError'));
  }, 30_000);
});
