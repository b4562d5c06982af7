// Logs written before person ids became opaque: a trustee id made from a name is read under an
// opaque id derived from it, and erasing that id destroys the key the old events were sealed with.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServices } from '../../src/composition.ts';
import { boardStreamId } from '../../src/domain/board/board.ts';
import { EDITOR_TOKEN, mutate, startTestServer, type TestServer } from '../support/server.ts';
import { tempDir } from '../support/tempDir.ts';

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
    const services = await openServices({ DATA_DIR: dir.path });
    await services.store.append(boardStreamId(), [
      {
        id: randomUUID(),
        type: 'TrusteeAppointed',
        schemaVersion: 1,
        data: {
          trusteeId: LEGACY_ID,
          name: services.vault.seal(LEGACY_ID, 'Olga Oldlog'),
          role: null,
          appointedOn: '2019-01-01',
        },
        effectiveAt: '2019-01-01',
        metadata: { actor: 'ed', changeNote: 'Olga Oldlog agreed to serve' },
      },
    ]);
    await services.close();
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
