// Search pages reach only the best MAX_SEARCH_DEPTH hits. A cursor is an offset, and every hit before
// it was ranked and given a snippet, synchronously: a cursor 800,000 deep into a phrase that every
// paragraph of a large version holds kept the server from answering anyone for 17 seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SEARCH_DEPTH } from '../../src/schema/search.ts';
import { mutate, startTestServer, type TestServer } from '../support/server.ts';

const RESULT = `__typename ... on Error { message code }`;
const REGISTER = `mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { ${RESULT} } }`;
const IMPORT = `mutation($input: ImportDraftInput!) { importDraft(input: $input) { ${RESULT} } }`;
const PUBLISH = `mutation($input: PublishDraftInput!) { publishDraft(input: $input) { ${RESULT} } }`;
const SEARCH = `query($after: String) { search(text: "common", first: 100, after: $after) {
  edges { cursor } pageInfo { hasNextPage endCursor } } }`;

type Page = { search: { edges: { cursor: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

const cursorAt = (offset: number) => Buffer.from(`search:${offset}`).toString('base64url');

describe('search paging past its depth', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ SEED: 'false' });
    const slug = 'common-words';
    await mutate(server, REGISTER, { slug, title: 'Common words', kind: 'STATUTORY_GUIDANCE' });
    const paragraphs = Array.from({ length: MAX_SEARCH_DEPTH + 50 }, (_, i) => `A common paragraph ${i}.`);
    const content = `# Common\n\n${paragraphs.join('\n\n')}\n`;
    expect(
      await mutate(server, IMPORT, { slug, label: 'v1', changeNote: 'Import', format: 'MARKDOWN', content }),
    ).toMatchObject({
      __typename: 'ImportDraftSuccess',
    });
    expect(await mutate(server, PUBLISH, { slug, label: 'v1', publishedOn: '2024-01-01' })).toMatchObject({
      __typename: 'PublishDraftSuccess',
    });
  }, 60_000);
  afterAll(() => server.stop());

  it('given more matches than the depth, when paging to its end, then the last page stops at the depth', async () => {
    const res = await server.gql<Page>(SEARCH, { after: cursorAt(MAX_SEARCH_DEPTH - 101) });
    expect(res.errors).toBeUndefined();
    expect(res.data!.search.edges).toHaveLength(100);
    expect(res.data!.search.pageInfo).toEqual({ hasNextPage: false, endCursor: cursorAt(MAX_SEARCH_DEPTH - 1) });
  });

  it.each([MAX_SEARCH_DEPTH - 1, 800_000])(
    'given a cursor at offset %i, at or past the depth, when searching, then BAD_USER_INPUT names the depth',
    async (offset) => {
      const res = await server.gql<Page>(SEARCH, { after: cursorAt(offset) });
      expect(res.data?.search ?? null).toBeNull();
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toMatch(`best ${MAX_SEARCH_DEPTH} hits`);
    },
  );
});
