// Applies events straight through one projector into an in-memory read database (real SQLite),
// for tests that compare read paths over many generated histories.
import type Database from 'better-sqlite3';
import type { DomainEvent } from '../../src/events/catalogue.ts';
import type { StoredEvent } from '../../src/events/store.ts';
import { handlesType, type Projector } from '../../src/projections/projector.ts';
import { createTables, openReadDatabase } from '../../src/projections/readStore.ts';

export function projectInMemory(projector: Projector, streamId: string, events: DomainEvent[]): Database.Database {
  const db = openReadDatabase(':memory:');
  createTables(db, [projector]);
  const apply = projector.prepare(db);
  events.forEach((event, i) => {
    if (!handlesType(projector, event.type)) return;
    const stored = { position: BigInt(i + 1), streamId, metadata: { actor: 'ed' }, recordedAt: '2026-01-01T00:00:00Z' };
    apply(event, stored as unknown as StoredEvent);
  });
  return db;
}

/** Each history's steps interleaved: every history's first step, then every second step, and so on. */
export function interleave<T>(histories: T[][]): T[] {
  const longest = Math.max(0, ...histories.map((h) => h.length));
  const out: T[] = [];
  for (let step = 0; step < longest; step += 1) for (const h of histories) if (step < h.length) out.push(h[step]!);
  return out;
}
