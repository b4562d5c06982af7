// The Merkle leaves the embedded store works out while appending a mutation's few events, and hands
// on with those events when they are read back (the projection's catch-up), must be exactly the
// leaves of the stored bytes; a row rewritten since is hashed from what it now holds.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/events/adapters/sqlite.ts';
import { newEvent } from '../../src/events/catalogue.ts';
import { eventHash, GENESIS_HASH } from '../../src/events/hashChain.ts';
import { eventLeafHash, leafOf, notedLeaf } from '../../src/events/merkle.ts';
import { ANY, type NewEvent, type StoredEvent } from '../../src/events/store.ts';
import { tempDir } from '../support/tempDir.ts';

const renewal = (i: number, source: string | null): NewEvent =>
  newEvent(
    randomUUID(),
    { type: 'MembershipRenewed', data: { memberId: `m-${i}`, membershipYear: '2024-25', renewedOn: '2024-04-01' } },
    '2024-04-01',
    { actor: i % 2 === 0 ? 'alice' : 'Zoë “q”', source, changeNote: null, correlationId: randomUUID() },
  );

describe('leaves noted while appending', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = tempDir();
    store = new SqliteEventStore({ path: `${dir.path}/events.sqlite` });
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  const readBack = async () => {
    const events: StoredEvent[] = [];
    for await (const e of store.readAll()) events.push(e);
    return events;
  };

  it('are the leaves of the stored bytes, for appends of up to 16 events and no larger one', async () => {
    const sizes = [1, 3, 16, 17, 1, 40, 2];
    let n = 0;
    for (const size of sizes) {
      const batch = Array.from({ length: size }, (_, i) => renewal(n + i, i % 3 === 0 ? null : 'TASP newsletter'));
      n += size;
      await store.append('membership-tasp', batch, { expectedRevision: ANY });
    }
    const events = await readBack();
    expect(events).toHaveLength(n);
    let at = 0;
    for (const size of sizes) {
      for (const e of events.slice(at, at + size)) {
        const noted = notedLeaf(e);
        if (size <= 16) expect(noted?.equals(eventLeafHash(e))).toBe(true);
        else expect(noted).toBeUndefined();
        expect(leafOf(e).equals(eventLeafHash(e))).toBe(true);
      }
      at += size;
    }
    // Read through the runner's synchronous path too.
    expect(store.readPage(0n).every((e) => notedLeaf(e)?.equals(eventLeafHash(e)) ?? true)).toBe(true);
    expect(store.readPage(0n).filter((e) => notedLeaf(e) !== undefined)).toHaveLength(1 + 3 + 16 + 1 + 2);
  });

  it('are not handed on for a row rewritten since, chain and all', async () => {
    await store.append('membership-tasp', [renewal(1, null), renewal(2, null)], { expectedRevision: ANY });
    const db = store.database;
    db.prepare("UPDATE events SET data = json_set(data, '$.memberId', 'm-forged') WHERE position = 2").run();
    // Recompute the chain over the edited row, as a forger would.
    const rows = await readBack();
    let previous = GENESIS_HASH;
    for (const e of rows) {
      const hash = eventHash(previous, e);
      db.prepare('UPDATE events SET previous_hash = ?, hash = ? WHERE position = ?').run(previous, hash, e.position);
      previous = hash;
    }
    const [first, forged] = await readBack();
    expect(notedLeaf(first!)?.equals(eventLeafHash(first!))).toBe(true);
    expect((forged!.data as { memberId: string }).memberId).toBe('m-forged');
    expect(notedLeaf(forged!)).toBeUndefined();
    expect(leafOf(forged!).equals(eventLeafHash(forged!))).toBe(true);
  });
});
