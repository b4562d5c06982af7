// Which reading of uncertain dates a board or membership answer uses, and how it shows in the
// answer's id: the default reading keeps the plain id, the other names itself, so a normalising
// client cache never merges the two answers for one day (see shared/identity.ts).
import type { ArgBuilder } from '@pothos/core';
import type { DatingReading } from '../domain/board/estimate.ts';
import { builder, type Types } from './builder.ts';
import type { Context } from './context.ts';
import { isRealDate } from '../events/vocabulary.ts';
import { atPosition, mayReadRecordedTime, splitAtPosition } from './shared/identity.ts';
import { knownBound, recordedTimeArgs } from './shared/arguments.ts';
import { requireDate, today } from './scalars.ts';

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

/** An answer about one day: the day, the log position it is bounded by when known then, and its reading. */
export interface DayReading {
  asOf: string;
  /** Set when the answer is seen as the log stood at this position (recorded time). */
  knownAt?: bigint;
  /** How facts dated only by an interval are read; absent means LATEST, the default. */
  dating?: DatingReading;
}

/** The answer's own key: its date, the log position when seen as known then, and the reading when not the default. */
export const dayReadingKey = (r: DayReading): string => withReading(atPosition(r.asOf, r.knownAt), r.dating);

/**
 * Reads a key dayReadingKey wrote (`date`, `date@position`, either with `~EARLIEST`); null for one
 * that names no real date, or a past log position the caller may not read (editors and auditors only).
 */
export function dayReadingOf(ctx: Context, key: string): DayReading | null {
  const { key: dated, dating } = splitReading(key);
  const state = splitAtPosition(dated);
  if (!state || !isRealDate(state.key) || !mayReadRecordedTime(ctx, state.knownAt)) return null;
  return {
    asOf: state.key,
    ...(state.knownAt === undefined ? {} : { knownAt: state.knownAt }),
    ...(dating === 'EARLIEST' ? { dating } : {}),
  };
}

/** asOf, dating, knownAt and knownAtPosition, for a type that answers about one day; `subject` names it ("the board"). */
export function dayReadingFields<R extends DayReading>(
  t: PothosSchemaTypes.ObjectFieldBuilder<Types, R>,
  subject: string,
) {
  return {
    asOf: t.field({ type: 'Date', resolve: (r) => r.asOf }),
    dating: t.field({
      type: DatingReadingEnum,
      description:
        'How this answer counts facts dated only by an interval: from their latest day (LATEST, the default) or their earliest (EARLIEST)',
      resolve: (r) => r.dating ?? 'LATEST',
    }),
    knownAt: t.string({
      nullable: true,
      description: 'The log position this answer is bounded by, when asked as known at a past moment',
      deprecationReason: 'A log position under the name of the DateTime argument knownAt; use knownAtPosition',
      resolve: (r) => r.knownAt?.toString() ?? null,
    }),
    knownAtPosition: t.string({
      nullable: true,
      description: `The log position this answer is bounded by, when asked as known at a past moment (knownAt or atPosition); null for ${subject} as known now`,
      resolve: (r) => r.knownAt?.toString() ?? null,
    }),
  } as const;
}

/** asOf, knownAt, atPosition and dating: the arguments of a query about one day (see dayReadingOfArgs). */
export function dayReadingArgs(arg: ArgBuilder<Types>) {
  return {
    asOf: arg({ type: 'Date' }),
    ...recordedTimeArgs(arg),
    dating: arg({
      type: DatingReadingEnum,
      required: true,
      defaultValue: 'LATEST',
      description:
        'How to count facts dated only by an interval: from their latest day (LATEST, the default) or from their earliest (EARLIEST)',
    }),
  };
}

/**
 * The day those arguments ask about: asOf (today when absent; a bad date is a BAD_USER_INPUT error),
 * bounded by the log position of knownAt or atPosition when given, under the reading they name.
 */
export function dayReadingOfArgs(
  ctx: Context,
  args: { asOf?: string | null; knownAt?: string | null; atPosition?: string | null; dating: DatingReading },
): DayReading {
  const asOf = args.asOf ? requireDate(args.asOf, 'asOf') : today();
  const bound = knownBound(ctx, args.knownAt, args.atPosition);
  return {
    asOf,
    ...(bound === null ? {} : { knownAt: bound }),
    ...(args.dating === 'EARLIEST' ? { dating: args.dating } : {}),
  };
}
