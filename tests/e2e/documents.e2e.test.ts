import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUDITOR_TOKEN,
  EDITOR_TOKEN,
  SECOND_EDITOR_TOKEN,
  startTestServer,
  type TestServer,
} from '../support/server.ts';
import { collect } from '../support/async.ts';

const WT = 'working-together-to-safeguard-children';

const REGISTER = `mutation($input: RegisterDocumentInput!) {
  registerDocument(input: $input) {
    __typename
    ... on RegisterDocumentSuccess { document { id slug revision } }
    ... on Error { message code }
    ... on ValidationError { fields { path message } }
  }
}`;

const PUBLISH = `mutation($input: PublishVersionInput!) {
  publishVersion(input: $input) {
    __typename
    ... on PublishVersionSuccess { document { slug revision versions { label } } version { label wordCount sections { key position } } }
    ... on Error { message code }
    ... on ValidationError { fields { path message } }
    ... on ConflictError { expectedRevision actualRevision }
    ... on NotFoundError { resource identifier }
  }
}`;

type Result = { __typename: string; [k: string]: unknown };

describe('documents over HTTP', () => {
  let server: TestServer;
  const head = () => server.services.store.headPosition();

  const publishInput = (overrides: Record<string, unknown> = {}) => ({
    slug: 'e2e-guide',
    label: 'v1',
    publishedOn: '2022-03-01',
    changeNote: 'First version',
    sections: [
      { key: 'purpose', heading: 'Purpose', body: 'Why this guide exists.' },
      { key: 'scope', heading: 'Scope', body: 'Who it applies to.' },
    ],
    ...overrides,
  });

  async function publish(input: Record<string, unknown>, token = EDITOR_TOKEN): Promise<Result> {
    const res = await server.gql<{ publishVersion: Result }>(PUBLISH, { input }, { token });
    expect(res.errors).toBeUndefined();
    return res.data!.publishVersion;
  }

  beforeAll(async () => {
    server = await startTestServer();
    const res = await server.gql<{ registerDocument: Result }>(
      REGISTER,
      { input: { slug: 'e2e-guide', title: 'An e2e guide', kind: 'PRACTICE_GUIDANCE' } },
      { token: EDITOR_TOKEN },
    );
    expect(res.data!.registerDocument.__typename).toBe('RegisterDocumentSuccess');
  });
  afterAll(() => server.stop());

  it('answers what changed between Working Together 2018 and 2023 from the seed corpus', async () => {
    const res = await server.gql<{ document: unknown }>(`{
      document(slug: "${WT}") {
        title
        versions { label publishedOn }
        compare(from: "2018", to: "2023") {
          summary { added removed modified unchanged moved renamed wordsAdded wordsRemoved }
          sections { change key fromHeading toHeading moved renamed wordsAdded wordsRemoved }
          changeNotes { label note }
        }
      }
    }`);
    expect(res.errors).toBeUndefined();
    const doc = res.data!.document as {
      title: string;
      versions: { label: string; publishedOn: string }[];
      compare: {
        summary: Record<string, number>;
        sections: { change: string; key: string; moved: boolean; renamed: boolean; toHeading: string | null }[];
        changeNotes: { label: string; note: string }[];
      };
    };
    expect(doc.title).toBe('Working Together to Safeguard Children');
    expect(doc.versions.map((v) => v.label)).toEqual(['2018', '2020', '2023']);
    expect(doc.versions[0]!.publishedOn).toBe('2018-07-04');
    expect(doc.versions[2]!.publishedOn).toBe('2023-12-15');
    const byKey = new Map(doc.compare.sections.map((s) => [s.key, s]));
    expect(byKey.get('shared-responsibility')?.change).toBe('ADDED');
    expect(byKey.get('multi-agency-arrangements')?.moved).toBe(true);
    expect(byKey.get('improving-practice')).toMatchObject({
      renamed: true,
      toHeading: 'Learning from serious child safeguarding incidents',
    });
    expect(doc.compare.summary.added).toBe(1);
    expect(doc.compare.summary.removed).toBe(0);
    expect(doc.compare.summary.moved).toBe(1);
    expect(doc.compare.changeNotes.map((n) => n.label)).toEqual(['2020', '2023']);
    // The new first chapter comes right after the introduction, in the order of 2023.
    expect(doc.compare.sections.map((s) => s.key).slice(0, 3)).toEqual([
      'introduction',
      'shared-responsibility',
      'multi-agency-arrangements',
    ]);
  });

  it('publishes a version for an editor and reads it back at once, with the stream revision', async () => {
    const result = await publish(publishInput({ expectedRevision: 0 }));
    expect(result).toMatchObject({
      __typename: 'PublishVersionSuccess',
      document: { slug: 'e2e-guide', revision: 1, versions: [{ label: 'v1' }] },
      version: {
        label: 'v1',
        wordCount: 8,
        sections: [
          { key: 'purpose', position: 1 },
          { key: 'scope', position: 2 },
        ],
      },
    });
    const read = await server.gql<{ document: { inForce: { label: string } | null } }>(
      '{ document(slug: "e2e-guide") { inForce(asOf: "2022-03-01") { label } } }',
    );
    expect(read.data!.document.inForce?.label).toBe('v1');
    const [stored] = await collect(server.services.store.readStream('document-e2e-guide', { fromRevision: 1 }));
    expect(stored?.metadata).toMatchObject({ actor: 'alice', changeNote: 'First version' });
  });

  it('refuses a mutation without a token as UNAUTHENTICATED and appends nothing', async () => {
    const before = await head();
    const res = await server.gql(PUBLISH, { input: publishInput({ label: 'anon' }) });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await head()).toBe(before);
  });

  it('refuses a mutation from an auditor as FORBIDDEN and appends nothing', async () => {
    const before = await head();
    const res = await server.gql(PUBLISH, { input: publishInput({ label: 'audit' }) }, { token: AUDITOR_TOKEN });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await head()).toBe(before);
  });

  it('rejects an unknown bearer token with 401', async () => {
    const res = await server.gql(
      '{ documents { totalCount: edges { cursor } } }',
      {},
      { token: 'not-a-real-token-at-all' },
    );
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['a malformed slug', { slug: 'Not A Slug' }, ['slug']],
    ['an empty change note', { changeNote: '' }, ['changeNote']],
    ['a date that is not a real date', { publishedOn: '2022-02-30' }, ['publishedOn']],
    [
      'duplicate section keys',
      {
        sections: [
          { key: 'a', heading: 'A', body: 'x' },
          { key: 'a', heading: 'B', body: 'y' },
        ],
      },
      ['sections.1.key'],
    ],
    ['a section key with capitals', { sections: [{ key: 'Bad', heading: 'A', body: 'x' }] }, ['sections.0.key']],
  ])('answers %s with a ValidationError naming the field, appending nothing', async (_name, overrides, paths) => {
    const before = await head();
    const result = await publish(publishInput({ label: `bad-${Math.random()}`, ...overrides }));
    expect(result.__typename).toBe('ValidationError');
    expect(result.code).toBe('VALIDATION_FAILED');
    expect((result.fields as { path: string }[]).map((f) => f.path)).toEqual(paths);
    expect(await head()).toBe(before);
  });

  it('answers a label already published with a ValidationError', async () => {
    await publish(publishInput({ label: 'dup' }));
    const before = await head();
    const result = await publish(publishInput({ label: 'dup' }));
    expect(result).toMatchObject({ __typename: 'ValidationError', fields: [{ path: 'label' }] });
    expect(await head()).toBe(before);
  });

  it('answers an unknown document with NotFoundError', async () => {
    const before = await head();
    const result = await publish(publishInput({ slug: 'no-such-document' }));
    expect(result).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', identifier: 'no-such-document' });
    expect(await head()).toBe(before);
  });

  it('answers a stale expectedRevision with ConflictError giving both revisions', async () => {
    const before = await head();
    const result = await publish(publishInput({ label: 'stale', expectedRevision: 0 }));
    expect(result).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT', expectedRevision: 0 });
    expect(result.actualRevision).toBeGreaterThan(0);
    expect(await head()).toBe(before);
  });

  it('lets exactly one of two editors publishing at once win; the other gets ConflictError', async () => {
    const doc = await server.gql<{ document: { revision: number } }>('{ document(slug: "e2e-guide") { revision } }');
    const revision = doc.data!.document.revision;
    const [a, b] = await Promise.all([
      publish(publishInput({ label: 'race-a', expectedRevision: revision }), EDITOR_TOKEN),
      publish(publishInput({ label: 'race-b', expectedRevision: revision }), SECOND_EDITOR_TOKEN),
    ]);
    expect([a!.__typename, b!.__typename].sort()).toEqual(['ConflictError', 'PublishVersionSuccess']);
    const versions = await server.gql<{ document: { versions: { label: string }[] } }>(
      '{ document(slug: "e2e-guide") { versions { label } } }',
    );
    const labels = versions.data!.document.versions.map((v) => v.label);
    expect(labels.filter((l) => l.startsWith('race-'))).toHaveLength(1);
  });

  it('pages through documents as a Relay connection, filtered by kind, and resolves nodes by global id', async () => {
    const first = await server.gql<{
      documents: {
        edges: { cursor: string; node: { id: string; slug: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    }>('{ documents(first: 2) { edges { cursor node { id slug } } pageInfo { hasNextPage endCursor } } }');
    expect(first.data!.documents.edges).toHaveLength(2);
    expect(first.data!.documents.pageInfo.hasNextPage).toBe(true);
    const second = await server.gql<{ documents: { edges: { node: { slug: string } }[] } }>(
      'query($after: String) { documents(first: 100, after: $after) { edges { node { slug } } } }',
      { after: first.data!.documents.pageInfo.endCursor },
    );
    const slugs = [...first.data!.documents.edges, ...second.data!.documents.edges].map((e) => e.node.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(slugs).toContain(WT);
    expect(slugs).toContain('e2e-guide');
    const statutory = await server.gql<{ documents: { edges: { node: { kind: string } }[] } }>(
      '{ documents(first: 100, kind: STATUTORY_GUIDANCE) { edges { node { kind } } } }',
    );
    expect(statutory.data!.documents.edges.length).toBeGreaterThan(0);
    expect(statutory.data!.documents.edges.every((e) => e.node.kind === 'STATUTORY_GUIDANCE')).toBe(true);
    const id = first.data!.documents.edges[0]!.node.id;
    const node = await server.gql<{ node: { slug: string } }>(
      'query($id: ID!) { node(id: $id) { ... on Document { slug } } }',
      { id },
    );
    expect(node.data!.node.slug).toBe(first.data!.documents.edges[0]!.node.slug);
  });

  it('answers the version in force on a date, and refuses an impossible date', async () => {
    const res = await server.gql<{ document: Record<string, { label: string } | null> }>(`{
      document(slug: "${WT}") {
        before: inForce(asOf: "2018-07-03") { label }
        y2019: inForce(asOf: "2019-01-01") { label }
        y2021: inForce(asOf: "2021-06-01") { label }
        now: inForce { label }
      }
    }`);
    expect(res.data!.document).toEqual({
      before: null,
      y2019: { label: '2018' },
      y2021: { label: '2020' },
      now: { label: '2023' },
    });
    const bad = await server.gql(`{ document(slug: "${WT}") { inForce(asOf: "2021-13-01") { label } } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('says NOT_FOUND when comparing a version that does not exist', async () => {
    const res = await server.gql(
      `{ document(slug: "${WT}") { compare(from: "2018", to: "1999") { summary { added } } } }`,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(res.errors?.[0]?.message).toContain('1999');
  });

  it('reports health with the projection position', async () => {
    const res = await fetch(server.url.replace('/graphql', '/health'));
    const body = (await res.json()) as { status: string; projections: { lag: string } };
    expect(res.status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.projections.lag).toBe('0');
  });
});
