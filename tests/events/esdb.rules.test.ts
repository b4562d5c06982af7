// The EventStoreDB adapter against the rules of a real node, as the stand-in now follows them:
// id deduplication as the server's commit check does it, the append size limit, record-boundary
// positions, faults on appends, lower-cased ids and a lagging follower. Each case names the rule.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EsdbEventStore } from '../../src/events/adapters/esdb.ts';
import { ChainVerifier } from '../../src/events/hashChain.ts';
import { exportLog, importLog } from '../../src/events/ndjson.ts';
import {
  ConcurrencyError,
  EventTooLargeError,
  InvalidPositionError,
  StoreUnavailableError,
  StreamDeletedError,
  type NewEvent,
  type StoredEvent,
} from '../../src/events/store.ts';
import { loadConfig } from '../../src/config.ts';
import { startEsdbEmulator, type AppendFault, type EsdbEmulator } from '../support/esdbEmulator.ts';
import { tempDir } from '../support/tempDir.ts';
import { collect, rejection } from '../support/async.ts';

function newEvent(overrides: Partial<NewEvent> = {}, bytes = 0): NewEvent {
  return {
    id: randomUUID(),
    type: 'VersionPublished',
    schemaVersion: 2,
    data: { text: 'x'.repeat(bytes) },
    effectiveAt: '2021-05-01',
    metadata: { actor: 'ed' },
    ...overrides,
  };
}
const events = (n: number, bytes = 0) => Array.from({ length: n }, () => newEvent({}, bytes));

/** A clock that moves on a millisecond at every reading, so two drafts never share a recorded time. */
function tickingClock(): () => Date {
  let t = Date.parse('2026-01-01T00:00:00.000Z');
  return () => new Date((t += 1));
}

