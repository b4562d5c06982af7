// Logs written before person ids became opaque: a trustee id made from a name is read under an
// opaque id derived from it, and erasing that id destroys the key the old events were sealed with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITOR_TOKEN, mutate, startTestServer, type TestServer } from '../support/server.ts';
import { tempDir } from '../support/tempDir.ts';
import { writeLegacyAppointment } from '../support/legacyLog.ts';

const LEGACY_ID = 'trustee-olga-oldlog';
const ERASE = `mutation($input: ErasePersonalDataInput!) { erasePersonalData(input: $input) { __typename ... on Error { message } } }`;

describe('a log written with name-derived trustee ids', () => {
  const dir = tempDir('sgh-legacy-');
  let server: TestServer;
  const trustees = async () =>
    (
      await server.gql<{ board: { trustees: { trusteeId: string; name: string; note: string | null }[] } }>(
        '{ board(asOf: "2019-06-01") { trustees { trusteeId name note } } }',
      )
    ).data!.board.trustees;

  beforeAll(async () => {
    // What the service wrote before: the name sealed under the name-derived id, the note in clear.
    await writeLegacyAppointment(dir.path, LEGACY_ID, 'Olga Oldlog', 'Olga Oldlog agreed to serve');
    server = await startTestServer({ SEED: 'false' }, dir.path);
  });
  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  it('reads the trustee under an opaque id, and erasing it erases the old events too', async () => {
    const [trustee] = await trustees();
    expect(trustee).toMatchObject({ name: 'Olga Oldlog', note: 'Olga Oldlog agreed to serve' });
    expect(trustee!.trusteeId).toMatch(/^trustee-[0-9a-f]{8}-/);
    expect(await mutate(server, ERASE, { personId: trustee!.trusteeId, reason: 'Asked' }, EDITOR_TOKEN)).toMatchObject({
      __typename: 'ErasePersonalDataSuccess',
    });
    expect(server.services.vault.isErased(LEGACY_ID)).toBe(true);
    expect(await trustees()).toEqual([{ trusteeId: trustee!.trusteeId, name: '[erased]', note: '[erased]' }]);
    const checksum = server.services.runner.checksum();
    await server.services.runner.rebuild();
    expect(server.services.runner.checksum()).toBe(checksum);
  });
});
