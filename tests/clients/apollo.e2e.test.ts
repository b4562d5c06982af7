// Apollo Client's InMemoryCache against the real server: a watched query of the current state never
// shows a past state fetched beside it (documents, board, membership), a past state's id fetches
// that same past state again, mutations update watched queries without a refetch, and
// relayStylePagination pages documents forwards and backwards.
import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDITOR_TOKEN, EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';
import { countingFetch, settle, TIME_TRAVEL, truth, until, withoutTypename, WT } from './support.ts';

function apollo(server: TestServer, token: string, fetcher = countingFetch()) {
  const client = new ApolloClient({
    link: new HttpLink({ uri: server.url, headers: { authorization: `Bearer ${token}` }, fetch: fetcher.fetch }),
    cache: new InMemoryCache({
      typePolicies: { Query: { fields: { documents: relayStylePagination(['kind', 'includeWithdrawn']) } } },
    }),
  });
  return { client, requests: fetcher.count };
}

/** Watches `query` and returns every result the watcher emitted, plus a way to stop. */
function watch(client: ApolloClient, query: string) {
  const emitted: unknown[] = [];
  const subscription = client.watchQuery({ query: gql(query) }).subscribe((result) => {
    if (result.data) emitted.push(withoutTypename(result.data));
  });
  const ready = until(() => (emitted.length > 0 ? true : undefined), `an answer to ${query.slice(0, 60)}`);
  return { emitted, ready, stop: () => subscription.unsubscribe() };
}

