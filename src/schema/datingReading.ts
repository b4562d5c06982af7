// Which reading of uncertain dates a board or membership answer uses, and how it shows in the
// answer's id: the default reading keeps the plain id, the other names itself, so a normalising
// client cache never merges the two answers for one day (see shared/identity.ts).
import type { DatingReading } from '../domain/board/estimate.ts';
import { builder } from './builder.ts';

export type { DatingReading };

export const DatingReadingEnum = builder.enumType('DatingReading', {
  description:
    'How an answer for a day counts a fact whose date is known only to lie in an interval (issue 17: the latest possible date unless asked otherwise)',
  values: {
    LATEST: {
      description:
        'Count the fact from the last day of its interval: only what is known to hold by the day asked about (the default)',
    },
    EARLIEST: {
      description:
        'Count the fact from the first day of its interval: every fact whose interval has begun by the day asked about, and the report that may have taken effect last',
    },
  } as const,
});

const SUFFIX = '~EARLIEST';

/** The id key of an answer under a reading: `key` for LATEST, `key~EARLIEST` otherwise. */
export function withReading(key: string, dating: DatingReading | undefined): string {
  return dating === 'EARLIEST' ? `${key}${SUFFIX}` : key;
}

/** Reads `key` or `key~EARLIEST` back. */
export function splitReading(id: string): { key: string; dating: DatingReading } {
  return id.endsWith(SUFFIX) ? { key: id.slice(0, -SUFFIX.length), dating: 'EARLIEST' } : { key: id, dating: 'LATEST' };
}
