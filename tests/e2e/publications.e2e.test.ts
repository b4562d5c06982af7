import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed } from '../../src/seed/load.ts';
import { AUDITOR_TOKEN, EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const RECORD = `mutation($input: RecordPublicationInput!) {
  recordPublication(input: $input) {
    __typename
    ... on Error { message code }
    ... on ValidationError { fields { path message } }
    ... on RecordPublicationSuccess { publication { slug itemCount items { position category document { slug } } } }
  }
}`;

type Result = { __typename: string; [k: string]: unknown };
interface PublicationNode {
  slug: string;
  kind: string;
  title: string;
  publishedOn: string;
  items: { category: string; title: string; document: { slug: string } | null }[];
}

describe('publications over HTTP', () => {
  let server: TestServer;
  const head = () => server.services.store.headPosition();

  const input = (overrides: Record<string, unknown> = {}) => ({
    slug: 'tasp-newsletter-autumn-2030',
    kind: 'NEWSLETTER_ISSUE',
    title: 'TASP Newsletter – Autumn 2030',
    publisher: 'TASP',
    publishedOn: '2030-09-01',
    items: [
      { category: 'NEWS_ITEM', title: 'A new chair', summary: 'The board chose a chair.' },
      {
        category: 'STATUTORY_GUIDANCE',
        title: 'Working Together again',
        summary: 'Another revision.',
        documentSlug: 'working-together-to-safeguard-children',
      },
    ],
    ...overrides,
  });

  async function record(variables: Record<string, unknown>, token = EDITOR_TOKEN): Promise<Result> {
    const res = await server.gql<{ recordPublication: Result }>(RECORD, { input: variables }, { token });
    expect(res.errors).toBeUndefined();
    return res.data!.recordPublication;
  }

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('lists every issue of the archive once, and the circular, newest first', async () => {
    const res = await server.gql<{
      publications: { edges: { node: PublicationNode }[]; pageInfo: { hasNextPage: boolean } };
    }>('{ publications(first: 50) { edges { node { slug kind title publishedOn } } pageInfo { hasNextPage } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data!.publications.edges.map((e) => [e.node.slug, e.node.publishedOn])).toEqual([
      ['trix-information-circular-spring-2024', '2024-04-24'],
      ['tasp-newsletter-summer-2023', '2023-09-06'],
      ['tasp-newsletter-spring-2022', '2022-05-20'],
      ['tasp-newsletter-summer-2021', '2021-08-12'],
      ['tasp-newsletter-spring-2021', '2021-02-22'],
      ['tasp-newsletter-winter-2020', '2020-12-31'],
      ['tasp-newsletter-spring-2020', '2020-04-18'],
    ]);
    expect(res.data!.publications.pageInfo.hasNextPage).toBe(false);
  });

  it('pages by kind with cursors', async () => {
    const first = await server.gql<{ publications: { edges: { cursor: string; node: { slug: string } }[] } }>(
      '{ publications(first: 2, kind: NEWSLETTER_ISSUE) { edges { cursor node { slug } } } }',
    );
    const edges = first.data!.publications.edges;
    expect(edges.map((e) => e.node.slug)).toEqual(['tasp-newsletter-summer-2023', 'tasp-newsletter-spring-2022']);
    const next = await server.gql<{ publications: { edges: { node: { slug: string } }[] } }>(
      `{ publications(first: 1, kind: NEWSLETTER_ISSUE, after: "${edges[1]!.cursor}") { edges { node { slug } } } }`,
    );
    expect(next.data!.publications.edges.map((e) => e.node.slug)).toEqual(['tasp-newsletter-summer-2021']);
    const bad = await server.gql('{ publications(after: "bm9wZQ") { edges { cursor } } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('shows a publication with its items, linked to documents in the history', async () => {
    const res = await server.gql<{ publication: PublicationNode }>(
      '{ publication(slug: "trix-information-circular-spring-2024") { slug kind title publishedOn items { category title document { slug } } } }',
    );
    const circular = res.data!.publication;
    expect(circular.kind).toBe('INFORMATION_CIRCULAR');
    expect(circular.items[0]).toMatchObject({
      category: 'STATUTORY_GUIDANCE',
      document: { slug: 'working-together-to-safeguard-children' },
    });
    expect(circular.items.filter((i) => i.document).map((i) => i.document!.slug)).toEqual([
      'working-together-to-safeguard-children',
      'childrens-social-care-national-framework',
      'inspecting-local-authority-childrens-services',
      'basw-age-assessment-practice-guide',
      'kinship-care-strategy',
    ]);
    expect(new Set(circular.items.map((i) => i.category))).toEqual(
      new Set([
        'STATUTORY_GUIDANCE',
        'PRACTICE_GUIDANCE',
        'POLICY_PAPER',
        'NEWS_ITEM',
        'SHORT_FILM',
        'VIDEO_OR_RESOURCE',
      ]),
    );
  });

  it('lists, on a document, the publications that mention it', async () => {
    const res = await server.gql<{ document: { publications: { slug: string }[] } }>(
      '{ document(slug: "working-together-to-safeguard-children") { publications { slug } } }',
    );
    expect(res.data!.document.publications.map((p) => p.slug)).toEqual([
      'trix-information-circular-spring-2024',
      'tasp-newsletter-summer-2023',
      'tasp-newsletter-spring-2022',
      'tasp-newsletter-spring-2021',
    ]);
  });

  it('appends nothing when the seed is imported again, repeated issues included', async () => {
    const before = await head();
    expect(await loadSeed(server.services)).toEqual({ appended: 0 });
    expect(await head()).toBe(before);
    const streams = new Set<string>();
    for await (const e of server.services.store.readAll())
      if (e.streamId.startsWith('publication-')) streams.add(e.streamId);
    expect(streams.size).toBe(7);
  });

  it('is editor-only: no token is UNAUTHENTICATED, an auditor FORBIDDEN, and nothing is appended', async () => {
    const before = await head();
    const anonymous = await server.gql(RECORD, { input: input() });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const auditor = await server.gql(RECORD, { input: input() }, { token: AUDITOR_TOKEN });
    expect(auditor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await head()).toBe(before);
  });

  it('records a publication for an editor and reads it back, linked', async () => {
    expect(await record(input())).toMatchObject({
      __typename: 'RecordPublicationSuccess',
      publication: {
        slug: 'tasp-newsletter-autumn-2030',
        itemCount: 2,
        items: [
          { position: 1, category: 'NEWS_ITEM', document: null },
          { position: 2, document: { slug: 'working-together-to-safeguard-children' } },
        ],
      },
    });
  });

  it('records each person an item names with aboutPeople as a person of their own, with an opaque id', async () => {
    const before = await head();
    const result = await server.gql<{ recordPublication: Result }>(
      `mutation($input: RecordPublicationInput!) { recordPublication(input: $input) {
        __typename ... on RecordPublicationSuccess { publication { items { aboutPersonIds } } } } }`,
      {
        input: input({
          slug: 'speakers-2030',
          items: [
            {
              category: 'EVENT',
              title: 'Webinar with Ada Example',
              summary: 'Ada Example spoke.',
              aboutPeople: ['Ada Example'],
            },
          ],
        }),
      },
      { token: EDITOR_TOKEN },
    );
    const items = (result.data!.recordPublication.publication as { items: { aboutPersonIds: string[] }[] }).items;
    expect(items[0]!.aboutPersonIds).toEqual([
      expect.stringMatching(/^person-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
    ]);
    const events = server.services.store.readAll({ after: before });
    const types: string[] = [];
    for await (const e of events) types.push(e.type);
    expect(types).toEqual(['PersonRecorded', 'PublicationRecorded']);
  });

  it.each([
    ['a publication recorded twice', input(), 'slug'],
    [
      'a link to a document not in the history',
      input({
        slug: 'x-2030',
        items: [{ category: 'NEWS_ITEM', title: 't', summary: 's', documentSlug: 'no-such-document' }],
      }),
      'items.0.documentSlug',
    ],
    ['a date that is not real', input({ slug: 'y-2030', publishedOn: '2030-02-30' }), 'publishedOn'],
    ['no items', input({ slug: 'z-2030', items: [] }), 'items'],
    // Refused before any person named in aboutPeople is recorded: no PersonRecorded is left behind.
    [
      'a publication recorded twice, naming a person with no record',
      input({ items: [{ category: 'EVENT', title: 't', summary: 's', aboutPeople: ['Ada Example'] }] }),
      'slug',
    ],
    [
      'a named person with no letter or digit',
      input({ slug: 'w-2030', items: [{ category: 'EVENT', title: 't', summary: 's', aboutPeople: ['!!!'] }] }),
      'name',
    ],
  ])('answers %s with a ValidationError and appends nothing', async (_what, variables, path) => {
    const before = await head();
    const result = await record(variables);
    expect(result).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
    expect((result.fields as { path: string }[]).map((f) => f.path)).toEqual([path]);
    expect(await head()).toBe(before);
  });
});