describe('Apollo Client InMemoryCache', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 120_000);
  afterAll(() => server.stop());

  for (const travel of TIME_TRAVEL) {
    it(`a watched current ${travel.name} never shows a past state fetched beside it`, async () => {
      const expected = await truth(server, travel.current, AUDITOR_TOKEN);
      const { client } = apollo(server, AUDITOR_TOKEN);
      const watched = watch(client, travel.current);
      await watched.ready;
      for (const past of travel.past) {
        const answer = await client.query({ query: gql(past), fetchPolicy: 'network-only' });
        expect(withoutTypename(answer.data)).toEqual(await truth(server, past, AUDITOR_TOKEN));
        await settle();
      }
      expect(watched.emitted.length).toBeGreaterThan(0);
      for (const seen of watched.emitted) expect(seen).toEqual(expected);
      watched.stop();
    });
  }

  it('node(id) of a past document state answers that past state, not the current one', async () => {
    const past = await truth(
      server,
      `{ document(slug: "${WT}", atPosition: "10") { id versions { label } } }`,
      AUDITOR_TOKEN,
    );
    const current = await truth(server, `{ document(slug: "${WT}") { id versions { label } } }`, AUDITOR_TOKEN);
    const pastDocument = past.document as { id: string; versions: unknown[] };
    expect(pastDocument.id).not.toBe((current.document as { id: string }).id);
    const { client } = apollo(server, AUDITOR_TOKEN);
    const again = await client.query({
      query: gql('query($id: ID!) { node(id: $id) { id ... on Document { versions { label } } } }'),
      variables: { id: pastDocument.id },
      fetchPolicy: 'network-only',
    });
    expect(withoutTypename(again.data)).toEqual({ node: pastDocument });
  });

  it('a mutation updates watched document, board and membership queries with no refetch', async () => {
    const { client, requests } = apollo(server, EDITOR_TOKEN);
    const slug = 'apollo-cache-check';
    await client.mutate({
      mutation: gql('mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { __typename } }'),
      variables: { input: { slug, title: 'Apollo cache check', kind: 'NEWS_ITEM' } },
    });
    const documentQuery = `{ document(slug: "${slug}") { id revision versions { id label } } }`;
    const boardQuery = '{ board { id size namedSize trustees { id name } } }';
    const membershipQuery = '{ membership { id tracked { members } } }';
    const watchedDocument = watch(client, documentQuery);
    const watchedBoard = watch(client, boardQuery);
    const watchedMembership = watch(client, membershipQuery);
    await Promise.all([watchedDocument.ready, watchedBoard.ready, watchedMembership.ready]);
    const before = requests();

    await client.mutate({
      mutation: gql(`mutation($input: PublishVersionInput!) { publishVersion(input: $input) {
        ... on PublishVersionSuccess { document { id revision versions { id label } } } } }`),
      variables: {
        input: {
          slug,
          label: 'v1',
          publishedOn: '2024-01-10',
          changeNote: 'First',
          sections: [{ key: 'a', heading: 'A', body: 'Text.' }],
        },
      },
    });
    await client.mutate({
      mutation: gql(`mutation($input: AppointTrusteeInput!) { appointTrustee(input: $input) {
        ... on AppointTrusteeSuccess { currentBoard { id size namedSize trustees { id name } } } } }`),
      variables: { input: { name: 'Apollo Cache', appointedOn: '2024-02-01' } },
    });
    await client.mutate({
      mutation: gql(`mutation($input: AdmitMemberInput!) { admitMember(input: $input) {
        ... on AdmitMemberSuccess { currentMembership { id tracked { members } } } } }`),
      variables: { input: { name: 'Apollo Cache Partnership', joinedOn: '2024-02-01', region: 'LONDON' } },
    });
    await settle();

    expect(requests()).toBe(before + 3);
    expect(watchedDocument.emitted.at(-1)).toEqual(await truth(server, documentQuery, EDITOR_TOKEN));
    expect(watchedBoard.emitted.at(-1)).toEqual(await truth(server, boardQuery, EDITOR_TOKEN));
    expect(watchedMembership.emitted.at(-1)).toEqual(await truth(server, membershipQuery, EDITOR_TOKEN));
    expect(watchedBoard.emitted.length).toBeGreaterThan(1);
    expect(watchedMembership.emitted.length).toBeGreaterThan(1);
    for (const w of [watchedDocument, watchedBoard, watchedMembership]) w.stop();
  });

  it('relayStylePagination pages documents forwards and backwards into one list', async () => {
    const all = (await truth(server, '{ documents(first: 100) { edges { node { slug } } } }')) as {
      documents: { edges: { node: { slug: string } }[] };
    };
    const slugs = all.documents.edges.map((e) => e.node.slug);
    expect(slugs.length).toBeGreaterThan(4);
    const { client } = apollo(server, AUDITOR_TOKEN);
    const page = gql(`query($first: Int, $after: String, $last: Int, $before: String) {
      documents(first: $first, after: $after, last: $last, before: $before) {
        edges { cursor node { id slug } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`);
    type Page = {
      documents: {
        edges: { node: { slug: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string; startCursor: string };
      };
    };
    const forward = client.watchQuery<Page>({ query: page, variables: { first: 2 } });
    let latest: Page | undefined;
    const sub = forward.subscribe((r) => {
      if (r.error) throw r.error;
      if (r.data) latest = r.data as Page;
    });
    await until(() => latest, 'the first page');
    while (latest!.documents.pageInfo.hasNextPage) {
      await forward.fetchMore({ variables: { first: 2, after: latest!.documents.pageInfo.endCursor } });
      await settle();
    }
    expect(latest!.documents.edges.map((e) => e.node.slug)).toEqual(slugs);
    sub.unsubscribe();

    const { client: back } = apollo(server, AUDITOR_TOKEN);
    const backward = back.watchQuery<Page>({ query: page, variables: { last: 2 } });
    let tail: Page | undefined;
    const sub2 = backward.subscribe((r) => {
      if (r.data) tail = r.data as Page;
    });
    await until(() => tail, 'the last page');
    expect(tail!.documents.edges.map((e) => e.node.slug)).toEqual(slugs.slice(-2));
    await backward.fetchMore({ variables: { last: 2, before: tail!.documents.pageInfo.startCursor } });
    await settle();
    expect(tail!.documents.edges.map((e) => e.node.slug)).toEqual(slugs.slice(-4));
    sub2.unsubscribe();
  });
});
