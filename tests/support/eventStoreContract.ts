// The EventStore contract: the suite every adapter must pass, one `describe` per adapter under
// test (see tests/events/store.contract.test.ts, which runs it against each). Every test writes to
// streams named with this run's unique prefix, and on a shared log (a real node) only looks at its
// own streams.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChainVerifier, GENESIS_HASH, normaliseMetadata } from '../../src/events/hashChain.ts';
import {
  ANY,
  ChainBrokenError,
  ConcurrencyError,
  NO_STREAM,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from '../../src/events/store.ts';
import { collect, rejection } from './async.ts';

export interface StoreUnderTest {
  store: EventStore;
  cleanup(): Promise<void>;
}
export type StoreFactory = () => Promise<StoreUnderTest>;

export interface ContractOptions {
  /** The log may hold other writers' events (a shared real server): no empty-log assumptions. */
  sharedLog?: boolean;
}

/** Streams of this run start with it, so a run on a shared node can be told apart (and cleaned up). */
export const RUN_PREFIX = `contract-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}-`;

let counter = 0;
/** A fresh event with a random id and a counter in its data. */
export function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  counter += 1;
  return {
    id: randomUUID(),
    type: 'VersionPublished',
    schemaVersion: 2,
    data: { n: counter, label: `v${counter}`, nested: { list: [1, 'two', null, { deep: true }] } },
    effectiveAt: '2021-05-01',
    metadata: { actor: 'ed', source: 'newsletter 12', correlationId: randomUUID(), commandHash: 'c0ffee' },
    ...overrides,
  };
}

/** `n` fresh events. */
export const events = (n: number): NewEvent[] => Array.from({ length: n }, () => newEvent());

