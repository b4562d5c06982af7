// One projector as the runner drives it: its prepared apply function, the event types it takes,
// and where its own checkpoint stood when the runner started.
import type Database from 'better-sqlite3';
import type { DomainEvent } from '../events/catalogue.ts';
import type { StoredEvent } from '../events/store.ts';
import { prepareProjector, type Projector } from './projector.ts';
import { ProjectionFailedError } from './runnerStatus.ts';

export interface Applier {
  name: string;
  /** Sees events opened rather than as stored (sealed); see Projector.opened. */
  opened: boolean;
  apply: (event: DomainEvent, stored: StoredEvent) => void;
  /** Writes what apply held back; called once a batch's events are applied (see Projector.prepare). */
  flush: () => void;
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
    ...prepareProjector(projector, db),
    handles: new Set(projector.handles),
    appliedUpTo,
  };
}

/** Applies one event; whatever the projector throws becomes a ProjectionFailedError naming it and the event. */
export function applyOne(a: Applier, event: DomainEvent, stored: StoredEvent): void {
  // No closure a call: this runs once an event and projector.
  try {
    a.apply(event, stored);
  } catch (error) {
    throw failureOf(a, stored, error);
  }
}

/** Flushes what the projector held back of a batch ending with `last`; a throw is a ProjectionFailedError at `last`. */
export function flushBatch(a: Applier, last: StoredEvent): void {
  try {
    a.flush();
  } catch (error) {
    throw failureOf(a, last, error);
  }
}

function failureOf(a: Applier, stored: StoredEvent, error: unknown): ProjectionFailedError {
  return new ProjectionFailedError({
    projector: a.name,
    position: stored.position,
    eventType: stored.type,
    message: error instanceof Error ? error.message : String(error),
  });
}
