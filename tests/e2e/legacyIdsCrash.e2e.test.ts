// A crash right after the read models took in an old log's name-derived trustee ids: the opaque id
// they are read under must still erase the old events' key after the restart.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServices } from '../../src/composition.ts';
import { boardStreamId } from '../../src/domain/board/board.ts';
import { EDITOR_TOKEN, mutate, startTestServer, type TestServer } from '../support/server.ts';
import { tempDir } from '../support/tempDir.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LEGACY_ID = 'trustee-olga-crashlog';
const NAME = 'Olga Crashlog';
const ERASE = `mutation($input: ErasePersonalDataInput!) { erasePersonalData(input: $input) { __typename ... on Error { message } } }`;

describe('a crash right after an old log was read', () => {
  const dir = tempDir('sgh-legacy-crash-');
  let server: TestServer;

  beforeAll(async () => {
    // What the service wrote before ids became opaque: the name sealed under the name-derived id.
    const services = await openServices({ DATA_DIR: dir.path });
    await services.store.append(boardStreamId(), [
      {
        id: randomUUID(),
        type: 'TrusteeAppointed',
        schemaVersion: 1,
        data: {
          trusteeId: LEGACY_ID,
          name: services.vault.seal(LEGACY_ID, NAME),
          role: null,
          appointedOn: '2019-01-01',
        },
        effectiveAt: '2019-01-01',
        metadata: { actor: 'ed', changeNote: 'agreed to serve' },
      },
    ]);
    await services.close();
    // The read models take the event in (under its opaque id) and the process dies at once.
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'tests/support/crashAfterCatchUp.ts', dir.path], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    expect(child.signal, child.stderr).toBe('SIGKILL');
    server = await startTestServer({ SEED: 'false' }, dir.path);
  });
  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  it('erasing the opaque id still destroys the key the old event was sealed with', async () => {
    const { data } = await server.gql<{ board: { trustees: { trusteeId: string; name: string }[] } }>(
      '{ board(asOf: "2019-06-01") { trustees { trusteeId name } } }',
    );
    const [trustee] = data!.board.trustees;
    expect(trustee).toMatchObject({ name: NAME });
    expect(await mutate(server, ERASE, { personId: trustee!.trusteeId, reason: 'Asked' }, EDITOR_TOKEN)).toMatchObject({
      __typename: 'ErasePersonalDataSuccess',
    });
    expect(server.services.vault.isErased(LEGACY_ID)).toBe(true);
    // A replay of the log reads the old event again: the name must not come back.
    await server.services.runner.rebuild();
    const after = await server.gql<{ board: { trustees: { trusteeId: string; name: string }[] } }>(
      '{ board(asOf: "2019-06-01") { trustees { trusteeId name } } }',
    );
    expect(after.data!.board.trustees).toEqual([{ trusteeId: trustee!.trusteeId, name: '[erased]' }]);
    // and no file under DATA_DIR holds it
    for (const file of readdirSync(dir.path)) {
      const bytes = readFileSync(join(dir.path, file));
      expect(bytes.includes(Buffer.from(NAME)), file).toBe(false);
    }
  });
});
