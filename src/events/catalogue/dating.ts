// The interval an undated fact allows, carried by the dated board and membership events.
import { z } from 'zod';
import { CalendarDate } from '../vocabulary.ts';
import type { NestedPrivacy } from './entry.ts';

/**
 * When a fact's date is not printed, the interval the evidence allows: it took effect no earlier
 * than `earliest` and no later than `latest`, which is also the date the event carries (its
 * effectiveAt), and `note` says why. Absent when the date is exact. The note is free text, so on
 * an event about a person it is personal (DATING_OF_PERSON_PRIVACY): sealed with their key and
 * erased with them; on other events it is public and must not name a person.
 */
export const Dating = z.object({ earliest: CalendarDate, latest: CalendarDate, note: z.string().min(1) });
export type DatingData = z.infer<typeof Dating>;

export const DATING_PRIVACY: NestedPrivacy = { fields: { earliest: 'public', latest: 'public', note: 'public' } };

/**
 * The dating of an event about a person (one with subjects): its note is sealed with their keys.
 * An event with no subject on a given instance (a partnership joining) keeps the note in clear.
 */
export const DATING_OF_PERSON_PRIVACY: NestedPrivacy = {
  fields: { earliest: 'public', latest: 'public', note: 'personal' },
};

/** Schema version 1 of the dated board and membership events had no `dating`: their dates were taken as exact. */
const withoutDating = (data: unknown): unknown => ({ ...(data as object), dating: null });

/** The schema version and upcaster of every event that may carry a dating. */
export const DATED = { schemaVersion: 2, upcasters: { 1: withoutDating } };
