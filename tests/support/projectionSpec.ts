// Given/then for one projector: given events appended to streams, then these rows. Applies them
// straight through the projector into an in-memory read database (real SQLite), as the runner
// would: only the event types the projector handles, each at the next position, with its stream's
// next revision.
import type Database from 'better-sqlite3';
import type { DomainEvent } from '../../src/events/catalogue.ts';
import type { EventMetadata, StoredEvent } from '../../src/events/store.ts';
import { handlesType, prepareProjector, type Projector } from '../../src/projections/projector.ts';
import { createTables, openReadDatabase } from '../../src/projections/readStore.ts';

export interface GivenEvent {
  streamId: string;
  event: DomainEvent;
  metadata?: Partial<EventMetadata>;
  effectiveAt?: string;
  recordedAt?: string;
}

export interface Projected {
  db: Database.Database;
  /** The rows a query returns. */
  rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[];
  /** Applies more events, continuing positions and revisions. */
  and(...events: GivenEvent[]): Projected;
}

export function projectionSpec(projector: Projector) {
  return {
    given(...events: GivenEvent[]): Projected {
      const db = openReadDatabase(':memory:');
      createTables(db, [projector]);
      const { apply, flush } = prepareProjector(projector, db);
      const revisions = new Map<string, number>();
      let position = 0n;
      const projected: Projected = {
        db,
        rows: <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[],
        and(...more) {
          for (const g of more) {
            position += 1n;
            const revision = (revisions.get(g.streamId) ?? -1) + 1;
            revisions.set(g.streamId, revision);
            if (!handlesType(projector, g.event.type)) continue;
            const stored = {
              id: `event-${position}`,
              position,
              revision,
              streamId: g.streamId,
              type: g.event.type,
              schemaVersion: 1,
              data: g.event.data,
              effectiveAt: g.effectiveAt ?? '2026-01-01',
              recordedAt: g.recordedAt ?? '2026-01-01T00:00:00.000Z',
              metadata: { actor: 'ed', ...g.metadata },
              hash: '',
              previousHash: '',
            } as StoredEvent;
            apply(g.event, stored);
          }
          // The events of one `and` are one batch, as the runner applies them.
          flush();
          return projected;
        },
      };
      return projected.and(...events);
    },
  };
}
