// An uncertain date as the board and membership deciders take it: a fact whose own date the
// source does not print is recorded on the latest day it can have happened, with the earliest
// such day and the reasoning (see `Dating` in the event catalogue).
import { z } from 'zod';
import type { DatingData } from '../events/catalogue.ts';
import { CalendarDate } from '../events/vocabulary.ts';
import { fieldError, ValidationError } from './errors.ts';
import { nonBlank } from './inputs.ts';

export const DATING_NOTE_LENGTH = 2_000;

const DatingInput = z.object({ earliest: CalendarDate, latest: CalendarDate, note: nonBlank(DATING_NOTE_LENGTH) });

/** What a command may add to its data: the interval its date is known to lie in. */
export interface DatedInput {
  dating?: z.input<typeof DatingInput> | null;
}

/**
 * The dating of a command's data, checked against the date the fact is recorded on (`on`, named
 * `field` in the input): absent means the date is exact. The interval must end on that date,
 * since a fact is recorded on the latest day it can have happened, and must not start after it.
 * Errors are ValidationErrors on `dating.…`.
 */
export function datingOf(data: unknown, on: string, field: string): DatingData | null {
  const given = (data as DatedInput | null)?.dating;
  if (given === undefined || given === null) return null;
  const parsed = DatingInput.safeParse(given);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'dating');
  const dating = parsed.data;
  if (dating.latest !== on)
    throw fieldError('dating.latest', `must be ${on}, the ${field} the fact is recorded on (its latest possible day)`);
  if (dating.earliest > dating.latest) throw fieldError('dating.earliest', `must be on or before ${dating.latest}`);
  return dating;
}

/** The data field that carries a dating: none at all for an exactly dated fact, as before datings existed. */
export function dated(dating: DatingData | null): { dating?: DatingData } {
  return dating ? { dating } : {};
}
