// The event catalogue: every event type the log may hold, the aggregate whose stream holds it, its
// current schema version, the zod schema its data must satisfy (checked on write and on read), the
// upcasters that lift older shapes to the current one (so the log never has to be rewritten), and
// what else the service reads from the type instead of its name: which fields are personal, who
// may hear of it live, which field is its note, whether it withdraws its subject.
// Each aggregate's entries live beside it in ./catalogue/.
import { z } from 'zod';
import { boardEvents } from './catalogue/board.ts';
import { documentEvents } from './catalogue/documents.ts';
import type {
  Aggregate,
  AggregateEventsIn,
  CatalogueEntry,
  EventPrivacy,
  EventsIn,
  TypesOfAggregateIn,
  Visibility,
} from './catalogue/entry.ts';
import { membershipEvents } from './catalogue/membership.ts';
import { personEvents } from './catalogue/people.ts';
import { publicationEvents } from './catalogue/publications.ts';
import { InvalidEventError, type NewEvent, type StoredEvent } from './store.ts';

export {
  AGGREGATES,
  type Aggregate,
  type EventPrivacy,
  type FieldPrivacy,
  type NestedPrivacy,
  type Visibility,
} from './catalogue/entry.ts';
export { SectionData, versionPublishedV1toV2 } from './catalogue/documents.ts';
export type { RegionFigureData } from './catalogue/membership.ts';
export { Dating, type DatingData } from './catalogue/dating.ts';
export type { PublicationItemData } from './catalogue/publications.ts';
export {
  CalendarDate,
  DOCUMENT_KINDS,
  type DocumentKind,
  ENTITY_ID_PATTERN,
  ERASED_TEXT,
  ITEM_CATEGORIES,
  type ItemCategory,
  isRealDate,
  MEMBER_KINDS,
  type MemberKind,
  MEMBERSHIP_YEAR_PATTERN,
  PUBLICATION_KINDS,
  type PublicationKind,
  REGIONS,
  type Region,
  SECTION_KEY_PATTERN,
  SLUG_PATTERN,
} from './vocabulary.ts';

export const catalogue = {
  ...documentEvents,
  ...boardEvents,
  ...membershipEvents,
  ...publicationEvents,
  ...personEvents,
};

export type Catalogue = typeof catalogue;
export type EventType = keyof Catalogue;
export type EventData<T extends EventType> = z.infer<Catalogue[T]['schema']>;
/** A decoded event: its type and its data at the current schema version. */
export type DomainEvent = EventsIn<Catalogue>;
/** The decoded event of one type. */
export type EventOfType<T extends EventType> = Extract<DomainEvent, { type: T }>;
/** The event types an aggregate's stream holds. */
export type EventTypeOf<A extends Aggregate> = TypesOfAggregateIn<Catalogue, A>;
/** The events an aggregate's stream holds: what its decider emits and its evolve reads. */
export type EventOf<A extends Aggregate> = AggregateEventsIn<Catalogue, A>;

export type DocumentEvent = EventOf<'document'>;
export type BoardEvent = EventOf<'board'>;
export type MembershipEvent = EventOf<'membership'>;
export type PublicationEvent = EventOf<'publication'>;
export type PersonEvent = EventOf<'person'>;

/** Every event type, in catalogue order. */
export const EVENT_TYPES = Object.keys(catalogue) as EventType[];

const entryOf = (type: EventType): CatalogueEntry => catalogue[type] as CatalogueEntry;

/** The event types of one aggregate, in catalogue order. */
export function eventTypesOf<A extends Aggregate>(aggregate: A): EventTypeOf<A>[] {
  return EVENT_TYPES.filter((t) => entryOf(t).aggregate === aggregate) as EventTypeOf<A>[];
}

/** True when the event belongs to the aggregate (its stream may hold it). */
export function isEventOf<A extends Aggregate>(aggregate: A, event: DomainEvent): event is EventOf<A> {
  return entryOf(event.type).aggregate === aggregate;
}

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(catalogue, type);
}

/** The privacy markers of an event type, or undefined for a type the catalogue does not know. */
export function privacyOf(type: string): EventPrivacy | undefined {
  return isEventType(type) ? entryOf(type).privacy : undefined;
}

/** Who may hear of an event of this type live; a type the catalogue does not know is staff-only. */
export function visibilityOf(type: string): Visibility {
  return isEventType(type) ? entryOf(type).visibility : 'staff';
}

/** The event types that withdraw their stream's subject (see CatalogueEntry.withdraws). */
export const WITHDRAWING_TYPES: readonly EventType[] = EVENT_TYPES.filter((t) => entryOf(t).withdraws === true);

/** The note an event carries in its data (its catalogue `noteField`), or null. */
export function noteOf(event: DomainEvent): string | null {
  const field = entryOf(event.type).noteField;
  if (!field) return null;
  const value = (event.data as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : null;
}

function parseData(type: EventType, data: unknown): DomainEvent {
  const result = catalogue[type].schema.safeParse(data);
  if (!result.success) {
    throw new InvalidEventError(`${type} data is invalid: ${z.prettifyError(result.error)}`);
  }
  return { type, data: result.data } as DomainEvent;
}

/** Checks an event about to be written against the current schema of its type. */
export function validateNewEvent(e: NewEvent): void {
  if (!isEventType(e.type)) throw new InvalidEventError(`Unknown event type ${e.type}`);
  if (e.schemaVersion !== catalogue[e.type].schemaVersion) {
    throw new InvalidEventError(`${e.type} must be written at schema version ${catalogue[e.type].schemaVersion}`);
  }
  parseData(e.type, e.data);
}

/** Upcasts a stored event to the current schema of its type and validates it. */
export function decodeEvent(e: Pick<StoredEvent, 'type' | 'schemaVersion' | 'data'>): DomainEvent {
  if (!isEventType(e.type)) throw new InvalidEventError(`Unknown event type ${e.type}`);
  const { schemaVersion, upcasters } = entryOf(e.type);
  let data = e.data;
  for (let v = e.schemaVersion; v < schemaVersion; v += 1) {
    const up = upcasters?.[v];
    if (!up) throw new InvalidEventError(`No upcaster for ${e.type} from schema version ${v}`);
    data = up(data);
  }
  return parseData(e.type, data);
}

/** Builds a NewEvent for a domain event at its type's current schema version. */
export function newEvent(
  id: string,
  event: DomainEvent,
  effectiveAt: string,
  metadata: NewEvent['metadata'],
): NewEvent {
  return {
    id,
    type: event.type,
    schemaVersion: catalogue[event.type].schemaVersion,
    data: event.data,
    effectiveAt,
    metadata,
  };
}
