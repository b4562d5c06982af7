// The EventStore contract (tests/support/eventStoreContract.ts) run against every adapter: the
// embedded SQLite store, the EventStoreDB adapter talking to the in-process emulator, and a real
// EventStoreDB/KurrentDB node when EVENTSTORE_TEST_CONNECTION_STRING is set (never the
// application's EVENTSTORE_CONNECTION_STRING: tests must not write into a production log).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EsdbEventStore } from '../../src/events/adapters/esdb.ts';
import { SqliteEventStore } from '../../src/events/adapters/sqlite.ts';
import { ChainVerifier } from '../../src/events/hashChain.ts';
import { ConcurrencyError, type StoredEvent } from '../../src/events/store.ts';
import { collect, rejection } from '../support/async.ts';
import { startEsdbEmulator, type EsdbEmulator } from '../support/esdbEmulator.ts';
import { defineEventStoreContract, events, newEvent, RUN_PREFIX } from '../support/eventStoreContract.ts';
import { tempDir } from '../support/tempDir.ts';

defineEventStoreContract('sqlite', async () => {
  const dir = tempDir('sgh-contract-');
  const store = new SqliteEventStore({ path: join(dir.path, 'events.sqlite') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      dir.remove();
    },
  };
});

describe('sqlite: event ids are unique across the whole log', () => {
  it('refuses a batch holding an id already stored in another stream, and appends none of it', async () => {
    const dir = tempDir('sgh-ids-');
    const store = new SqliteEventStore({ path: join(dir.path, 'events.sqlite') });
    try {
      const [a, b] = events(2);
      await store.append('document-one', [a!]);
      const head = await store.headPosition();
      expect(await rejection(store.append('document-two', [b!, a!]))).toBeInstanceOf(ConcurrencyError);
      expect(await store.headPosition()).toBe(head);
      expect(await store.streamRevision('document-two')).toBeNull();
    } finally {
      await store.close();
      dir.remove();
    }
  });
});

// A current node advertises BatchAppend through ServerFeatures, and the client appends with it.
defineEventStoreContract('esdb (emulator)', async () => {
  const emulator = await startEsdbEmulator();
  const store = new EsdbEventStore({ connectionString: emulator.connectionString });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await emulator.stop();
    },
  };
});

// A node without ServerFeatures answers UNIMPLEMENTED; the client then appends with Append.
defineEventStoreContract('esdb (emulator, no server features)', async () => {
  const emulator = await startEsdbEmulator({ serverFeatures: false });
  const store = new EsdbEventStore({ connectionString: emulator.connectionString });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await emulator.stop();
    },
  };
});

// A real node: `EVENTSTORE_TEST_CONNECTION_STRING=esdb://127.0.0.1:2113?tls=false npm test -- tests/events`
// (README, "Running on EventStoreDB / KurrentDB"). Every stream this run writes starts with RUN_PREFIX.
const realServer = process.env.EVENTSTORE_TEST_CONNECTION_STRING;
if (!realServer) {
  console.info(
    'real server: skipped, EVENTSTORE_TEST_CONNECTION_STRING is not set. To run the store contract against a real ' +
      'EventStoreDB/KurrentDB node: EVENTSTORE_TEST_CONNECTION_STRING=esdb://127.0.0.1:2113?tls=false npm test -- tests/events',
  );
}
/** How long the real node has to answer before the block fails, rather than every test hanging on it. */
const REACH_MS = 15_000;
/** The connection string without its user name and password, for messages. */
const shown = (connectionString: string) => connectionString.replace(/\/\/[^@/]*@/, '//***@');

