// One projector as the runner drives it: its prepared apply function, the event types it takes,
// and where its own checkpoint stood when the runner started.
import type Database from 'better-sqlite3';
import type { DomainEvent } from '../events/catalogue.ts';
import type { StoredEvent } from '../events/store.ts';
import type { Projector } from './projector.ts';
import { ProjectionFailedError } from './runnerStatus.ts';

export interface Applier {
  name: string;
  /** Sees events opened rather than as stored (sealed); see Projector.opened. */
  opened: boolean;
  apply: (event: DomainEvent, stored: StoredEvent) => void;
  /** The event types it applies (Projector.handles); the others pass it by. */
  handles: ReadonlySet<string>;
  /**
   * The projector's own checkpoint when the runner started. A projector added to an existing read
   * database starts at 0 while the others are further on: each skips what it already applied.
   */
  appliedUpTo: bigint;
}

/** The projector's statements prepared over `db`, starting after `appliedUpTo`. */
export function applierOf(projector: Projector, db: Database.Database, appliedUpTo: bigint): Applier {
  return {
    name: projector.name,
    opened: projector.opened === true,
    apply: projector.prepare(db),
    handles: new Set(projector.handles),
    appliedUpTo,
  };
}

/** Applies one event; whatever the projector throws becomes a ProjectionFailedError naming it and the event. */
export function applyOne(a: Applier, event: DomainEvent, stored: StoredEvent): void {
  try {
    a.apply(event, stored);
  } catch (error) {
    throw new ProjectionFailedError({
      projector: a.name,
      position: stored.position,
      eventType: stored.type,
      message: error instanceof Error ? error.message : String(error),
    });
  }
}
