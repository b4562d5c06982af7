// The shape of one catalogue entry: what the log knows about an event type besides its name.
import type { z } from 'zod';

/** The aggregates of the domain; every event type belongs to exactly one, whose stream holds it. */
export const AGGREGATES = ['document', 'board', 'membership', 'publication', 'person'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/**
 * Who may hear of an event as it is appended: `public` events are announced to every subscriber;
 * `staff` events (drafts) only to editors and auditors.
 */
export type Visibility = 'staff' | 'public';

/**
 * Privacy of one field of an event's data. `personal`: stored sealed (AES-256-GCM) with the key of
 * every person the event is about, so erasing any of them makes it unreadable; `public`: stored in
 * clear, and must never hold a name or free text about a person. An array of objects (publication
 * items) has its own fields and may name its own subjects.
 */
export type FieldPrivacy = 'personal' | 'public' | NestedPrivacy;
export interface NestedPrivacy {
  /** The field of each element holding the ids of the people that element is about. */
  subjects?: string;
  fields: Record<string, FieldPrivacy>;
}
export interface EventPrivacy {
  /** The ids of the people the event is about; its personal fields and its metadata's free text are sealed with their keys. */
  subjects?: (data: Record<string, unknown>) => string[];
  /** Every field of the data; a test fails when a string field of the schema is not listed. */
  fields: Record<string, FieldPrivacy>;
}

export interface CatalogueEntry<S extends z.ZodType = z.ZodType, A extends Aggregate = Aggregate> {
  /** The aggregate whose stream holds the event: only its decider emits it, only its evolve reads it. */
  aggregate: A;
  schemaVersion: number;
  schema: S;
  /** Which fields are personal and which public, beside the schema so a new event type cannot forget it. */
  privacy: EventPrivacy;
  visibility: Visibility;
  /** The data field that is the change's note when the command gives none (recorded in metadata.changeNote). */
  noteField?: Extract<keyof z.infer<S>, string>;
  /** True when the event withdraws its stream's subject: reads at a later position show it withdrawn. */
  withdraws?: true;
  /** upcasters[n] lifts data written at schema version n to version n + 1. */
  upcasters?: Record<number, (data: unknown) => unknown>;
}

export function entry<S extends z.ZodType, A extends Aggregate>(e: CatalogueEntry<S, A>): CatalogueEntry<S, A> {
  return e;
}

/** Any catalogue: event type name to entry (the real one, or a fixture extending it). */
export type CatalogueShape = Record<string, CatalogueEntry<z.ZodType, Aggregate>>;

/** The decoded events a catalogue describes, as a union discriminated by `type`. */
export type EventsIn<C extends CatalogueShape> = {
  [T in keyof C & string]: { type: T; data: z.infer<C[T]['schema']> };
}[keyof C & string];

/** The event types of one aggregate in a catalogue. */
export type TypesOfAggregateIn<C extends CatalogueShape, A extends Aggregate> = {
  [T in keyof C & string]: C[T]['aggregate'] extends A ? T : never;
}[keyof C & string];

/** The decoded events of one aggregate in a catalogue. */
export type AggregateEventsIn<C extends CatalogueShape, A extends Aggregate> = Extract<
  EventsIn<C>,
  { type: TypesOfAggregateIn<C, A> }
>;

/** Lists the ids found in one string field of the data (the subject of a one-person event). */
export const idOf = (field: string) => (d: Record<string, unknown>) =>
  typeof d[field] === 'string' ? [d[field] as string] : [];
