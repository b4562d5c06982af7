// The key store on a real SQLite file: how the pairs of old name-derived trustee ids reach the disk.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTask } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PersonKeyStore } from '../../src/events/keyStore.ts';
import { openSqlite } from '../../src/sqlite.ts';
import { tempDir } from '../support/tempDir.ts';

describe('the key store', () => {
  let dir: ReturnType<typeof tempDir>;
  let keys: PersonKeyStore;
  const path = () => join(dir.path, 'keys.sqlite');
  const storedPairs = () => {
    const reader = openSqlite(path(), { readonly: true });
    const n = reader.prepare<[], { n: number }>('SELECT count(*) AS n FROM legacy_person_ids').get()!.n;
    reader.close();
    return n;
  };

  beforeEach(() => {
    dir = tempDir();
    keys = new PersonKeyStore(path());
  });
  afterEach(() => {
    keys.close();
    dir.remove();
  });

  it('writes remembered legacy ids in a few durable commits, not one each, and before they are read', () => {
    const walBefore = statSync(`${path()}-wal`).size;
    for (let i = 0; i < 200; i += 1) keys.rememberLegacy(`trustee-name-${i}`, `trustee-opaque-${i % 10}`);
    expect(keys.legacyIdsOf('trustee-opaque-3')).toHaveLength(20);
    expect(storedPairs()).toBe(200);
    // A commit appends at least one 4 KiB page to the WAL: 200 commits would add 800 KiB or more.
    expect(statSync(`${path()}-wal`).size - walBefore).toBeLessThan(64 * 1024);
  });

  it('writes a remembered pair once the current task ends, without waiting for a read', async () => {
    keys.rememberLegacy('trustee-ada-lovelace', 'trustee-opaque-ada');
    await nextTask();
    expect(storedPairs()).toBe(1);
  });
});
