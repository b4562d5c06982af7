// What the projectors of an association's streams (board-<org>, membership-<org>) share: blanking
// an erased person's columns, reading the association from the stream, the columns every row takes
// from the event, and the row each event adds to the aggregate's dated list of changes.
import type Database from 'better-sqlite3';
import type { EventOfType, EventTypeOf } from '../events/catalogue.ts';
import type { StoredEvent } from '../events/store.ts';
import { idInStream } from '../events/streams.ts';

/** The columns every row an association event writes takes from it. */
export interface AssociationRow {
  association: string;
  /** The event's log position. */
  position: bigint;
  /** Where the fact was reported (the event's metadata), if recorded. */
  source: string | null;
  /** The event's change note, if any. */
  note: string | null;
}

/**
 * Records the event's line in the changes table: its kind, the day it took effect, and the
 * table's own columns (absent or undefined ones are stored as NULL).
 */
export type RecordChange = (kind: string, on: string, detail: Record<string, string | null | undefined>) => void;

type AssociationAggregate = 'board' | 'membership';

/**
 * The apply function of an association's projector. PersonalDataErased blanks the person's
 * `erasable` columns (see erasure.ts); any other event is applied only when its stream is the
 * aggregate's, with its association, the shared row columns and a RecordChange that runs
 * `insertChange` with positional parameters, in this order: association, position, kind, on, the
 * `changeDetail` fields in their order, source, note, actor, recordedAt. (Positional, because
 * binding named parameters from an object spread together for each event cost several times the
 * insert itself.)
 */
export function associationEvents<A extends AssociationAggregate>(
  aggregate: A,
  changes: {
    erase: (personId: string) => void;
    insertChange: Database.Statement;
    changeDetail: readonly string[];
  },
  apply: (event: EventOfType<EventTypeOf<A>>, row: AssociationRow, recordChange: RecordChange) => void,
): (event: EventOfType<EventTypeOf<A> | 'PersonalDataErased'>, stored: StoredEvent) => void {
  return (event, stored) => {
    // An erasure is recorded on the person's own stream and blanks their personal data
    // everywhere; a replay after the key is gone reads it as erased anyway, so both paths agree.
    if (event.type === 'PersonalDataErased') {
      changes.erase((event as EventOfType<'PersonalDataErased'>).data.personId);
      return;
    }
    const association = idInStream(aggregate, stored.streamId);
    if (association === null) return;
    const m = stored.metadata;
    const row: AssociationRow = {
      association,
      position: stored.position,
      source: m.source ?? null,
      note: m.changeNote ?? null,
    };
    const recordChange: RecordChange = (kind, on, detail) =>
      changes.insertChange.run(
        association,
        stored.position,
        kind,
        on,
        ...changes.changeDetail.map((k) => detail[k] ?? null),
        row.source,
        row.note,
        m.actor,
        stored.recordedAt,
      );
    apply(event as EventOfType<EventTypeOf<A>>, row, recordChange);
  };
}
