// urql with @urql/exchange-graphcache against the real server: no "Invalid key" warning for the
// README's queries, a watched query of the current state never shows a past state fetched beside
// it, a past state's id fetches that same past state, mutations update watched queries without a
// refetch, and relayPagination pages documents forwards and backwards.
import { Client, fetchExchange, gql } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDITOR_TOKEN, EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';
import { FRONTEND_OPERATIONS } from './readme.ts';
import { countingFetch, settle, TIME_TRAVEL, truth, until, withoutTypename, WT } from './support.ts';

function urql(server: TestServer, token: string | undefined) {
  const warnings: string[] = [];
  const counter = countingFetch();
  const client = new Client({
    url: server.url,
    fetch: counter.fetch,
    fetchOptions: token ? { headers: { authorization: `Bearer ${token}` } } : {},
    exchanges: [
      cacheExchange({
        resolvers: { Query: { documents: relayPagination() } },
        logger: (severity, message) => {
          if (severity === 'warn' || severity === 'error') warnings.push(message);
        },
      }),
      fetchExchange,
    ],
  });
  return { client, warnings, requests: counter.count };
}

/** Watches a query (cache-first, as a component would) and keeps every result it emits. */
function watch(client: Client, query: string) {
  const emitted: unknown[] = [];
  const errors: unknown[] = [];
  const { unsubscribe } = client.query(gql(query), {}).subscribe((result) => {
    if (result.error) errors.push(result.error);
    if (result.data) emitted.push(withoutTypename(result.data));
  });
  const ready = until(
    () => (emitted.length > 0 ? true : errors.length > 0 ? Promise.reject(errors[0]) : undefined),
    'an answer',
  );
  return { emitted, ready, stop: unsubscribe };
}

