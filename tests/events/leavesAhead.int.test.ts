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
   * Reads every event, pausing after the first until the worker has had time to get ahead; then
   * runs `afterPause`, while the reader still holds only its first page.
   */
  const readAll = async (leaves: boolean, afterPause?: () => void) => {
    const events: StoredEvent[] = [];
    for await (const e of store.readAll({ leaves })) {
      if (events.length === 0) {
        await sleep(3_000);
        afterPause?.();
      }
      events.push(e);
    }
    return events;
  };

  it('notes the leaf of each row as read', async () => {
    const events = await readAll(true);
    expect(events).toHaveLength(EVENTS);
    const noted = events.filter((e) => notedLeaf(e) !== undefined);
    // The first page was read before the worker started; after the pause the worker is ahead.
    expect(noted.length).toBeGreaterThan(EVENTS / 2);
    for (const e of noted) expect(notedLeaf(e)!.equals(eventLeafHash(e))).toBe(true);
  }, 30_000);

  it('notes none when the reader does not ask for leaves, or the read is short', async () => {
    const events = await readAll(false);
    expect(events.filter((e) => notedLeaf(e) !== undefined)).toHaveLength(0);
    const short: StoredEvent[] = [];
    for await (const e of store.readAll({ after: BigInt(EVENTS - 900), leaves: true })) short.push(e);
    await sleep(1_000);
    expect(short).toHaveLength(900);
    expect(short.filter((e) => notedLeaf(e) !== undefined)).toHaveLength(0);
  }, 30_000);

  it('hashes a row changed after the worker read it from what the reader got', async () => {
    // Positions past the reader's first page (512 rows), which the worker reads during the pause.
    const changed = [3_000n, 3_001n];
    const events = await readAll(true, () => {
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
    const rehashed = events.find((x) => x.position === changed[0])!;
    expect(notedLeaf(rehashed)).toBeUndefined();
    expect(leafOf(rehashed).equals(eventLeafHash(rehashed))).toBe(true);
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
