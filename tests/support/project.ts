// Applies events of one stream straight through one projector into an in-memory read database
// (real SQLite, see projectionSpec.ts), for tests that compare read paths over many generated histories.
import type Database from 'better-sqlite3';
import type { DomainEvent } from '../../src/events/catalogue.ts';
import type { Projector } from '../../src/projections/projector.ts';
import { projectionSpec } from './projectionSpec.ts';

export function projectInMemory(projector: Projector, streamId: string, events: DomainEvent[]): Database.Database {
  return projectionSpec(projector).given(...events.map((event) => ({ streamId, event }))).db;
}

/** Each history's steps interleaved: every history's first step, then every second step, and so on. */
export function interleave<T>(histories: T[][]): T[] {
  const longest = Math.max(0, ...histories.map((h) => h.length));
  const out: T[] = [];
  for (let step = 0; step < longest; step += 1) for (const h of histories) if (step < h.length) out.push(h[step]!);
  return out;
}
