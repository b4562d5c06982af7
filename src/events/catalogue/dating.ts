// The interval an undated fact allows, carried by the dated board and membership events.
import { z } from 'zod';
import { CalendarDate } from '../vocabulary.ts';
import type { NestedPrivacy } from './entry.ts';

/**
 * When a fact's date is not printed, the interval the evidence allows: it took effect no earlier
 * than `earliest` and no later than `latest`, which is also the date the event carries (its
 * effectiveAt), and `note` says why. Absent when the date is exact. Public: it must not name a
 * person.
 */
export const Dating = z.object({ earliest: CalendarDate, latest: CalendarDate, note: z.string().min(1) });
export type DatingData = z.infer<typeof Dating>;

export const DATING_PRIVACY: NestedPrivacy = { fields: { earliest: 'public', latest: 'public', note: 'public' } };

/** Schema version 1 of the dated board and membership events had no `dating`: their dates were taken as exact. */
const withoutDating = (data: unknown): unknown => ({ ...(data as object), dating: null });

/** The schema version and upcaster of every event that may carry a dating. */
export const DATED = { schemaVersion: 2, upcasters: { 1: withoutDating } };
