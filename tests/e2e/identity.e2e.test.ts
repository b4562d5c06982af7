// Ids that follow state, over HTTP: a corrected version gets a new id and its first text stays
// fetchable by the old one (for editors and auditors); a trustee's role on a date lives on the
// board's seat, whose id names the date, while the Trustee stays one object; boards and membership
// snapshots are nodes whose ids answer the same state; subscription payloads carry the id of what
// changed. Also the typed effective time and error codes a code generator relies on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe } from '../support/sse.ts';
import { AUDITOR_TOKEN, mutate, startTestServer, type TestServer } from '../support/server.ts';

const NODE_VERSION =
  'query($id: ID!) { node(id: $id) { id ... on DocumentVersion { label textPosition sections { body } document { slug } } } }';

describe('identity follows state', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 120_000);
  afterAll(() => server.stop());

  it('gives a corrected version a new id; the old id still answers the text as first published, to staff only', async () => {
    const slug = 'identity-correction';
    await mutate(
      server,
      'mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { __typename } }',
      { slug, title: 'Identity', kind: 'NEWS_ITEM' },
    );
    const published = await mutate(
      server,
      'mutation($input: PublishVersionInput!) { publishVersion(input: $input) { __typename ... on PublishVersionSuccess { version { id sections { body } } } } }',
      {
        slug,
        label: 'v1',
        publishedOn: '2024-01-10',
        changeNote: 'First',
        sections: [{ key: 'a', heading: 'A', body: 'First text.' }],
      },
    );
    const first = (published.version as { id: string }).id;
    const corrected = await mutate(
      server,
      'mutation($input: CorrectVersionInput!) { correctVersion(input: $input) { __typename ... on CorrectVersionSuccess { version { id sections { body } } } } }',
      { slug, label: 'v1', reason: 'Typo', sections: [{ key: 'a', heading: 'A', body: 'Corrected text.' }] },
    );
    const second = (corrected.version as { id: string }).id;
    expect(second).not.toBe(first);

    const old = await server.gql<{
      node: { id: string; label: string; sections: { body: string }[]; document: { slug: string } } | null;
    }>(NODE_VERSION, { id: first }, { token: AUDITOR_TOKEN });
    expect(old.errors).toBeUndefined();
    expect(old.data!.node).toMatchObject({
      id: first,
      label: 'v1',
      sections: [{ body: 'First text.' }],
      document: { slug },
    });
    const now = await server.gql<{ node: { sections: { body: string }[] } | null }>(NODE_VERSION, { id: second });
    expect(now.data!.node!.sections).toEqual([{ body: 'Corrected text.' }]);
    const publicOld = await server.gql<{ node: unknown }>(NODE_VERSION, { id: first });
    expect(publicOld.errors).toBeUndefined();
    expect(publicOld.data!.node).toBeNull();

    const listed = await server.gql<{ document: { versions: { id: string }[] } }>(
      `{ document(slug: "${slug}") { versions { id } } }`,
    );
    expect(listed.data!.document.versions.map((v) => v.id)).toEqual([second]);
  });

  it("keeps a trustee's role on a date on the board's seat, and the Trustee the same on every date", async () => {
    const appointed = await mutate(
      server,
      `mutation($input: AppointTrusteeInput!) { appointTrustee(input: $input) { __typename
        ... on AppointTrusteeSuccess { trustee { id trusteeId } currentBoard { id asOf } } ... on Error { message } } }`,
      { name: 'Identity Trustee', role: 'vice-chair', appointedOn: '2024-01-10' },
    );
    expect(appointed.__typename).toBe('AppointTrusteeSuccess');
    const trustee = appointed.trustee as { id: string; trusteeId: string };
    const changed = await mutate(
      server,
      'mutation($input: ChangeTrusteeRoleInput!) { changeTrusteeRole(input: $input) { __typename } }',
      {
        trusteeId: trustee.trusteeId,
        role: 'secretary',
        changedOn: '2024-05-01',
      },
    );
    expect(changed.__typename).toBe('ChangeTrusteeRoleSuccess');

    type Board = {
      board: {
        id: string;
        seats: { id: string; role: string | null; trustee: { id: string } }[];
        trustees: { id: string; role: string | null }[];
      };
    };
    const on = async (asOf: string) => {
      const res = await server.gql<Board>(
        `{ board(asOf: "${asOf}") { id seats { id role trustee { id } } trustees { id role } } }`,
      );
      expect(res.errors).toBeUndefined();
      const board = res.data!.board;
      return {
        board,
        seat: board.seats.find((s) => s.trustee.id === trustee.id)!,
        asTrustee: board.trustees.find((t) => t.id === trustee.id)!,
      };
    };
    const february = await on('2024-02-01');
    const june = await on('2024-06-01');
    expect(february.seat.role).toBe('vice-chair');
    expect(june.seat.role).toBe('secretary');
    expect(february.seat.id).not.toBe(june.seat.id);
    expect(february.board.id).not.toBe(june.board.id);
    // The Trustee is one object: its (deprecated) role is the current one whichever board it is read from.
    expect(february.asTrustee.role).toBe('secretary');
    expect(june.asTrustee.role).toBe('secretary');

    const again = await server.gql<{ node: { id: string; asOf: string } }>(
      'query($id: ID!) { node(id: $id) { id ... on Board { asOf } } }',
      { id: february.board.id },
    );
    expect(again.data!.node).toEqual({ id: february.board.id, asOf: '2024-02-01' });
  });

  it('answers board and membership snapshots as known at a past position by their ids, to staff only', async () => {
    const query =
      '{ board(asOf: "2021-06-01", atPosition: "5") { id knownAtPosition size } membership(atPosition: "5") { id knownAtPosition tracked { members } } }';
    const past = await server.gql<{
      board: { id: string; knownAtPosition: string; size: number };
      membership: { id: string; tracked: { members: number } };
    }>(query, {}, { token: AUDITOR_TOKEN });
    expect(past.errors).toBeUndefined();
    expect(past.data!.board.knownAtPosition).toBe('5');
    const byId = await server.gql<{ nodes: unknown[] }>(
      'query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Board { knownAtPosition size } ... on MembershipSnapshot { knownAtPosition tracked { members } } } }',
      { ids: [past.data!.board.id, past.data!.membership.id] },
      { token: AUDITOR_TOKEN },
    );
    expect(byId.data!.nodes).toEqual([past.data!.board, { ...past.data!.membership, knownAtPosition: '5' }]);
    const publicById = await server.gql<{ nodes: unknown[] }>('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: [past.data!.board.id],
    });
    expect(publicById.data!.nodes).toEqual([null]);
  });

  it('names the changed document in documentChanged payloads', async () => {
    const slug = 'identity-live';
    const live = await subscribe<{
      data: { documentChanged: { documentId: string; document: { id: string; slug: string } } };
    }>(server.url, 'subscription { documentChanged { documentId document { id slug } } }');
    await new Promise((r) => setTimeout(r, 200));
    await mutate(
      server,
      'mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { __typename } }',
      { slug, title: 'Live', kind: 'NEWS_ITEM' },
    );
    const [event] = await live.waitFor(1);
    live.close();
    const current = await server.gql<{ document: { id: string } }>(`{ document(slug: "${slug}") { id } }`);
    expect(event!.data.documentChanged).toEqual({
      documentId: current.data!.document.id,
      document: { id: current.data!.document.id, slug },
    });
  });

  it('types when a change took effect as a Date and, when recorded, a DateTime, and error codes as the ErrorCode enum', async () => {
    const res = await server.gql<{
      events: { edges: { node: { effectiveAt: string; effectiveOn: string; effectiveInstant: string | null } }[] };
    }>(
      '{ events(first: 20) { edges { node { effectiveAt effectiveOn effectiveInstant } } } }',
      {},
      { token: AUDITOR_TOKEN },
    );
    expect(res.errors).toBeUndefined();
    for (const { node } of res.data!.events.edges) {
      expect(node.effectiveOn).toBe(node.effectiveAt.slice(0, 10));
      expect(node.effectiveInstant).toBe(
        node.effectiveAt.length > 10 ? new Date(node.effectiveAt).toISOString() : null,
      );
    }
    const refused = await mutate(
      server,
      'mutation($input: WithdrawDocumentInput!) { withdrawDocument(input: $input) { __typename ... on Error { code } } }',
      {
        slug: 'no-such-document',
        reason: 'Test',
      },
    );
    expect(refused).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    const codes = await server.gql<{ __type: { enumValues: { name: string }[] } }>(
      '{ __type(name: "ErrorCode") { enumValues { name } } }',
    );
    expect(codes.data!.__type.enumValues.map((v) => v.name)).toEqual(
      expect.arrayContaining([
        'VALIDATION_FAILED',
        'CONFLICT',
        'NOT_FOUND',
        'IDEMPOTENCY_KEY_REUSED',
        'CONSTITUTION',
        'LOG_DAMAGED',
      ]),
    );
  });
});
