// The dating note of a trustee's appointment over HTTP: an editor's note may name the trustee, so
// the log holds it sealed (the events an auditor reads carry no clear text of it), readers see it,
// and once the trustee is erased it reads [erased].
import { join } from 'node:path';
import { openSqlite } from '../../src/sqlite.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate, startTestServer, type TestServer } from '../support/server.ts';

const APPOINT = `mutation($input: AppointTrusteeInput!) { appointTrustee(input: $input) {
  __typename ... on AppointTrusteeSuccess { trustee { trusteeId } } ... on Error { message } } }`;
const ERASE = `mutation($input: ErasePersonalDataInput!) { erasePersonalData(input: $input) { __typename } }`;
const NOTE = 'Zebedee Quillfeather told the spring meeting he had joined; the issue appeared by 30 April.';

describe('the dating note of an appointment', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  const noteOf = async (trusteeId: string) => {
    const res = await server.gql<{
      datedFacts: { trustee: { trusteeId: string } | null; effectiveAt: { note: string | null } }[];
    }>('{ datedFacts(subject: BOARD) { trustee { trusteeId } effectiveAt { note } } }');
    expect(res.errors).toBeUndefined();
    return res.data!.datedFacts.find((f) => f.trustee?.trusteeId === trusteeId)?.effectiveAt.note;
  };

  it('is sealed in the log, shown to readers, and erased with the trustee', async () => {
    const appointed = await mutate(server, APPOINT, {
      name: 'Zebedee Quillfeather',
      appointedOn: '2031-04-30',
      dating: { earliest: '2031-03-01', note: NOTE },
    });
    expect(appointed.__typename).toBe('AppointTrusteeSuccess');
    const trusteeId = (appointed as unknown as { trustee: { trusteeId: string } }).trustee.trusteeId;
    expect(await noteOf(trusteeId)).toBe(NOTE);

    // The log as stored: the appointment's dating keeps its bounds in clear and its note sealed.
    const log = openSqlite(join(server.dataDir, 'events.sqlite'), { readonly: true });
    try {
      const rows = log.prepare("SELECT * FROM events WHERE type = 'TrusteeAppointed'").all() as Record<
        string,
        unknown
      >[];
      const stored = rows.map((r) => JSON.stringify(r)).filter((r) => r.includes('2031-03-01'));
      expect(stored).toHaveLength(1);
      expect(stored[0]).not.toContain('spring meeting');
    } finally {
      log.close();
    }

    expect((await mutate(server, ERASE, { personId: trusteeId, reason: 'asked to be forgotten' })).__typename).toBe(
      'ErasePersonalDataSuccess',
    );
    expect(await noteOf(trusteeId)).toBe('[erased]');
  });
});
