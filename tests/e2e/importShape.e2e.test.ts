// Imported content whose shape no guidance document has (thousands of headings, elements or
// block quotes nested hundreds of levels deep) is refused with a ValidationError on `content`,
// appending nothing, instead of overflowing the readers' stack, stalling the parsers (remark never
// finishes 100,000 nested ">") or keying sections for minutes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused, mutate, startTestServer, type TestServer } from '../support/server.ts';

const RESULT = `__typename ... on Error { message code } ... on ValidationError { fields { path message } }`;
const REGISTER = `mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { ${RESULT} } }`;
const IMPORT = `mutation($input: ImportDraftInput!) { importDraft(input: $input) { ${RESULT} } }`;

describe('importing content of an unreasonable shape', () => {
  let server: TestServer;
  const slug = 'odd-shapes';

  beforeAll(async () => {
    server = await startTestServer({ SEED: 'false' });
    await mutate(server, REGISTER, { slug, title: 'Odd shapes', kind: 'STATUTORY_GUIDANCE' });
  });
  afterAll(() => server.stop());

  it.each([
    ['HTML', '<h1>a</h1><p>x</p>'.repeat(2_001), /at most 500 sections \(this has 2001\)/],
    // One over what a version may have: refused on content before its keys are worked out.
    ['HTML', '<h1>a</h1><p>x</p>'.repeat(501), /at most 500 sections \(this has 501\)/],
    ['HTML', `<h1>Deep</h1>${'<div>'.repeat(5_000)}text`, /nests more than 100 levels deep/],
    ['HTML', `<h1>Deep</h1>${'<b>'.repeat(5_000)}text`, /nests more than 100 levels deep/],
    ['MARKDOWN', `# Deep\n\n${'>'.repeat(300)} text`, /nests more than 16 levels deep/],
    // Shapes the parsers take seconds or forever over, refused by the scan before parsing.
    ['MARKDOWN', `# Deep\n\n${'>'.repeat(100_000)} text`, /nests more than 16 levels deep/],
    ['MARKDOWN', `# Deep\n\n${'- '.repeat(100_000)}text`, /nests more than 16 levels deep/],
    [
      'MARKDOWN',
      `# Deep\n\n${Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(2 * i)}- item`).join('\n')}`,
      /nests more than 16 levels deep/,
    ],
    ['HTML', `<h1>Deep</h1>${'<table><tr><td>'.repeat(100_000)}text`, /nests more than 100 levels deep/],
    ['HTML', `<h1>Deep</h1>${'<div><p>x'.repeat(100_000)}`, /nests more than 100 levels deep/],
  ] as const)(
    'given %s content %#, when imported, then a ValidationError on content says what is wrong and nothing is appended',
    async (format, content, message) => {
      const input = { slug, label: 'v1', changeNote: 'Import', format, content };
      const refused = (await expectRefused(server, IMPORT, input, 'ValidationError')) as unknown as {
        fields: { path: string; message: string }[];
      };
      expect(refused.fields[0]!.path).toBe('content');
      expect(refused.fields[0]!.message).toMatch(message);
    },
  );
});
