// A long read of the embedded log that asks for leaves (ReadAllOptions.leaves) has them worked out
// ahead by a worker thread: each leaf noted on an event must be the leaf of the row as the reader
// got it, and a row changed under the read must be hashed from what the reader got.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/events/adapters/sqlite.ts';
import { newEvent } from '../../src/events/catalogue.ts';
import { eventLeafHash, leafOf, notedLeaf } from '../../src/events/merkle.ts';
import { ANY, type EventStore, type NewEvent, type ReadAllOptions, type StoredEvent } from '../../src/events/store.ts';
import { merkleProjector } from '../../src/projections/merkle.ts';
import { membershipProjector } from '../../src/projections/membership.ts';
import { openReadDatabase } from '../../src/projections/readStore.ts';
import { ProjectionRunner } from '../../src/projections/runner.ts';
import { openSqlite } from '../../src/sqlite.ts';
import { tempDir } from '../support/tempDir.ts';

const EVENTS = 6_000;
const renewal = (i: number): NewEvent =>
  newEvent(
    randomUUID(),
    { type: 'MembershipRenewed', data: { memberId: `m-${i}`, membershipYear: '2024-25', renewedOn: '2024-04-01' } },
    '2024-04-01',
    { actor: i % 2 === 0 ? 'alice' : 'Zoë “q”', source: i % 3 === 0 ? null : 'TASP newsletter', changeNote: null },
  );

describe('leaves worked out ahead of a long read', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = tempDir();
    store = new SqliteEventStore({ path: `${dir.path}/events.sqlite`, leavesAheadMin: 1_000 });
    // Appends of more than 16 events note no leaves while appending (see notedLeaves.int.test.ts).
    for (let i = 0; i < EVENTS; i += 500)
      await store.append(
        'membership-tasp',
        Array.from({ length: 500 }, (_, j) => renewal(i + j)),
        {
          expectedRevision: ANY,
        },
      );
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  /**
   * Reads every event. Asking for leaves, until one comes with a noted leaf (the worker has
   * started and sent its first rows) it waits 200 ms after each, for at most 30 s; then, once, a second more for the
   * worker to read every row, and runs `whenAhead`. Returns the events and the index of the first
   * with a noted leaf (-1 when none had one).
   */
  const readAll = async (leaves: boolean, whenAhead?: () => void) => {
    const events: StoredEvent[] = [];
    let first = -1;
    const deadline = Date.now() + 30_000;
    for await (const e of store.readAll({ leaves })) {
      events.push(e);
      if (first >= 0) continue;
      if (notedLeaf(e)) {
        first = events.length - 1;
        await sleep(1_000);
        whenAhead?.();
      } else if (!leaves) {
        // Nothing to wait for but a worker that should not be there: one pause, then read on.
        if (events.length === 1) await sleep(1_000);
      } else if (Date.now() < deadline) await sleep(200);
    }
    return { events, first };
  };

  it('notes the leaf of each row as read', async () => {
    const { events, first } = await readAll(true);
    expect(events).toHaveLength(EVENTS);
    // Events read before the worker's first rows came have none; from then on it is ahead.
    expect(first).toBeGreaterThanOrEqual(0);
    const noted = events.slice(first);
    expect(noted.length).toBeGreaterThan(EVENTS / 2);
    for (const e of noted) expect(notedLeaf(e)?.equals(eventLeafHash(e))).toBe(true);
  }, 60_000);

  it('notes none when the reader does not ask for leaves, or the read is short', async () => {
    const { events } = await readAll(false);
    expect(events.filter((e) => notedLeaf(e) !== undefined)).toHaveLength(0);
    const short: StoredEvent[] = [];
    for await (const e of store.readAll({ after: BigInt(EVENTS - 900), leaves: true })) short.push(e);
    await sleep(1_000);
    expect(short).toHaveLength(900);
    expect(short.filter((e) => notedLeaf(e) !== undefined)).toHaveLength(0);
  }, 60_000);

  it('hashes a row changed after the worker read it from what the reader got', async () => {
    // Positions past the reader's first page (512 rows), which the worker has read by then.
    const changed = [3_000n, 3_001n];
    const { events, first } = await readAll(true, () => {
      const db = store.database;
      for (const position of changed) {
        db.prepare("UPDATE events SET data = json_set(data, '$.memberId', 'm-forged') WHERE position = ?").run(
          position,
        );
      }
      // The second keeps its old chain hash, as an edit that left the hash column alone would.
      db.prepare("UPDATE events SET hash = 'f' || substr(hash, 2) WHERE position = ?").run(changed[0]);
    });
    for (const position of changed) {
      const e = events.find((x) => x.position === position)!;
      expect((e.data as { memberId: string }).memberId).toBe('m-forged');
    }
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(2_999);
    const rehashed = events.find((x) => x.position === changed[0])!;
    expect(notedLeaf(rehashed)).toBeUndefined();
    expect(leafOf(rehashed).equals(eventLeafHash(rehashed))).toBe(true);
  }, 30_000);

  it('hashes a row another process rewrote under the read, hash column and all left alone, from what the reader got', async () => {
    // An edit of events.sqlite by another process (a forged row that kept its chain hash) after the
    // worker read it: the leaf must be that of the row as read, as a read with no worker would give.
    const changed = 3_001n;
    const { events, first } = await readAll(true, () => {
      const other = openSqlite(`${dir.path}/events.sqlite`);
      other.pragma('busy_timeout = 5000');
      other
        .prepare("UPDATE events SET data = json_set(data, '$.memberId', 'm-forged') WHERE position = ?")
        .run(changed);
      other.close();
    });
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(2_999);
    const forged = events.find((x) => x.position === changed)!;
    expect((forged.data as { memberId: string }).memberId).toBe('m-forged');
    expect(leafOf(forged).equals(eventLeafHash(forged))).toBe(true);
  }, 30_000);

  it('are asked for by the projection runner when one of its projectors takes leaves', async () => {
    const asked: ReadAllOptions[] = [];
    const recording: EventStore = Object.create(store);
    recording.readAll = (options) => {
      asked.push(options ?? {});
      return store.readAll(options);
    };
    for (const [name, projectors] of [
      ['tree', [merkleProjector, membershipProjector]],
      ['no-tree', [membershipProjector]],
    ] as const) {
      const db = openReadDatabase(`${dir.path}/${name}.sqlite`);
      await new ProjectionRunner(recording, db, [...projectors]).catchUp();
      db.close();
    }
    expect(asked.map((o) => o.leaves)).toEqual([true, false]);
  }, 30_000);
});