describe('urql graphcache', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 120_000);
  afterAll(() => server.stop());

  it('prints no "Invalid key" warning for the README queries', async () => {
    expect(FRONTEND_OPERATIONS.length).toBeGreaterThanOrEqual(2);
    const { client, warnings } = urql(server, undefined);
    for (const operation of FRONTEND_OPERATIONS.filter((op) => !/^\s*(mutation|subscription)/.test(op))) {
      const result = await client.query(gql(operation), {}).toPromise();
      expect(result.error).toBeUndefined();
    }
    expect(warnings).toEqual([]);
  });

  for (const travel of TIME_TRAVEL) {
    it(`a watched current ${travel.name} never shows a past state fetched beside it`, async () => {
      const expected = await truth(server, travel.current, AUDITOR_TOKEN);
      const { client } = urql(server, AUDITOR_TOKEN);
      const watched = watch(client, travel.current);
      await watched.ready;
      for (const past of travel.past) {
        const answer = await client.query(gql(past), {}, { requestPolicy: 'network-only' }).toPromise();
        expect(answer.error).toBeUndefined();
        expect(withoutTypename(answer.data)).toEqual(await truth(server, past, AUDITOR_TOKEN));
        await settle();
      }
      for (const seen of watched.emitted) expect(seen).toEqual(expected);
      watched.stop();
    });
  }

  it('node(id) of a past document state answers that past state, from the network and from the cache', async () => {
    const past = await truth(
      server,
      `{ document(slug: "${WT}", atPosition: "10") { id versions { id label } } }`,
      AUDITOR_TOKEN,
    );
    const pastDocument = past.document as { id: string };
    const { client } = urql(server, AUDITOR_TOKEN);
    const byNode = gql('query($id: ID!) { node(id: $id) { id ... on Document { versions { id label } } } }');
    const fromNetwork = await client
      .query(byNode, { id: pastDocument.id }, { requestPolicy: 'network-only' })
      .toPromise();
    expect(withoutTypename(fromNetwork.data)).toEqual({ node: pastDocument });
    await client.query(gql(`{ document(slug: "${WT}") { id versions { id label } } }`), {}).toPromise();
    const fromCache = await client.query(byNode, { id: pastDocument.id }, { requestPolicy: 'cache-only' }).toPromise();
    expect(withoutTypename(fromCache.data)).toEqual({ node: pastDocument });
  });

  it('a mutation updates watched document, board and membership queries with no refetch', async () => {
    const { client, requests } = urql(server, EDITOR_TOKEN);
    const slug = 'urql-cache-check';
    await client
      .mutation(gql('mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { __typename } }'), {
        input: { slug, title: 'urql cache check', kind: 'NEWS_ITEM' },
      })
      .toPromise();
    const documentQuery = `{ document(slug: "${slug}") { id revision versions { id label } } }`;
    const boardQuery = '{ board { id size namedSize trustees { id name } } }';
    const membershipQuery = '{ membership { id tracked { members } } }';
    const watched = [watch(client, documentQuery), watch(client, boardQuery), watch(client, membershipQuery)];
    await Promise.all(watched.map((w) => w.ready));
    const before = requests();

    const results = await Promise.all([
      client
        .mutation(
          gql(`mutation($input: PublishVersionInput!) { publishVersion(input: $input) {
          ... on PublishVersionSuccess { document { id revision versions { id label } } } } }`),
          {
            input: {
              slug,
              label: 'v1',
              publishedOn: '2024-01-10',
              changeNote: 'First',
              sections: [{ key: 'a', heading: 'A', body: 'Text.' }],
            },
          },
        )
        .toPromise(),
      client
        .mutation(
          gql(`mutation($input: AppointTrusteeInput!) { appointTrustee(input: $input) {
          ... on AppointTrusteeSuccess { currentBoard { id size namedSize trustees { id name } } } } }`),
          {
            input: { name: 'Urql Cache', appointedOn: '2024-02-01' },
          },
        )
        .toPromise(),
      client
        .mutation(
          gql(`mutation($input: AdmitMemberInput!) { admitMember(input: $input) {
          ... on AdmitMemberSuccess { currentMembership { id tracked { members } } } } }`),
          {
            input: { name: 'Urql Cache Partnership', joinedOn: '2024-02-01', region: 'LONDON' },
          },
        )
        .toPromise(),
    ]);
    for (const r of results) expect(r.error).toBeUndefined();
    await settle();
    expect(requests()).toBe(before + 3);
    const [document, board, membership] = watched;
    expect(document!.emitted.at(-1)).toEqual(await truth(server, documentQuery, EDITOR_TOKEN));
    expect(board!.emitted.at(-1)).toEqual(await truth(server, boardQuery, EDITOR_TOKEN));
    expect(membership!.emitted.at(-1)).toEqual(await truth(server, membershipQuery, EDITOR_TOKEN));
    for (const w of watched) w.stop();
  });

  it('relayPagination pages documents forwards and backwards into one list', async () => {
    const all = (await truth(server, '{ documents(first: 100) { edges { node { slug } } } }')) as {
      documents: { edges: { node: { slug: string } }[] };
    };
    const slugs = all.documents.edges.map((e) => e.node.slug);
    const page = gql(`query($first: Int, $after: String, $last: Int, $before: String) {
      documents(first: $first, after: $after, last: $last, before: $before) {
        edges { cursor node { id slug } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`);
    type Page = {
      documents: {
        edges: { node: { slug: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string; startCursor: string };
      };
    };
    const { client } = urql(server, undefined);
    let result = (await client.query(page, { first: 2 }).toPromise()).data as Page;
    while (result.documents.pageInfo.hasNextPage) {
      result = (await client.query(page, { first: 2, after: result.documents.pageInfo.endCursor }).toPromise())
        .data as Page;
    }
    expect(result.documents.edges.map((e) => e.node.slug)).toEqual(slugs);

    const { client: back } = urql(server, undefined);
    let tail = (await back.query(page, { last: 2 }).toPromise()).data as Page;
    expect(tail.documents.edges.map((e) => e.node.slug)).toEqual(slugs.slice(-2));
    tail = (await back.query(page, { last: 2, before: tail.documents.pageInfo.startCursor }).toPromise()).data as Page;
    expect(tail.documents.edges.map((e) => e.node.slug)).toEqual(slugs.slice(-4));
  });
});
