// A crash right after the read models took in an old log's name-derived trustee ids: the opaque id
// they are read under must still erase the old events' key after the restart.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITOR_TOKEN, mutate, startTestServer, type TestServer } from '../support/server.ts';
import { tempDir } from '../support/tempDir.ts';
import { writeLegacyAppointment } from '../support/legacyLog.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LEGACY_ID = 'trustee-olga-crashlog';
const NAME = 'Olga Crashlog';
const ERASE = `mutation($input: ErasePersonalDataInput!) { erasePersonalData(input: $input) { __typename ... on Error { message } } }`;

describe('a crash right after an old log was read', () => {
  const dir = tempDir('sgh-legacy-crash-');
  let server: TestServer;

  beforeAll(async () => {
    // What the service wrote before ids became opaque: the name sealed under the name-derived id.
    await writeLegacyAppointment(dir.path, LEGACY_ID, NAME, 'agreed to serve');
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
