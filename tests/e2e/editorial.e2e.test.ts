// A whole editorial day through GraphQL over HTTP: draft, revise, compare, publish, correct,
// withdraw, retries with idempotency keys, a conflict between two editors, and live updates.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe, type SseSubscription } from '../support/sse.ts';
import {
  AUDITOR_TOKEN,
  EDITOR_TOKEN,
  SECOND_EDITOR_TOKEN,
  startTestServer,
  type TestServer,
} from '../support/server.ts';

const SLUG = 'day-guide';
type Result = { __typename: string; [k: string]: unknown };

const RESULT_FIELDS = `
  __typename
  ... on Error { message code }
  ... on ValidationError { fields { path message } }
  ... on ConflictError { expectedRevision actualRevision }
`;
const DRAFT_FIELDS = `document { revision } draft { label changeNote savedBy sections { key heading body } }`;

const M = {
  register: `mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { ${RESULT_FIELDS} } }`,
  publish: `mutation($input: PublishVersionInput!) { publishVersion(input: $input) { ${RESULT_FIELDS} ... on PublishVersionSuccess { document { revision } } } }`,
  saveDraft: `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { ${RESULT_FIELDS} ... on SaveDraftSuccess { ${DRAFT_FIELDS} } } }`,
  revise: `mutation($input: ReviseSectionInput!) { reviseSection(input: $input) { ${RESULT_FIELDS} ... on ReviseSectionSuccess { ${DRAFT_FIELDS} } } }`,
  discard: `mutation($input: DiscardDraftInput!) { discardDraft(input: $input) { ${RESULT_FIELDS} ... on DiscardDraftSuccess { document { revision } draft { label } } } }`,
  publishDraft: `mutation($input: PublishDraftInput!) { publishDraft(input: $input) { ${RESULT_FIELDS} ... on PublishDraftSuccess { document { revision versions { label } draft { label } } version { label publishedOn changeNote sections { key body } } } } }`,
  correct: `mutation($input: CorrectVersionInput!) { correctVersion(input: $input) { ${RESULT_FIELDS} ... on CorrectVersionSuccess { document { revision } version { label sections { body } corrections { actor reason correctedAt } } } } }`,
  withdraw: `mutation($input: WithdrawDocumentInput!) { withdrawDocument(input: $input) { ${RESULT_FIELDS} ... on WithdrawDocumentSuccess { document { slug withdrawnAt withdrawnReason } } } }`,
};

const v1Sections = [
  { key: 'purpose', heading: 'Purpose', body: 'This guide explains how partners share information.' },
  { key: 'duties', heading: 'Duties', body: 'Each partner names a lead officer.' },
  { key: 'review', heading: 'Review', body: 'The guide is reviewed every year.' },
];