describe.skipIf(!realServer)('real server', () => {
  beforeAll(async () => {
    console.info(`real server: ${shown(realServer!)}, streams prefixed ${RUN_PREFIX}`);
    const store = new EsdbEventStore({ connectionString: realServer! });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        store.headPosition(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${REACH_MS / 1000} s`)), REACH_MS);
        }),
      ]);
    } catch (error) {
      throw new Error(
        `EVENTSTORE_TEST_CONNECTION_STRING (${shown(realServer!)}): the node cannot be read ` +
          `(${error instanceof Error ? error.message : String(error)}); start it or unset the variable`,
      );
    } finally {
      clearTimeout(timer);
      await store.close();
    }
  }, REACH_MS + 5_000);

  defineEventStoreContract(
    'esdb (real server)',
    async () => {
      const store = new EsdbEventStore({ connectionString: realServer! });
      return { store, cleanup: () => store.close() };
    },
    { sharedLog: true },
  );
});

describe('esdb adapter over the emulator', () => {
  let emulator: EsdbEmulator;
  let store: EsdbEventStore;
  beforeEach(async () => {
    emulator = await startEsdbEmulator();
    store = new EsdbEventStore({ connectionString: emulator.connectionString });
  });
  afterEach(async () => {
    await store.close();
    await emulator.stop();
  });

  it('skips system and link events in readAll, headPosition and subscribeAll', async () => {
    expect(await store.headPosition()).toBe(0n);
    expect(await collect(store.readAll())).toEqual([]);
    const s = `document-${randomUUID()}`;
    const first = await store.append(s, events(1));
    emulator.writeSystemEvent();
    // Links as the system projections write them, and a user projection's link into a user stream.
    emulator.writeLinkEvent('$ce-document', { streamId: s, revision: 0 });
    emulator.writeLinkEvent(`board-${randomUUID()}`, { streamId: s, revision: 0 });
    const second = await store.append(s, events(1));
    emulator.writeSystemEvent();
    emulator.writeLinkEvent('$et-VersionPublished', { streamId: s, revision: 1 });
    expect(await store.headPosition()).toBe(second.position);
    const all = await collect(store.readAll());
    expect(all).toEqual([...first.appended, ...second.appended]);

    const subscription = store.subscribeAll();
    const received: StoredEvent[] = [];
    const consumer = (async () => {
      for await (const e of subscription) received.push(e);
    })();
    emulator.writeSystemEvent();
    const third = await store.append(s, events(1));
    await vi.waitFor(() => expect(received).toEqual([...all, ...third.appended]), { timeout: 5000 });
    await subscription.close();
    await consumer;
  });

  it('appends through BatchAppend when the node advertises it, and through Append when it has no ServerFeatures', async () => {
    await store.append(`document-${randomUUID()}`, events(2));
    expect(emulator.calls).toMatchObject({ GetSupportedMethods: 1, BatchAppend: 1 });
    expect(emulator.calls.Append).toBeUndefined();

    const old = await startEsdbEmulator({ serverFeatures: false });
    const oldStore = new EsdbEventStore({ connectionString: old.connectionString });
    try {
      const s = `document-${randomUUID()}`;
      await oldStore.append(s, events(2));
      await oldStore.append(s, events(1), { expectedRevision: 1 });
      expect(old.calls.Append).toBe(2);
      expect(old.calls.BatchAppend).toBeUndefined();
      expect(await oldStore.streamRevision(s)).toBe(2);
    } finally {
      await oldStore.close();
      await old.stop();
    }
  });

  it('pages through logs larger than one read', async () => {
    const s = `document-${randomUUID()}`;
    for (let i = 0; i < 6; i += 1) await store.append(s, events(200));
    expect(await store.streamRevision(s)).toBe(1199);
    const all = await collect(store.readAll());
    expect(all).toHaveLength(1200);
    expect(all.map((e) => e.revision)).toEqual(Array.from({ length: 1200 }, (_, i) => i));
    expect(await collect(store.readStream(s, { fromRevision: 100 }))).toHaveLength(1100);
    expect(await store.headPosition()).toBe(all[1199]!.position);
    const verifier = new ChainVerifier('stream');
    for (const e of all) verifier.check(e);
    expect(verifier.verdict()).toMatchObject({ ok: true, checkedEvents: 1200 });
    // A slow subscriber still gets every event once, in order.
    const subscription = store.subscribeAll();
    const received: StoredEvent[] = [];
    for await (const e of subscription) {
      received.push(e);
      if (received.length % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      if (received.length === 1200) break;
    }
    expect(received).toEqual(all);
    await subscription.close();
    // A retried id from the recent end of a big stream is still recognised.
    const retry = await store.append(s, [{ ...newEvent(), id: all[1100]!.id }]);
    expect(retry.appended).toEqual([]);
  });
});
