// An event listing's data (Event.data, source, changeNote) is read from the log, not the auditors'
// index: all the events one resolver level asks for in one read of the log, each checked against
// the index row it stands for.
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { EventRef, EventStore, StoredEvent } from '../../src/events/store.ts';
import { auditLoaders } from '../../src/schema/loaders.ts';
import { publishDocuments } from '../support/fixtures.ts';
import { useServices } from '../support/services.ts';

describe('the stored-event loader', () => {
  const fixture = useServices({ given: (services) => publishDocuments(services, 8) });

  /** The store, counting its reads. */
  const counting = (store: EventStore) => {
    const calls = { readEvents: 0, readStream: 0 };
    const counted: EventStore = Object.create(store);
    counted.readEvents = (refs: readonly EventRef[]) => {
      calls.readEvents += 1;
      return store.readEvents(refs);
    };
    counted.readStream = (...args) => {
      calls.readStream += 1;
      return store.readStream(...args);
    };
    return { counted, calls };
  };

  it('reads every event of a listing in one read of the log', async () => {
    const { audit, store, runner } = fixture.services;
    await runner.catchUp();
    const positions = Array.from({ length: 24 }, (_, i) => BigInt(i + 1));
    const rows = audit.atPositions(positions);
    expect(rows).toHaveLength(24);
    const { counted, calls } = counting(store);
    const loaders = auditLoaders(audit, counted);
    const events = (await Promise.all(rows.map((row) => loaders.stored.load(row)))) as StoredEvent[];
    expect(calls).toEqual({ readEvents: 1, readStream: 0 });
    expect(events.map((e) => e.id)).toEqual(rows.map((r) => r.id));
    const fromLog: StoredEvent[] = [];
    for await (const e of store.readAll({ to: 24n })) fromLog.push(e);
    expect(events.map((e) => e.data)).toEqual(fromLog.map((e) => e.data));
  });

  it('answers LOG_DAMAGED for an index row the log no longer holds, and the others as stored', async () => {
    const { audit, store, runner } = fixture.services;
    await runner.catchUp();
    const [kept, moved, gone] = audit.atPositions([1n, 2n, 3n]);
    const loaders = auditLoaders(audit, store);
    const [a, b, c] = await Promise.allSettled([
      loaders.stored.load(kept!),
      // Another event stands where the index has this one; no event stands at the other's revision.
      loaders.stored.load({ ...moved!, id: '00000000-0000-4000-8000-000000000000' }),
      loaders.stored.load({ ...gone!, revision: 99 }),
    ]);
    expect(a.status === 'fulfilled' && a.value.id).toBe(kept!.id);
    for (const damaged of [b, c]) {
      expect(damaged.status).toBe('rejected');
      expect((damaged as PromiseRejectedResult).reason).toBeInstanceOf(GraphQLError);
      expect((damaged as PromiseRejectedResult).reason.extensions.code).toBe('LOG_DAMAGED');
    }
  });
});
