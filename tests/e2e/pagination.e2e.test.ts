// Relay connections read from either end over HTTP, and every position, cursor, instant and
// global id a client sends is checked before it reaches SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDITOR_TOKEN, EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const WT = 'working-together-to-safeguard-children';
const TOO_BIG = '9223372036854775808'; // 2^63: one past SQLite's largest integer

type Page<N> = {
  edges: { cursor: string; node: N }[];
  pageInfo: { hasPreviousPage: boolean; hasNextPage: boolean; startCursor: string | null; endCursor: string | null };
};
const PAGE_INFO = 'pageInfo { hasPreviousPage hasNextPage startCursor endCursor }';

describe('connections and checked arguments over HTTP', () => {
  let server: TestServer;
  const events = async (args: string) => {
    const res = await server.gql<{ events: Page<{ position: string }> }>(
      `{ events(${args}) { edges { cursor node { position } } ${PAGE_INFO} } }`,
      {},
      { token: AUDITOR_TOKEN },
    );
    return res;
  };
  const positions = (page: Page<{ position: string }>) => page.edges.map((e) => e.node.position);
  const codeOf = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  describe('backward pagination (Relay last/before)', () => {
    it('events(last: 2) answers the last two events of the log', async () => {
      const all = positions((await events('first: 500')).data!.events);
      const res = await events('last: 2');
      expect(res.errors).toBeUndefined();
      expect(positions(res.data!.events)).toEqual(all.slice(-2));
      expect(res.data!.events.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    });

    it('events(last: 3, before: <cursor of the 10th>) answers the 7th to 9th', async () => {
      const all = (await events('first: 500')).data!.events;
      const tenth = all.edges[9]!.cursor;
      const res = await events(`last: 3, before: "${tenth}"`);
      expect(res.errors).toBeUndefined();
      expect(positions(res.data!.events)).toEqual(positions(all).slice(6, 9));
      expect(res.data!.events.pageInfo).toMatchObject({
        hasPreviousPage: true,
        hasNextPage: true,
        startCursor: all.edges[6]!.cursor,
        endCursor: all.edges[8]!.cursor,
      });
    });

    it('pages forward with first/after and back with last/before to the same events', async () => {
      const all = positions((await events('first: 500')).data!.events);
      const forward = (await events(`first: 4, after: "${(await events('first: 3')).data!.events.pageInfo.endCursor}"`))
        .data!.events;
      expect(positions(forward)).toEqual(all.slice(3, 7));
      expect(forward.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
      const back = (await events(`last: 3, before: "${forward.pageInfo.startCursor}"`)).data!.events;
      expect(positions(back)).toEqual(all.slice(0, 3));
      expect(back.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    });

    it('reads documents, publications, members and a document history from the end too', async () => {
      const pairs: [string, string, string | undefined][] = [
        ['documents', 'node { slug }', undefined],
        ['publications', 'node { slug }', undefined],
        ['members', 'node { memberId }', undefined],
      ];
      for (const [field, selection] of pairs) {
        const all = await server.gql<Record<string, Page<unknown>>>(
          `{ ${field}(first: 100) { edges { ${selection} } } }`,
        );
        const last = await server.gql<Record<string, Page<unknown>>>(
          `{ ${field}(last: 2) { edges { ${selection} } ${PAGE_INFO} } }`,
        );
        expect(last.errors, field).toBeUndefined();
        const everything = all.data![field]!.edges;
        expect(everything.length, field).toBeGreaterThan(2);
        expect(last.data![field]!.edges, field).toEqual(everything.slice(-2));
        expect(last.data![field]!.pageInfo, field).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
      }
      type History = { document: { history: Page<{ revision: number }> } };
      const history = (args: string) =>
        server.gql<History>(
          `{ document(slug: "${WT}") { history(${args}) { edges { cursor node { revision } } ${PAGE_INFO} } } }`,
          {},
          {
            token: EDITOR_TOKEN,
          },
        );
      const newestFirst = (await history('first: 100')).data!.document.history.edges.map((e) => e.node.revision);
      expect(newestFirst).toEqual([3, 2, 1, 0]);
      const oldest = (await history('last: 1')).data!.document.history;
      expect(oldest.edges.map((e) => e.node.revision)).toEqual([0]);
      const middle = (await history(`last: 2, before: "${oldest.edges[0]!.cursor}"`)).data!.document.history;
      expect(middle.edges.map((e) => e.node.revision)).toEqual([2, 1]);
      expect(middle.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    });

    it('refuses a negative first or last, and first with last, with BAD_USER_INPUT', async () => {
      for (const args of ['first: -1', 'last: -1', 'first: 2, last: 2']) {
        const res = await events(args);
        expect(codeOf(res), args).toBe('BAD_USER_INPUT');
        expect(res.data?.events ?? null).toBeNull();
      }
      expect((await events('first: -1')).errors?.[0]?.message).toMatch(/first/);
      const docs = await server.gql('{ documents(last: -5) { edges { cursor } } }');
      expect(codeOf(docs)).toBe('BAD_USER_INPUT');
    });

    it('refuses garbage and cursors from another connection with BAD_USER_INPUT naming the argument', async () => {
      const documentCursor = (
        await server.gql<{ documents: Page<unknown> }>('{ documents(first: 1) { edges { cursor } } }')
      ).data!.documents.edges[0]!.cursor;
      for (const args of [
        `after: "${documentCursor}"`,
        `before: "${documentCursor}"`,
        'after: "not a cursor!"',
        'before: "%%%"',
      ]) {
        const res = await events(args);
        expect(codeOf(res), args).toBe('BAD_USER_INPUT');
        expect(res.errors?.[0]?.message, args).toMatch(args.startsWith('after') ? /after/ : /before/);
      }
      const history = await server.gql(
        `{ document(slug: "${WT}") { history(after: "${documentCursor}") { edges { cursor } } } }`,
        {},
        { token: EDITOR_TOKEN },
      );
      expect(codeOf(history)).toBe('BAD_USER_INPUT');
    });
  });

  describe('64-bit positions and instants', () => {
    it('refuses an atPosition beyond the largest log position with BAD_USER_INPUT naming it', async () => {
      for (const field of [`document(slug: "${WT}") { slug }`, 'board { size }', 'membership { asOf }']) {
        const name = field.split('(')[0]!.split(' ')[0]!;
        const query = field.includes('(')
          ? field.replace(')', `, atPosition: "${TOO_BIG}")`)
          : field.replace(' {', `(atPosition: "${TOO_BIG}") {`);
        const res = await server.gql(`{ ${query} }`, {}, { token: AUDITOR_TOKEN });
        expect(codeOf(res), name).toBe('BAD_USER_INPUT');
        expect(res.errors?.[0]?.message, name).toMatch(/atPosition.*9223372036854775807/);
      }
      const ok = await server.gql<{ document: { slug: string } }>(
        `{ document(slug: "${WT}", atPosition: "9223372036854775807") { slug } }`,
        {},
        {
          token: AUDITOR_TOKEN,
        },
      );
      expect(ok.data!.document.slug).toBe(WT);
    });

    it('refuses an events(after:) cursor holding a position beyond 64 bits', async () => {
      const cursor = Buffer.from(`event:${TOO_BIG}`).toString('base64url');
      const res = await events(`after: "${cursor}"`);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toMatch(/after/);
    });

    it('refuses a knownAt outside years 0000-9999, written inline or as a variable', async () => {
      const inline = await server.gql(
        `{ document(slug: "${WT}", knownAt: "+275760-09-13T00:00:00Z") { slug } }`,
        {},
        { token: AUDITOR_TOKEN },
      );
      expect(codeOf(inline)).toBe('BAD_USER_INPUT');
      expect(inline.errors?.[0]?.message).toMatch(/DateTime/);
      const variable = await server.gql(
        'query($at: DateTime) { document(slug: "working-together-to-safeguard-children", knownAt: $at) { slug } }',
        { at: '9999-12-31T23:00:00-05:00' },
        { token: AUDITOR_TOKEN },
      );
      expect(codeOf(variable)).toBe('BAD_USER_INPUT');
      expect(variable.errors?.[0]?.message).toMatch(/9999/);
      for (const args of [
        'recordedFrom: "not a time"',
        'recordedTo: "+275760-09-13T00:00:00Z"',
        'effectiveFrom: "+275760-09-13"',
        'effectiveTo: "2023-02-30"',
        'recordedTo: "2023-02-30T00:00:00Z"',
      ]) {
        const res = await events(args);
        expect(codeOf(res), args).toBe('BAD_USER_INPUT');
      }
      const dated = await events('effectiveFrom: "2023-12-15", effectiveTo: "2023-12-15T23:59:59Z"');
      expect(dated.errors).toBeUndefined();
      const fine = await server.gql<{ document: { slug: string } }>(
        `{ document(slug: "${WT}", knownAt: "2999-01-01T00:00:00Z") { slug } }`,
        {},
        { token: AUDITOR_TOKEN },
      );
      expect(fine.data!.document.slug).toBe(WT);
    });
  });

  describe('nodes(ids:)', () => {
    const nodes = (ids: string[]) =>
      server.gql<{ nodes: ({ slug: string } | null)[] }>(
        'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Document { slug } } }',
        { ids },
      );
    const documentId = Buffer.from(`Document:${WT}`).toString('base64');

    it('answers up to 100 ids and refuses more with BAD_USER_INPUT naming the limit', async () => {
      const hundred = await nodes(Array.from({ length: 100 }, () => documentId));
      expect(hundred.errors).toBeUndefined();
      expect(hundred.data!.nodes).toHaveLength(100);
      const more = await nodes(Array.from({ length: 101 }, () => documentId));
      expect(codeOf(more)).toBe('BAD_USER_INPUT');
      expect(more.errors?.[0]?.message).toMatch(/100/);
    });

    it('answers a malformed global id alone: null and a BAD_USER_INPUT error at its path, the other ids intact', async () => {
      const res = await nodes([documentId, 'not-a-global-id', documentId]);
      expect(res.data!.nodes).toEqual([{ slug: WT }, null, { slug: WT }]);
      expect(res.errors).toHaveLength(1);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toContain('not-a-global-id');
      expect((res.errors?.[0] as { path?: unknown[] }).path).toEqual(['nodes', 1]);
      const one = await server.gql('{ node(id: "%%%") { id } }');
      expect(codeOf(one)).toBe('BAD_USER_INPUT');
    });

    it('answers null for a well-formed id that names no node, beside the ones that do', async () => {
      const nowhere = ['Nope:x', 'Query:x', 'Document:no-such-document'].map((text) =>
        Buffer.from(text).toString('base64'),
      );
      const res = await nodes([...nowhere, documentId]);
      expect(res.errors).toBeUndefined();
      expect(res.data!.nodes).toEqual([null, null, null, { slug: WT }]);
      const one = await server.gql<{ node: null }>('query($id: ID!) { node(id: $id) { id } }', { id: nowhere[0] });
      expect(one.errors).toBeUndefined();
      expect(one.data!.node).toBeNull();
    });
  });
});