// Both append paths: BatchAppend (current nodes advertise it) and Append (no ServerFeatures).
describe.each([
  { serverFeatures: true, path: 'BatchAppend' },
  { serverFeatures: false, path: 'Append' },
])('esdb adapter under the server`s rules, appending with $path', ({ serverFeatures }) => {
  let emulator: EsdbEmulator;
  let store: EsdbEventStore;
  const stores: EsdbEventStore[] = [];
  const open = (options: Partial<ConstructorParameters<typeof EsdbEventStore>[0]> = {}) => {
    const s = new EsdbEventStore({ connectionString: emulator.connectionString, ...options });
    stores.push(s);
    return s;
  };
  beforeEach(async () => {
    emulator = await startEsdbEmulator({ serverFeatures });
    store = open({ clock: tickingClock() });
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await emulator.stop();
  });

  it('answers "already stored" when the same events race their own retry at a stale revision (CheckCommit: ids at exactly that revision)', async () => {
    const s = `document-${randomUUID()}`;
    await store.append(s, events(1));
    const input = events(2);
    const [a, b] = await Promise.all([
      store.append(s, input, { expectedRevision: 0 }),
      store.append(s, input, { expectedRevision: 0 }),
    ]);
    const results = [a, b].sort((x, y) => y.appended.length - x.appended.length);
    expect(results[0]!.appended.map((e) => e.id)).toEqual(input.map((e) => e.id));
    expect(results[1]).toEqual({ nextRevision: 2, position: results[0]!.position, appended: [] });
    expect((await collect(store.readStream(s))).map((e) => e.revision)).toEqual([0, 1, 2]);
  });

  it('reads the append result, so throwOnAppendFailure=false still gives ConcurrencyError', async () => {
    const lenient = open({ connectionString: `${emulator.connectionString}&throwOnAppendFailure=false` });
    const s = `document-${randomUUID()}`;
    await lenient.append(s, events(1));
    const outcomes = await Promise.allSettled(
      [1, 2, 3].map(() => lenient.append(s, events(1), { expectedRevision: 0 })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ConcurrencyError);
    expect(await lenient.streamRevision(s)).toBe(1);
  });

  describe('faults on appends are retried (ids make it safe) and the leader is followed', () => {
    for (const fault of ['unavailable', 'cancelled', 'not-leader', 'deadline'] as AppendFault[]) {
      for (const afterWrite of [false, true]) {
        it(`${fault}${afterWrite ? ' after the write landed' : ''}: stored once, reported as appended`, async () => {
          const s = `document-${randomUUID()}`;
          await store.append(s, events(1));
          emulator.failAppends(fault, { afterWrite });
          const input = events(2);
          const result = await store.append(s, input, { expectedRevision: 0 });
          expect(result.appended.map((e) => e.id)).toEqual(input.map((e) => e.id));
          const stored = await collect(store.readStream(s));
          expect(stored.map((e) => e.revision)).toEqual([0, 1, 2]);
          expect(stored.slice(1)).toEqual(result.appended);
        });
      }
    }

    it('gives up with a typed error when the node stays unavailable', async () => {
      emulator.failAppends('unavailable', { times: 50 });
      const error = await rejection(store.append(`document-${randomUUID()}`, events(1)));
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toMatch(/EventStoreDB/);
    });
  });

  describe('the append size limit (MaxAppendSize, 1 MiB by default)', () => {
    it('refuses a single event over the limit with a typed error before sending, and writes nothing', async () => {
      const s = `document-${randomUUID()}`;
      const error = await rejection(store.append(s, [newEvent({}, 1_100_000)]));
      expect(error).toBeInstanceOf(EventTooLargeError);
      expect(error).toMatchObject({ code: 'EVENT_TOO_LARGE', limit: 1_048_576 });
      expect(await store.streamRevision(s)).toBeNull();
    });

    it('takes the limit from its options, for nodes configured otherwise', async () => {
      const small = await startEsdbEmulator({ maxAppendSize: 64 * 1024, serverFeatures });
      const limited = new EsdbEventStore({ connectionString: small.connectionString, maxAppendSize: 64 * 1024 });
      try {
        const s = `document-${randomUUID()}`;
        await limited.append(s, [newEvent({}, 40_000)]);
        expect(await rejection(limited.append(s, [newEvent({}, 70_000)]))).toBeInstanceOf(EventTooLargeError);
        expect(await limited.streamRevision(s)).toBe(0);
      } finally {
        await limited.close();
        await small.stop();
      }
    });

    it('restores a stream run larger than the limit in several appends', async () => {
      const source = open();
      const s = `document-${randomUUID()}`;
      await source.append(s, [newEvent()]);
      for (let i = 0; i < 3; i += 1) await source.append(s, [newEvent({}, 400_000)]);
      const exported = await collect(source.readAll());
      const target = await startEsdbEmulator();
      const restored = new EsdbEventStore({ connectionString: target.connectionString });
      try {
        await restored.restore(exported);
        const back = await collect(restored.readAll());
        expect(back.map((e) => e.hash)).toEqual(exported.map((e) => e.hash));
      } finally {
        await restored.close();
        await target.stop();
      }
    });
  });

  it('imports more than one restore batch (1,000 events) into an empty log', async () => {
    const dir = tempDir('sgh-esdb-import-');
    const target = await startEsdbEmulator();
    const restored = new EsdbEventStore({ connectionString: target.connectionString });
    try {
      for (let i = 0; i < 5; i += 1) await store.append(`document-${i}`, events(300));
      const file = join(dir.path, 'log.ndjson');
      expect(await exportLog(store, file)).toBe(1500);
      expect(await importLog(restored, file)).toBe(1500);
      const back = await collect(restored.readAll());
      expect(back).toHaveLength(1500);
      const verifier = new ChainVerifier('stream');
      for (const e of back) verifier.check(e);
      expect(verifier.verdict()).toMatchObject({ ok: true, checkedEvents: 1500 });
    } finally {
      await restored.close();
      await target.stop();
      dir.remove();
    }
  });

  it('reads back only what an append wrote, not the stream`s large tail', async () => {
    const s = `document-${randomUUID()}`;
    for (let i = 0; i < 20; i += 1) await store.append(s, [newEvent({}, 200_000)]);
    const before = emulator.readBytes;
    await store.append(s, [newEvent()]);
    // The stream holds 4 MB; an append may read its last event and a bounded look-back for ids.
    expect(emulator.readBytes - before).toBeLessThan(1_200_000);
  });

  it('reads what it must see from the leader, whatever a lagging follower holds', async () => {
    const s = `document-${randomUUID()}`;
    await store.append(s, events(2));
    emulator.lagFollower(1_000);
    const result = await store.append(s, events(1), { expectedRevision: 1 });
    expect(result.nextRevision).toBe(2);
    expect(await store.streamRevision(s)).toBe(2);
    expect(await store.headPosition()).toBe(result.position);
  });

  it('refuses a read after a position that is not a record boundary with a typed error', async () => {
    const s = `document-${randomUUID()}`;
    const { appended } = await store.append(s, events(2));
    expect(await collect(store.readAll({ after: appended[0]!.position }))).toEqual(appended.slice(1));
    const error = await rejection(collect(store.readAll({ after: appended[0]!.position + 1n })));
    expect(error).toBeInstanceOf(InvalidPositionError);
  });

  it('refuses to append to a soft-deleted stream (the server would number on from $tb), and writes nothing', async () => {
    const s = `document-${randomUUID()}`;
    await store.append(s, events(2));
    emulator.softDelete(s);
    expect(await store.streamRevision(s)).toBeNull();
    expect(await collect(store.readStream(s))).toEqual([]);
    const head = await store.headPosition();
    const error = await rejection(store.append(s, events(1)));
    expect(error).toBeInstanceOf(StreamDeletedError);
    expect(error).toMatchObject({ code: 'STREAM_DELETED', streamId: s });
    expect(await store.headPosition()).toBe(head);
  });

  it('stores upper-case ids as the server reports them, lower-cased, and the hashes still verify', async () => {
    const s = `document-${randomUUID()}`;
    const id = randomUUID().toUpperCase();
    const result = await store.append(s, [newEvent({ id })]);
    expect(result.appended[0]!.id).toBe(id.toLowerCase());
    const stored = await collect(store.readStream(s));
    const verifier = new ChainVerifier('stream');
    for (const e of stored) verifier.check(e);
    expect(verifier.verdict().ok).toBe(true);
    expect((await store.append(s, [newEvent({ id })])).appended).toEqual([]);
  });
});

describe('EVENTSTORE_CONNECTION_STRING', () => {
  let emulator: EsdbEmulator;
  beforeEach(async () => {
    emulator = await startEsdbEmulator();
  });
  afterEach(async () => {
    await emulator.stop();
  });

  // Every spelling the README gives; `+discover` asks the stand-in's gossip for the leader, as a cluster does.
  for (const scheme of ['esdb', 'kurrentdb', 'kdb', 'esdb+discover', 'kurrentdb+discover', 'kdb+discover']) {
    it(`accepts ${scheme}:// and the client connects with it`, async () => {
      const port = new URL(emulator.connectionString.replace(/^esdb/, 'http')).port;
      const config = loadConfig({ EVENTSTORE_CONNECTION_STRING: `${scheme}://127.0.0.1:${port}?tls=false` });
      const store = new EsdbEventStore({ connectionString: config.EVENTSTORE_CONNECTION_STRING! });
      try {
        const s = `document-${randomUUID()}`;
        await store.append(s, events(1));
        expect(await store.streamRevision(s)).toBe(0);
      } finally {
        await store.close();
      }
    });
  }

  it('refuses a scheme the client does not speak, naming the variable', () => {
    expect(() => loadConfig({ EVENTSTORE_CONNECTION_STRING: 'http://127.0.0.1:2113' })).toThrow(
      /EVENTSTORE_CONNECTION_STRING/,
    );
  });
});
