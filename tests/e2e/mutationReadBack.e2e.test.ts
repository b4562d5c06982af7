// What a mutation answers is read back after its command, the same way for every mutation: from
// read models that no earlier read of the same request can have made stale, and with the ids and
// times the recorded events carry, so a retry with the same idempotency key answers as the first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITOR_TOKEN, mutate, startTestServer, type TestServer } from '../support/server.ts';

const SLUG = 'read-back-guide';
const SECTIONS = [{ key: 'purpose', heading: 'Purpose', body: 'Why this guide exists.' }];

const APPOINT = `mutation($input: AppointTrusteeInput!) { appointTrustee(input: $input) {
  __typename ... on AppointTrusteeSuccess { trustee { trusteeId name } } ... on Error { code message } } }`;
const ADMIT = `mutation($input: AdmitMemberInput!) { admitMember(input: $input) {
  __typename ... on AdmitMemberSuccess { member { memberId name } } ... on Error { code message } } }`;
const ERASE = `mutation($input: ErasePersonalDataInput!) { erasePersonalData(input: $input) {
  __typename ... on ErasePersonalDataSuccess { personId erasedAt } ... on Error { code message } } }`;

describe('a mutation read back over HTTP', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ SEED: 'false' });
    await mutate(
      server,
      `mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { __typename } }`,
      {
        slug: SLUG,
        title: 'Read-back guide',
        kind: 'PRACTICE_GUIDANCE',
      },
    );
  });
  afterAll(() => server.stop());

  it('sees the change of an earlier mutation of the same request, not what that mutation read before it', async () => {
    // saveDraft reads the draft back; publishDraft then turns it into a version, so the document has no draft left.
    const res = await server.gql<{
      saved: { draft: { label: string } };
      published: { document: { draft: null | { label: string } } };
    }>(
      `mutation($slug: String!, $sections: [SectionInput!]!) {
        saved: saveDraft(input: { slug: $slug, label: "v1", changeNote: "First", sections: $sections }) {
          ... on SaveDraftSuccess { draft { label } } }
        published: publishDraft(input: { slug: $slug, label: "v1", publishedOn: "2024-02-01" }) {
          ... on PublishDraftSuccess { document { draft { label } } } }
      }`,
      { slug: SLUG, sections: SECTIONS },
      { token: EDITOR_TOKEN },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.saved.draft.label).toBe('v1');
    expect(res.data!.published.document.draft).toBeNull();
  });

  it('answers a retried erasure with the time the erasure was recorded, not the time of the retry', async () => {
    const appointed = await mutate(server, APPOINT, { name: 'Ottoline Quarrington', appointedOn: '2024-03-01' });
    const personId = (appointed.trustee as { trusteeId: string }).trusteeId;
    const input = { personId, reason: 'Asked to be forgotten', idempotencyKey: 'erase-ottoline' };
    const first = await mutate(server, ERASE, input);
    expect(first.__typename).toBe('ErasePersonalDataSuccess');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const retry = await mutate(server, ERASE, input);
    expect(retry).toEqual(first);
  });

  it('answers a retried admission with the member the first request admitted, read from its event', async () => {
    // An organisation is admitted under the id made from its name, whatever id the request proposed.
    const input = {
      name: 'Northby Safeguarding Partnership',
      region: 'NORTH_EAST',
      joinedOn: '2024-04-01',
      idempotencyKey: 'admit-northby',
    };
    const first = await mutate(server, ADMIT, input);
    expect(first).toEqual({
      __typename: 'AdmitMemberSuccess',
      member: { memberId: 'member-northby-safeguarding-partnership', name: input.name },
    });
    expect(await mutate(server, ADMIT, input)).toEqual(first);
  });
});
