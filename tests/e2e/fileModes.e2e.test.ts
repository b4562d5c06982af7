// The data directory holds the log, the read models, the personal-data keys and the development
// editor token: it is created 0700 and every file in it 0600, whatever the process umask.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { tempDir } from '../support/tempDir.ts';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('files under DATA_DIR', () => {
  const parent = tempDir('sgh-modes-');
  const dataDir = join(parent.path, 'data');
  let server: TestServer | null = null;
  const umask = process.umask(0o000);
  afterAll(async () => {
    process.umask(umask);
    await server?.close();
    parent.remove();
  });

  it('are readable by their owner only after a start (even with umask 000)', async () => {
    // No tokens configured: the server writes the development editor token too.
    server = await startTestServer({ EDITOR_TOKENS: '', AUDITOR_TOKENS: '' }, dataDir);
    expect(server.devToken).toBeTruthy();
    expect(modeOf(dataDir)).toBe(0o700);
    const expected = ['events.sqlite', 'read.sqlite', 'keys.sqlite', 'dev-editor-token'];
    for (const name of expected) expect(existsSync(join(dataDir, name)), name).toBe(true);
    // With the seed loaded, every database has its -wal and -shm files open.
    for (const db of ['events.sqlite', 'read.sqlite', 'keys.sqlite']) {
      expect(existsSync(join(dataDir, `${db}-wal`)), `${db}-wal`).toBe(true);
    }
    const files = readdirSync(dataDir);
    expect(files.length).toBeGreaterThanOrEqual(expected.length + 3);
    for (const name of files) expect([name, modeOf(join(dataDir, name))]).toEqual([name, 0o600]);
  });
});
