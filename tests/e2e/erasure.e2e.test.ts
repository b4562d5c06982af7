// Crypto-shredding end to end: a trustee's name is sealed in the log, erasing them destroys the
// key, and afterwards every read model, rebuild and export shows them as erased while the hash
// chain still verifies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLog } from '../../src/events/ndjson.ts';
import { AUDITOR_TOKEN, EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const NAME = 'Erin Example-Person';
const ID = 'trustee-erin-example-person';
const ERASE = `mutation($i: ErasePersonalDataInput!) { erasePersonalData(input: $i) {
  __typename ... on ErasePersonalDataSuccess { personId erasedAt } ... on Error { code message } } }`;

describe('erasing personal data', () => {
  let server: TestServer;
  const boardNames = async () =>
    (await server.gql<{ board: { trustees: { trusteeId: string; name: string }[] } }>('{ board(asOf: "2030-06-01") { trustees { trusteeId name } } }'))
      .data!.board.trustees;

  beforeAll(async () => {
    server = await startTestServer();
    const res = await server.gql<{ appointTrustee: { __typename: string } }>(
      `mutation { appointTrustee(input: {name: "${NAME}", appointedOn: "2030-01-01", source: "Test"}) { __typename } }`,
      {},
      { token: EDITOR_TOKEN },
    );
    expect(res.data!.appointTrustee.__typename).toBe('AppointTrusteeSuccess');
  });
  afterAll(() => server.stop());

  it('never writes the name into the log in the clear', async () => {
    expect(await boardNames()).toContainEqual({ trusteeId: ID, name: NAME });
    const file = join(server.dataDir, 'before.ndjson');
    await exportLog(server.services.store, file);
    const log = readFileSync(file, 'utf8');
    expect(log).not.toContain(NAME);
    expect(log).toContain('"sealed":"aes-256-gcm"');
  });

  it('is for editors only, and refuses an unknown person', async () => {
    const input = { i: { personId: ID, reason: 'Asked to be forgotten' } };
    expect((await server.gql(ERASE, input)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await server.gql(ERASE, input, { token: AUDITOR_TOKEN })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unknown = await server.gql<{ erasePersonalData: { __typename: string } }>(
      ERASE,
      { i: { personId: 'trustee-nobody-at-all', reason: 'x' } },
      { token: EDITOR_TOKEN },
    );
    expect(unknown.data!.erasePersonalData.__typename).toBe('NotFoundError');
  });

  it('erases: read models, rebuilds and exports show the person as erased; the chain still verifies', async () => {
    const before = server.services.runner.checksum();
    const res = await server.gql<{ erasePersonalData: { __typename: string; personId: string } }>(
      ERASE,
      { i: { personId: ID, reason: 'Asked to be forgotten' } },
      { token: EDITOR_TOKEN },
    );
    expect(res.data!.erasePersonalData).toMatchObject({ __typename: 'ErasePersonalDataSuccess', personId: ID });
    expect(server.services.vault.hasKey(ID)).toBe(false);
    expect(await boardNames()).toContainEqual({ trusteeId: ID, name: '[erased]' });
    const erasedChecksum = server.services.runner.checksum();
    expect(erasedChecksum).not.toBe(before);

    await server.services.runner.rebuild();
    expect(server.services.runner.checksum()).toBe(erasedChecksum);
    expect(await boardNames()).toContainEqual({ trusteeId: ID, name: '[erased]' });

    const v = await server.gql<{ verification: { ok: boolean; readModelsMatch: boolean } }>(
      '{ verification { ok readModelsMatch } }',
      {},
      { token: AUDITOR_TOKEN },
    );
    expect(v.data!.verification).toEqual({ ok: true, readModelsMatch: true });

    const file = join(server.dataDir, 'after.ndjson');
    await exportLog(server.services.store, file);
    const log = readFileSync(file, 'utf8');
    expect(log).not.toContain(NAME);
    expect(log).toContain('PersonalDataErased');

    const again = await server.gql<{ erasePersonalData: { __typename: string } }>(
      ERASE,
      { i: { personId: ID, reason: 'Twice' } },
      { token: EDITOR_TOKEN },
    );
    expect(again.data!.erasePersonalData.__typename).toBe('ValidationError');
  });
});