describe('an editorial day over HTTP', () => {
  let server: TestServer;
  let live: SseSubscription<{ data: { documentChanged: { slug: string; revision: number; type: string } } }>;

  async function mutate(
    name: keyof typeof M,
    input: Record<string, unknown>,
    token = EDITOR_TOKEN,
    headers?: Record<string, string>,
  ) {
    const fields: Record<string, string> = {
      register: 'registerDocument',
      publish: 'publishVersion',
      revise: 'reviseSection',
      discard: 'discardDraft',
      correct: 'correctVersion',
      withdraw: 'withdrawDocument',
    };
    const field = fields[name] ?? name;
    const res = await server.gql<Record<string, Result>>(
      M[name],
      { input },
      { token, ...(headers ? { headers } : {}) },
    );
    expect(res.errors).toBeUndefined();
    return res.data![field]!;
  }
  const head = () => server.services.store.headPosition();
  const revision = async () =>
    (await server.gql<{ document: { revision: number } }>(`{ document(slug: "${SLUG}") { revision } }`)).data!.document
      .revision;

  beforeAll(async () => {
    server = await startTestServer();
    live = await subscribe(
      server.url,
      `subscription { documentChanged(slug: "${SLUG}") { slug revision type } }`,
      {},
      EDITOR_TOKEN,
    );
    expect(
      (await mutate('register', { slug: SLUG, title: 'A day in the life', kind: 'PRACTICE_GUIDANCE' })).__typename,
    ).toBe('RegisterDocumentSuccess');
    const published = await mutate('publish', {
      slug: SLUG,
      label: 'v1',
      publishedOn: '2024-01-10',
      changeNote: 'First',
      sections: v1Sections,
    });
    expect(published.__typename).toBe('PublishVersionSuccess');
  });
  afterAll(async () => {
    live.close();
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('saves a draft that editors and auditors see and the public never does', async () => {
    const saved = await mutate('saveDraft', {
      slug: SLUG,
      label: 'v2',
      changeNote: 'Adds escalation; shortens review',
      expectedRevision: await revision(),
      sections: [
        v1Sections[0],
        { key: 'escalation', heading: 'Escalation', body: 'Disagreements go to the partnership chair.' },
        v1Sections[1],
        { key: 'review', heading: 'Review', body: 'The guide is reviewed every two years.' },
      ],
    });
    expect(saved).toMatchObject({ __typename: 'SaveDraftSuccess', draft: { label: 'v2', savedBy: 'alice' } });

    const query = `{ document(slug: "${SLUG}") { draft { label } } }`;
    const asPublic = await server.gql<{ document: { draft: unknown } | null }>(query);
    expect(asPublic.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(asPublic.data?.document?.draft ?? null).toBeNull();
    const asAuditor = await server.gql<{ document: { draft: { label: string } } }>(query, {}, { token: AUDITOR_TOKEN });
    expect(asAuditor.data!.document.draft.label).toBe('v2');
  });

  it('revises one section of the draft', async () => {
    const revised = await mutate('revise', {
      slug: SLUG,
      label: 'v2',
      key: 'duties',
      heading: 'Duties of partners',
      body: 'Each partner names a lead officer and a deputy.',
      expectedRevision: await revision(),
    });
    expect(revised.__typename).toBe('ReviseSectionSuccess');
    const sections = (revised.draft as { sections: { key: string; heading: string }[] }).sections;
    expect(sections.find((s) => s.key === 'duties')?.heading).toBe('Duties of partners');
    expect(sections).toHaveLength(4);
  });

  it('compares the published version with the draft, for editors only', async () => {
    const query = `{ document(slug: "${SLUG}") { compare(from: "v1", to: "v2") {
      summary { added modified unchanged renamed }
      sections { key change renamed wordsAdded }
      changeNotes { label note }
    } } }`;
    const asEditor = await server.gql<{
      document: {
        compare: {
          summary: Record<string, number>;
          sections: { key: string; change: string }[];
          changeNotes: { label: string }[];
        };
      };
    }>(query, {}, { token: EDITOR_TOKEN });
    expect(asEditor.errors).toBeUndefined();
    const cmp = asEditor.data!.document.compare;
    expect(cmp.summary).toEqual({ added: 1, modified: 2, unchanged: 1, renamed: 1 });
    expect(cmp.sections.map((s) => s.key)).toEqual(['purpose', 'escalation', 'duties', 'review']);
    expect(cmp.changeNotes.map((n) => n.label)).toEqual(['v2']);
    const asPublic = await server.gql(query);
    expect(asPublic.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('lets exactly one of two editors revising the same draft revision win', async () => {
    const rev = await revision();
    const before = await head();
    const edit = (token: string, body: string) =>
      mutate(
        'revise',
        { slug: SLUG, label: 'v2', key: 'purpose', heading: 'Purpose', body, expectedRevision: rev },
        token,
      );
    const results = await Promise.all([
      edit(EDITOR_TOKEN, 'Alice wrote this.'),
      edit(SECOND_EDITOR_TOKEN, 'Bob wrote this.'),
    ]);
    const conflict = results.find((r) => r.__typename === 'ConflictError');
    expect(results.filter((r) => r.__typename === 'ReviseSectionSuccess')).toHaveLength(1);
    expect(conflict).toMatchObject({ expectedRevision: rev, actualRevision: rev + 1 });
    expect(await head()).toBe(before + 1n);
  });

  it('loses and doubles nothing when 20 editors revise one draft at once', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `part-${i}`);
    await mutate('saveDraft', {
      slug: SLUG,
      label: 'v2',
      changeNote: 'Adds escalation; shortens review',
      sections: [...v1Sections, ...keys.map((key) => ({ key, heading: key, body: 'placeholder' }))],
    });
    const before = await head();
    let conflicts = 0;
    await Promise.all(
      keys.map(async (key, i) => {
        for (;;) {
          const r = await mutate(
            'revise',
            {
              slug: SLUG,
              label: 'v2',
              key,
              heading: key,
              body: `writer ${i} was here`,
              expectedRevision: await revision(),
            },
            i % 2 ? EDITOR_TOKEN : SECOND_EDITOR_TOKEN,
          );
          if (r.__typename === 'ReviseSectionSuccess') return;
          expect(r.__typename).toBe('ConflictError');
          conflicts += 1;
        }
      }),
    );
    expect(await head()).toBe(before + 20n);
    const draft = await server.gql<{ document: { draft: { sections: { key: string; body: string }[] } } }>(
      `{ document(slug: "${SLUG}") { draft { sections { key body } } } }`,
      {},
      { token: EDITOR_TOKEN },
    );
    const bodies = new Map(draft.data!.document.draft.sections.map((s) => [s.key, s.body]));
    keys.forEach((key, i) => expect(bodies.get(key)).toBe(`writer ${i} was here`));
    expect(conflicts).toBeGreaterThan(0);
  });

  it('discards a draft and saves it again', async () => {
    const discarded = await mutate('discard', { slug: SLUG, reason: 'Start again' });
    expect(discarded).toMatchObject({ __typename: 'DiscardDraftSuccess', draft: null });
    const again = await mutate('discard', { slug: SLUG });
    expect(again).toMatchObject({ __typename: 'ValidationError', fields: [{ path: 'slug' }] });
    const saved = await mutate('saveDraft', {
      slug: SLUG,
      label: 'v2',
      changeNote: 'Adds escalation',
      sections: [v1Sections[0], { key: 'escalation', heading: 'Escalation', body: 'Disagreements go to the chair.' }],
    });
    expect(saved.__typename).toBe('SaveDraftSuccess');
  });

  it('publishes the draft, which then leaves drafts and joins the versions', async () => {
    const published = await mutate('publishDraft', {
      slug: SLUG,
      label: 'v2',
      publishedOn: '2024-03-01',
      expectedRevision: await revision(),
    });
    expect(published).toMatchObject({
      __typename: 'PublishDraftSuccess',
      document: { versions: [{ label: 'v1' }, { label: 'v2' }], draft: null },
      version: { label: 'v2', publishedOn: '2024-03-01', changeNote: 'Adds escalation' },
    });
  });

  it('corrects a published version: readers see the fix, the history keeps the original', async () => {
    const fixed = v1Sections.map((s) =>
      s.key === 'review' ? { ...s, body: 'The guide is reviewed every year by the chair.' } : s,
    );
    const corrected = await mutate('correct', {
      slug: SLUG,
      label: 'v1',
      sections: fixed,
      reason: 'Named who reviews it',
    });
    expect(corrected).toMatchObject({
      __typename: 'CorrectVersionSuccess',
      version: { corrections: [{ actor: 'alice', reason: 'Named who reviews it' }] },
    });
    const read = await server.gql<{ document: { version: { sections: { body: string }[] } } }>(
      `{ document(slug: "${SLUG}") { version(label: "v1") { sections { body } } } }`,
    );
    expect(read.data!.document.version.sections[2]!.body).toBe('The guide is reviewed every year by the chair.');
    const original = [];
    for await (const e of server.services.store.readStream(`document-${SLUG}`)) {
      if (e.type === 'VersionPublished' && (e.data as { label: string }).label === 'v1') original.push(e);
    }
    expect((original[0]!.data as { sections: { body: string }[] }).sections[2]!.body).toBe(
      'The guide is reviewed every year.',
    );
  });

  it('answers every bad input with a typed error and appends nothing', async () => {
    const before = await head();
    const cases: [keyof typeof M, Record<string, unknown>, string, string][] = [
      ['revise', { slug: SLUG, label: 'v9', key: 'purpose', heading: 'H', body: 'B' }, 'ValidationError', 'label'],
      ['publishDraft', { slug: SLUG, label: 'v9', publishedOn: '2024-05-01' }, 'ValidationError', 'label'],
      ['correct', { slug: SLUG, label: 'v9', sections: v1Sections, reason: 'typo' }, 'ValidationError', 'label'],
      ['correct', { slug: SLUG, label: 'v1', sections: v1Sections, reason: '' }, 'ValidationError', 'reason'],
      [
        'saveDraft',
        { slug: SLUG, label: 'v3', changeNote: 'x', sections: [{ key: 'a', heading: '', body: 'b' }] },
        'ValidationError',
        'sections.0.heading',
      ],
      [
        'saveDraft',
        { slug: SLUG, label: 'v3', changeNote: 'x', sections: [{ key: 'a', heading: 'h', body: ' ' }] },
        'ValidationError',
        'sections.0.body',
      ],
      [
        'saveDraft',
        { slug: SLUG, label: 'v3', changeNote: 'x', sections: [{ key: '-a', heading: 'h', body: 'b' }] },
        'ValidationError',
        'sections.0.key',
      ],
      [
        'saveDraft',
        { slug: SLUG, label: 'v3', changeNote: 'x', sections: [{ key: 'a', heading: 'h', body: 'x'.repeat(200_001) }] },
        'ValidationError',
        'sections.0.body',
      ],
      ['saveDraft', { slug: SLUG, label: 'v1', changeNote: 'x', sections: v1Sections }, 'ValidationError', 'label'],
      ['saveDraft', { slug: 'no-such-doc', label: 'v1', changeNote: 'x', sections: v1Sections }, 'NotFoundError', ''],
    ];
    for (const [name, input, typename, path] of cases) {
      const r = await mutate(name, input);
      expect(r.__typename, `${name} ${JSON.stringify(input).slice(0, 80)}`).toBe(typename);
      if (path) expect((r.fields as { path: string }[]).map((f) => f.path)).toContain(path);
    }
    expect(await head()).toBe(before);
  });

  it('returns the first result for a retried idempotency key, also after a restart, and refuses a reused key', async () => {
    const input = {
      slug: SLUG,
      label: 'v3',
      changeNote: 'Third',
      sections: v1Sections,
      idempotencyKey: 'draft-v3-once',
    };
    const first = await mutate('saveDraft', input);
    expect(first.__typename).toBe('SaveDraftSuccess');
    const before = await head();
    expect(await mutate('saveDraft', input)).toEqual(first);
    expect(await head()).toBe(before);

    const viaHeader = { slug: SLUG, label: 'v3', key: 'purpose', heading: 'Purpose', body: 'Header keyed.' };
    const r1 = await mutate('revise', viaHeader, EDITOR_TOKEN, { 'idempotency-key': 'revise-by-header' });
    const afterHeader = await head();
    expect(await mutate('revise', viaHeader, EDITOR_TOKEN, { 'idempotency-key': 'revise-by-header' })).toEqual(r1);
    expect(await head()).toBe(afterHeader);

    const reused = await mutate('saveDraft', { ...input, changeNote: 'Something else' });
    expect(reused).toMatchObject({ __typename: 'IdempotencyKeyReusedError', code: 'IDEMPOTENCY_KEY_REUSED' });

    const dataDir = server.dataDir;
    live.close();
    await server.close();
    server = await startTestServer({}, dataDir);
    live = await subscribe(
      server.url,
      `subscription { documentChanged(slug: "${SLUG}") { slug revision type } }`,
      {},
      EDITOR_TOKEN,
    );
    const afterRestart = await head();
    expect((await mutate('saveDraft', input)).__typename).toBe('SaveDraftSuccess');
    expect(await head()).toBe(afterRestart);
  });

  it('withdraws the document from listings while its history stays readable by auditors', async () => {
    const withdrawn = await mutate('withdraw', { slug: SLUG, reason: 'Superseded by national guidance' });
    expect(withdrawn).toMatchObject({
      __typename: 'WithdrawDocumentSuccess',
      document: { withdrawnReason: 'Superseded by national guidance' },
    });
    const listing = `{ documents(first: 100, includeWithdrawn: true) { edges { node { slug } } } }`;
    const publicSlugs = (
      await server.gql<{ documents: { edges: { node: { slug: string } }[] } }>(listing)
    ).data!.documents.edges.map((e) => e.node.slug);
    expect(publicSlugs).not.toContain(SLUG);
    const auditorSlugs = (
      await server.gql<{ documents: { edges: { node: { slug: string } }[] } }>(listing, {}, { token: AUDITOR_TOKEN })
    ).data!.documents.edges.map((e) => e.node.slug);
    expect(auditorSlugs).toContain(SLUG);
    const history = await server.gql<{
      document: {
        history: { edges: { node: { type: string; actor: string; note: string | null; correlationId: string } }[] };
      };
    }>(
      `{ document(slug: "${SLUG}") { history(first: 100) { edges { node { type actor note correlationId } } } } }`,
      {},
      { token: AUDITOR_TOKEN },
    );
    const entries = history.data!.document.history.edges.map((e) => e.node);
    expect(entries[0]).toMatchObject({
      type: 'DocumentWithdrawn',
      actor: 'alice',
      note: 'Superseded by national guidance',
    });
    expect(entries.at(-1)!.type).toBe('DocumentRegistered');
    expect(entries.find((e) => e.type === 'VersionCorrected')?.note).toBe('Named who reviews it');
    expect(entries.every((e) => e.correlationId)).toBe(true);
  });

  it('tells the public the history is not theirs to read', async () => {
    const res = await server.gql(`{ document(slug: "${SLUG}") { history { edges { node { actor } } } } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('sent each change to the live subscriber as it happened', async () => {
    const events = await live.waitFor(1);
    expect(events.map((e) => e.data.documentChanged.type)).toContain('DocumentWithdrawn');
  });
});

describe('live updates', () => {
  it('announce a publish to a subscriber within a moment, and drafts only to staff', async () => {
    const server = await startTestServer();
    try {
      const publicFeed = await subscribe<{ data: { documentChanged: { type: string; slug: string } } }>(
        server.url,
        'subscription { documentChanged { slug type revision } }',
      );
      const staffFeed = await subscribe<{
        data: { eventAppended: { type: string; streamId: string; position: string } };
      }>(
        server.url,
        'subscription { eventAppended(streamPrefix: "document-") { type streamId position } }',
        {},
        AUDITOR_TOKEN,
      );
      const denied = await subscribe<{ errors?: { extensions: { code: string } }[] }>(
        server.url,
        'subscription { eventAppended { type } }',
      );
      const gql = (query: string, input: unknown) => server.gql(query, { input }, { token: EDITOR_TOKEN });
      await gql(M.register, { slug: 'live-doc', title: 'Live', kind: 'NEWS_ITEM' });
      await gql(M.saveDraft, { slug: 'live-doc', label: 'd', changeNote: 'n', sections: v1Sections });
      await gql(M.publishDraft, { slug: 'live-doc', label: 'd', publishedOn: '2024-02-02' });
      const staff = await staffFeed.waitFor(3);
      expect(staff.map((e) => e.data.eventAppended.type)).toEqual([
        'DocumentRegistered',
        'DraftSaved',
        'VersionPublished',
      ]);
      const pub = await publicFeed.waitFor(2);
      expect(pub.map((e) => e.data.documentChanged.type)).toEqual(['DocumentRegistered', 'VersionPublished']);
      const refusal = await denied.waitFor(1);
      expect(refusal[0]!.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
      for (const s of [publicFeed, staffFeed, denied]) s.close();
    } finally {
      await server.stop();
    }
  });
});
