// Markdown whose blocks are many but small (a 4,000,000-character list of "- item" lines is half a
// million list items) is refused before remark parses it: remark keeps tens of kilobytes of heap
// per block, so such a document exhausted the server's heap and killed it, for every client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MARKDOWN_BLOCKS } from '../../src/domain/documents/import/markdownBounds.ts';
import { expectRefused, mutate, startTestServer, type TestServer } from '../support/server.ts';

const RESULT = `__typename ... on Error { message code } ... on ValidationError { fields { path message } }`;
const REGISTER = `mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { ${RESULT} } }`;
const IMPORT = `mutation($input: ImportDraftInput!) { importDraft(input: $input) { ${RESULT} } }`;

describe('importing Markdown with more blocks than any guidance document has', () => {
  let server: TestServer;
  const slug = 'many-blocks';

  beforeAll(async () => {
    server = await startTestServer({ SEED: 'false' });
    await mutate(server, REGISTER, { slug, title: 'Many blocks', kind: 'STATUTORY_GUIDANCE' });
  });
  afterAll(() => server.stop());

  it.each([
    ['a flat list', `# List\n\n${'- item\n'.repeat(MAX_MARKDOWN_BLOCKS + 1)}`],
    ['paragraphs', `# Paragraphs\n\n${'p\n\n'.repeat(MAX_MARKDOWN_BLOCKS + 1)}`],
    ['headings', '# H\n\n'.repeat(MAX_MARKDOWN_BLOCKS + 1)],
  ])(
    'given %s one block over the limit, when imported, then a ValidationError on content names the limit and nothing is appended',
    async (_shape, content) => {
      const input = { slug, label: 'v1', changeNote: 'Import', format: 'MARKDOWN', content };
      const refused = (await expectRefused(server, IMPORT, input, 'ValidationError')) as unknown as {
        fields: { path: string; message: string }[];
      };
      expect(refused.fields[0]!.path).toBe('content');
      expect(refused.fields[0]!.message).toMatch(`at most ${MAX_MARKDOWN_BLOCKS} blocks`);
    },
    60_000,
  );

  it('given lists of exactly the limit in blocks, when imported, then they are the draft', async () => {
    // Four sections (a section holds at most 5,000 paragraphs), each a heading and its list.
    const section = (i: number) => `# Part ${i}\n\n${'- item\n'.repeat(MAX_MARKDOWN_BLOCKS / 4 - 1)}\n`;
    const content = [1, 2, 3, 4].map(section).join('');
    const input = { slug, label: 'v1', changeNote: 'Import', format: 'MARKDOWN', content };
    const result = await mutate(server, IMPORT, input);
    expect(result).toMatchObject({ __typename: 'ImportDraftSuccess' });
  }, 60_000);
});