/** Declares the contract's tests against the store `factory` makes (a fresh one per test). */
export function defineEventStoreContract(name: string, factory: StoreFactory, options: ContractOptions = {}): void {
  const shared = options.sharedLog ?? false;

  describe(name, () => {
    let subject: StoreUnderTest;
    let store: EventStore;
    /** The head when the test started; the test's events all come after it. */
    let startHead: bigint;
    const mine = new Set<string>();
    const stream = (prefix = 'document') => {
      const id = `${RUN_PREFIX}${prefix}-${randomUUID()}`;
      mine.add(id);
      return id;
    };
    const own = (list: StoredEvent[]) => list.filter((e) => mine.has(e.streamId));
    const readAllOwn = async (opts: { after?: bigint; to?: bigint } = {}) =>
      own(
        await collect(
          store.readAll({ after: opts.after ?? startHead, ...(opts.to !== undefined ? { to: opts.to } : {}) }),
        ),
      );

    beforeEach(async () => {
      mine.clear();
      subject = await factory();
      store = subject.store;
      startHead = await store.headPosition();
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it('appends to a new stream and reads every field back, with revisions 0..n and increasing positions', async () => {
      const s = stream();
      const input = events(3);
      const before = Date.now();
      const result = await store.append(s, input, { expectedRevision: NO_STREAM });
      const after = Date.now();

      expect(result.nextRevision).toBe(2);
      expect(result.appended).toHaveLength(3);
      expect(result.position).toBe(result.appended[2]!.position);
      result.appended.forEach((e, i) => {
        const source = input[i]!;
        expect(e).toEqual({
          id: source.id,
          type: source.type,
          schemaVersion: source.schemaVersion,
          data: source.data,
          effectiveAt: source.effectiveAt,
          metadata: normaliseMetadata(source.metadata),
          streamId: s,
          revision: i,
          position: expect.any(BigInt),
          recordedAt: expect.any(String),
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
          previousHash: i === 0 ? expect.any(String) : result.appended[i - 1]!.hash,
        });
        const recorded = Date.parse(e.recordedAt);
        expect(new Date(recorded).toISOString()).toBe(e.recordedAt);
        expect(recorded).toBeGreaterThanOrEqual(before - 1);
        expect(recorded).toBeLessThanOrEqual(after + 1);
      });
      if (store.chainScope === 'stream' || !shared) expect(result.appended[0]!.previousHash).toBe(GENESIS_HASH);
      const positions = result.appended.map((e) => e.position);
      expect(positions[0]!).toBeGreaterThan(startHead);
      expect(positions[1]!).toBeGreaterThan(positions[0]!);
      expect(positions[2]!).toBeGreaterThan(positions[1]!);

      expect(await collect(store.readStream(s))).toEqual(result.appended);
      expect(await readAllOwn()).toEqual(result.appended);
    });

    it('returns for batches of 1,000, 3 and 513 events exactly what it stored, in order, with hashes that verify', async () => {
      // The embedded store sends a batch as several multi-row INSERTs (512 + 256 + ... rows): every
      // event must still get its own position, revision and chain link.
      const a = stream();
      const b = stream('board');
      const first = await store.append(a, events(1000), { expectedRevision: NO_STREAM });
      const second = await store.append(b, events(3));
      const third = await store.append(a, events(513), { expectedRevision: 999 });
      const appended = [...first.appended, ...second.appended, ...third.appended];
      expect(appended).toHaveLength(1516);
      expect(third.nextRevision).toBe(1512);
      expect(third.appended.map((e) => e.revision)).toEqual(Array.from({ length: 513 }, (_, i) => 1000 + i));
      expect(first.position).toBe(first.appended[999]!.position);
      expect(third.position).toBe(third.appended[512]!.position);
      expect(await readAllOwn()).toEqual(appended);
      expect(await collect(store.readStream(a))).toEqual([...first.appended, ...third.appended]);
      for (let i = 1; i < appended.length; i += 1)
        expect(appended[i]!.position).toBeGreaterThan(appended[i - 1]!.position);
      const log = shared ? await readAllOwn() : await collect(store.readAll());
      const verifier = new ChainVerifier(store.chainScope);
      for (const e of log) verifier.check(e);
      expect(verifier.verdict()).toMatchObject({ ok: true, checkedEvents: log.length });
    });

    it('numbers revisions on from the stream end across appends and keeps positions increasing across streams', async () => {
      const a = stream();
      const b = stream('board');
      const r1 = await store.append(a, events(2));
      const r2 = await store.append(b, events(1));
      const r3 = await store.append(a, events(2), { expectedRevision: 1 });
      expect(r3.appended.map((e) => e.revision)).toEqual([2, 3]);
      expect(r2.appended[0]!.revision).toBe(0);
      const all = await readAllOwn();
      expect(all.map((e) => e.id)).toEqual([...r1.appended, ...r2.appended, ...r3.appended].map((e) => e.id));
      for (let i = 1; i < all.length; i += 1) expect(all[i]!.position).toBeGreaterThan(all[i - 1]!.position);
      expect((await collect(store.readStream(a))).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
    });

    describe('expected revision', () => {
      it('NO_STREAM appends only to a stream that does not exist', async () => {
        const s = stream();
        await store.append(s, events(1), { expectedRevision: NO_STREAM });
        const error = await rejection(store.append(s, events(1), { expectedRevision: NO_STREAM }));
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ code: 'CONFLICT', streamId: s, expected: NO_STREAM, actual: 0 });
        expect(await store.streamRevision(s)).toBe(0);
      });

      it('an exact revision appends only at that revision', async () => {
        const s = stream();
        await store.append(s, events(2));
        const ok = await store.append(s, events(1), { expectedRevision: 1 });
        expect(ok.nextRevision).toBe(2);
        const stale = await rejection(store.append(s, events(1), { expectedRevision: 1 }));
        expect(stale).toBeInstanceOf(ConcurrencyError);
        expect(stale).toMatchObject({ streamId: s, expected: 1, actual: 2 });
        const missing = stream();
        const none = await rejection(store.append(missing, events(1), { expectedRevision: 0 }));
        expect(none).toBeInstanceOf(ConcurrencyError);
        expect(none).toMatchObject({ streamId: missing, expected: 0, actual: null });
        expect(await store.streamRevision(missing)).toBeNull();
      });

      it('ANY and no expectation append whatever the revision', async () => {
        const s = stream();
        expect((await store.append(s, events(1), { expectedRevision: ANY })).nextRevision).toBe(0);
        expect((await store.append(s, events(2))).nextRevision).toBe(2);
        expect((await store.append(s, events(1), { expectedRevision: ANY })).nextRevision).toBe(3);
      });

      it('a mismatch appends nothing', async () => {
        const s = stream();
        const first = await store.append(s, events(2));
        const headBefore = await store.headPosition();
        const error = await rejection(store.append(s, events(3), { expectedRevision: 0 }));
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ expected: 0, actual: 1 });
        expect(await collect(store.readStream(s))).toEqual(first.appended);
        expect(await readAllOwn()).toEqual(first.appended);
        if (!shared) expect(await store.headPosition()).toBe(headBefore);
      });
    });

    describe('idempotency', () => {
      it('acknowledges a retried append with appended: [] and leaves the log unchanged', async () => {
        const s = stream();
        const input = events(2);
        const first = await store.append(s, input, { expectedRevision: NO_STREAM });
        const logBefore = await readAllOwn();
        // The retry carries the same stale expectation as the original, as a retried request would.
        const retry = await store.append(s, input, { expectedRevision: NO_STREAM });
        expect(retry).toEqual({ nextRevision: 1, position: first.position, appended: [] });
        expect(await store.append(s, input)).toEqual(retry);
        expect(await readAllOwn()).toEqual(logBefore);
        expect(await store.streamRevision(s)).toBe(1);
      });

      it('takes event ids in any case and stores them lower-cased, as EventStoreDB does, with hashes that verify', async () => {
        const s = stream();
        const upper = newEvent({ id: randomUUID().toUpperCase() });
        const result = await store.append(s, [upper]);
        expect(result.appended[0]!.id).toBe(upper.id.toLowerCase());
        const stored = await collect(store.readStream(s));
        expect(stored).toEqual(result.appended);
        const verifier = new ChainVerifier(store.chainScope);
        for (const e of stored) verifier.check(e);
        expect(verifier.verdict().ok).toBe(true);
        // The same id in either case is the same event.
        expect((await store.append(s, [{ ...upper, id: upper.id.toLowerCase() }])).appended).toEqual([]);
        expect(await store.streamRevision(s)).toBe(0);
      });

      it('acknowledges events already stored at exactly the revisions after a stale expected one', async () => {
        const s = stream();
        const input = events(2);
        await store.append(s, events(1));
        const first = await store.append(s, input, { expectedRevision: 0 });
        const again = await store.append(s, input, { expectedRevision: 0 });
        expect(again).toEqual({ nextRevision: 2, position: first.position, appended: [] });
        // A batch that is partly stored and partly new is a conflict at a stale revision.
        const partly = await rejection(store.append(s, [input[1]!, newEvent()], { expectedRevision: 0 }));
        expect(partly).toBeInstanceOf(ConcurrencyError);
        expect(await store.streamRevision(s)).toBe(2);
      });

      it('stores only the events whose ids are new', async () => {
        const s = stream();
        const [a, b, c] = events(3);
        await store.append(s, [a!, b!]);
        const result = await store.append(s, [b!, c!], { expectedRevision: 1 });
        expect(result.appended.map((e) => [e.id, e.revision])).toEqual([[c!.id, 2]]);
        expect((await collect(store.readStream(s))).map((e) => e.id)).toEqual([a!.id, b!.id, c!.id]);
      });
    });

    describe('readAll', () => {
      it('reads after a position and up to a position, both bounds by position', async () => {
        const a = stream();
        const b = stream('membership');
        await store.append(a, events(2));
        await store.append(b, events(2));
        await store.append(a, events(1));
        const all = await readAllOwn();
        expect(all).toHaveLength(5);
        const p = all.map((e) => e.position);
        expect(await readAllOwn({ after: p[1]!, to: p[3]! })).toEqual(all.slice(2, 4));
        expect(await readAllOwn({ after: p[0]! })).toEqual(all.slice(1));
        expect(await readAllOwn({ to: p[2]! })).toEqual(all.slice(0, 3));
        expect(await readAllOwn({ after: p[4]! })).toEqual([]);
        // An upper bound between two positions (where the store leaves gaps) behaves like the
        // position before it. A lower bound (`after`) is promised only for positions the store
        // reported: a node reads $all from record boundaries only, and answers an error elsewhere.
        if (p[4]! - p[3]! > 1n) expect(await readAllOwn({ after: p[1]!, to: p[3]! + 1n })).toEqual(all.slice(2, 4));
        if (!shared) expect(await collect(store.readAll())).toEqual(all);
      });
    });

    describe('reading the log`s end', () => {
      it('reads from a reported position inclusive, and finds the position of the n-th event from the end', async () => {
        const a = stream();
        await store.append(a, events(3));
        const all = await readAllOwn();
        const p = all.map((e) => e.position);
        expect(await readAllOwn({ after: startHead, to: p[2]! }).then((l) => l.length)).toBe(3);
        expect(own(await collect(store.readAll({ from: p[1]!, to: p[2]! })))).toEqual(all.slice(1, 3));
        expect(own(await collect(store.readAll({ from: p[2]! })))).toEqual(all.slice(2));
        if (!shared) {
          expect(await store.positionFromEnd(1)).toBe(p[2]);
          expect(await store.positionFromEnd(3)).toBe(p[0]);
          expect(await store.positionFromEnd(4)).toBe(0n);
        }
      });
    });

    describe('readStream', () => {
      it('reads from a revision, and nothing from a revision past the end or an unknown stream', async () => {
        const s = stream();
        const { appended } = await store.append(s, events(4));
        expect(await collect(store.readStream(s, { fromRevision: 2 }))).toEqual(appended.slice(2));
        expect(await collect(store.readStream(s, { fromRevision: 0 }))).toEqual(appended);
        expect(await collect(store.readStream(s, { fromRevision: 10 }))).toEqual([]);
        expect(await collect(store.readStream(stream()))).toEqual([]);
      });

      it('reads at most maxCount events', async () => {
        const s = stream();
        const { appended } = await store.append(s, events(5));
        expect(await collect(store.readStream(s, { fromRevision: 1, maxCount: 1 }))).toEqual(appended.slice(1, 2));
        expect(await collect(store.readStream(s, { fromRevision: 2, maxCount: 2 }))).toEqual(appended.slice(2, 4));
        expect(await collect(store.readStream(s, { fromRevision: 3, maxCount: 10 }))).toEqual(appended.slice(3));
        expect(await collect(store.readStream(s, { fromRevision: 9, maxCount: 1 }))).toEqual([]);
      });
    });

    describe('readEvents', () => {
      it('reads the events at stream revisions in the order asked, null where there is none', async () => {
        const a = stream();
        const b = stream('board');
        const { appended: inA } = await store.append(a, events(3));
        const { appended: inB } = await store.append(b, events(2));
        const refs = [
          { streamId: b, revision: 1 },
          { streamId: a, revision: 0 },
          { streamId: a, revision: 7 },
          { streamId: stream(), revision: 0 },
          { streamId: a, revision: 2 },
          { streamId: b, revision: 1 },
        ];
        expect(await store.readEvents(refs)).toEqual([inB[1], inA[0], null, null, inA[2], inB[1]]);
        expect(await store.readEvents([])).toEqual([]);
      });

      it('reads a listing longer than one query takes', async () => {
        const s = stream();
        const { appended } = await store.append(s, events(1_200));
        const refs = appended.map((e) => ({ streamId: s, revision: e.revision })).reverse();
        expect(await store.readEvents(refs)).toEqual([...appended].reverse());
      });
    });

    describe('subscribeAll', () => {
      it('catches up from a position, then receives live events, and close() ends it', async () => {
        const s = stream();
        const { appended: before } = await store.append(s, events(3));
        const subscription = store.subscribeAll({ after: before[0]!.position });
        const received: StoredEvent[] = [];
        const consumer = (async () => {
          for await (const e of subscription) if (mine.has(e.streamId)) received.push(e);
        })();
        await vi.waitFor(() => expect(received.map((e) => e.id)).toEqual(before.slice(1).map((e) => e.id)), {
          timeout: 5000,
        });

        const other = stream('board');
        const { appended: live1 } = await store.append(other, events(1));
        const { appended: live2 } = await store.append(s, events(2));
        const expected = [...before.slice(1), ...live1, ...live2];
        await vi.waitFor(() => expect(received).toEqual(expected), { timeout: 5000 });

        await subscription.close();
        await expect(consumer).resolves.toBeUndefined();
        await store.append(s, events(1));
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(received).toEqual(expected);
      });

      it('from the start of an empty log delivers everything, in order', async () => {
        const s = stream();
        const subscription = store.subscribeAll(shared ? { after: startHead } : {});
        const received: StoredEvent[] = [];
        const consumer = (async () => {
          for await (const e of subscription) if (mine.has(e.streamId)) received.push(e);
        })();
        const first = await store.append(s, events(2));
        const second = await store.append(s, events(2));
        await vi.waitFor(() => expect(received).toEqual([...first.appended, ...second.appended]), { timeout: 5000 });
        await subscription.close();
        await consumer;
      });

      it('can be closed before it is iterated', async () => {
        const subscription = store.subscribeAll();
        await subscription.close();
        expect(await collect(subscription)).toEqual([]);
      });
    });

    it('headPosition is 0n on an empty log, then the position of the last event', async () => {
      if (!shared) expect(await store.headPosition()).toBe(0n);
      const s = stream();
      await store.append(s, events(2));
      const { position } = await store.append(stream(), events(1));
      const head = await store.headPosition();
      if (shared) expect(head).toBeGreaterThanOrEqual(position);
      else expect(head).toBe(position);
    });

    it('streamRevision is null for an unknown stream, then the last revision', async () => {
      const s = stream();
      expect(await store.streamRevision(s)).toBeNull();
      await store.append(s, events(3));
      expect(await store.streamRevision(s)).toBe(2);
      await store.append(s, events(1));
      expect(await store.streamRevision(s)).toBe(3);
    });

    it('hashes verify over readAll with the store`s chain scope, and a changed event breaks them', async () => {
      const a = stream();
      const b = stream('board');
      await store.append(a, events(2));
      await store.append(b, events(3));
      await store.append(a, events(1), { expectedRevision: 1 });
      await store.append(b, events(2));
      const log = shared ? await readAllOwn() : await collect(store.readAll());
      expect(log).toHaveLength(8);

      const verifier = new ChainVerifier(store.chainScope);
      for (const e of log) verifier.check(e);
      expect(verifier.verdict()).toMatchObject({ ok: true, checkedEvents: 8, headHash: log[7]!.hash });

      const tampered = log.map((e, i) => (i === 3 ? { ...e, data: { ...(e.data as object), n: -1 } } : e));
      const broken = new ChainVerifier(store.chainScope);
      for (const e of tampered) broken.check(e);
      expect(broken.verdict()).toMatchObject({ ok: false, firstBrokenPosition: log[3]!.position });
    });

    describe('concurrent appends', () => {
      it('with the same expected revision: exactly one wins, the others get ConcurrencyError', async () => {
        const s = stream();
        await store.append(s, events(1));
        const outcomes = await Promise.allSettled(
          Array.from({ length: 5 }, () => store.append(s, events(2), { expectedRevision: 0 })),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(4);
        for (const o of lost) {
          expect(o.reason).toBeInstanceOf(ConcurrencyError);
          expect(o.reason).toMatchObject({ expected: 0, actual: 2 });
        }
        const content = await collect(store.readStream(s));
        expect(content.map((e) => e.revision)).toEqual([0, 1, 2]);
        const verifier = new ChainVerifier('stream');
        for (const e of content) verifier.check(e);
        expect(verifier.verdict().ok).toBe(true);
      });

      it('to a new stream with NO_STREAM: exactly one wins', async () => {
        const s = stream();
        const outcomes = await Promise.allSettled(
          Array.from({ length: 4 }, () => store.append(s, events(1), { expectedRevision: NO_STREAM })),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes) {
          if (o.status === 'rejected')
            expect(o.reason).toMatchObject({ name: 'ConcurrencyError', expected: NO_STREAM, actual: 0 });
        }
        expect(await store.streamRevision(s)).toBe(0);
      });

      it('with ANY: all are stored, and the chain still holds', async () => {
        const s = stream();
        await store.append(s, events(1));
        const results = await Promise.all(Array.from({ length: 4 }, () => store.append(s, events(2))));
        expect(results.flatMap((r) => r.appended)).toHaveLength(8);
        const content = await collect(store.readStream(s));
        expect(content.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
        const log = shared ? await readAllOwn() : await collect(store.readAll());
        const verifier = new ChainVerifier(store.chainScope);
        for (const e of log) verifier.check(e);
        expect(verifier.verdict()).toMatchObject({ ok: true, checkedEvents: 9 });
      });
    });

    describe.skipIf(shared)('restore', () => {
      let target: StoreUnderTest;
      beforeEach(async () => {
        target = await factory();
      });
      afterEach(async () => {
        await target.cleanup();
      });

      async function sourceLog(): Promise<StoredEvent[]> {
        const a = stream();
        const b = stream('board');
        await store.append(a, events(2));
        await store.append(b, events(1));
        await store.append(a, events(1));
        return collect(store.readAll());
      }

      it('restores an exported log into an empty one, keeping ids, streams, revisions, times and hashes', async () => {
        const exported = await sourceLog();
        await target.store.restore(exported);
        const restored = await collect(target.store.readAll());
        const withoutPosition = (list: StoredEvent[]) => list.map(({ position: _, ...rest }) => rest);
        expect(withoutPosition(restored)).toEqual(withoutPosition(exported));
        for (let i = 1; i < restored.length; i += 1)
          expect(restored[i]!.position).toBeGreaterThan(restored[i - 1]!.position);
        const verifier = new ChainVerifier(target.store.chainScope);
        for (const e of restored) verifier.check(e);
        expect(verifier.verdict().ok).toBe(true);
      });

      it('refuses an altered event and writes nothing', async () => {
        const exported = await sourceLog();
        const altered = exported.map((e, i) => (i === 2 ? { ...e, effectiveAt: '1999-01-01' } : e));
        const error = await rejection(target.store.restore(altered));
        expect(error).toBeInstanceOf(ChainBrokenError);
        expect(await target.store.headPosition()).toBe(0n);
      });
    });
  });
}
