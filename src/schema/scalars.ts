import { GraphQLError, Kind } from 'graphql';
import { isRealDate } from '../events/vocabulary.ts';
import { builder } from './builder.ts';

function stringInput(name: string) {
  return (value: unknown): string => {
    if (typeof value !== 'string')
      throw new GraphQLError(`${name} must be a string`, { extensions: { code: 'BAD_USER_INPUT' } });
    return value;
  };
}

// A Date input is taken as written; whether it is a real calendar date is checked where it is
// used, so that a mutation can answer an impossible date with a ValidationError naming the field.
builder.scalarType('Date', {
  description:
    'A calendar date with no time and no zone, written YYYY-MM-DD (RFC 3339 full-date, years 0000 to 9999), e.g. 2023-12-15. In TypeScript a string; compare dates as strings',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  serialize: (value) => String(value),
  parseValue: stringInput('Date'),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING)
      throw new GraphQLError('Date must be a string', { extensions: { code: 'BAD_USER_INPUT' } });
    return ast.value;
  },
});

/** ISO 8601 as RFC 3339 writes it: a date with a four-digit year, optionally a time and an offset. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?$/;
const EARLIEST_INSTANT = Date.parse('0000-01-01T00:00:00.000Z');
const LATEST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Reads a DateTime argument: an ISO 8601 instant in years 0000 to 9999 (UTC), so it compares as
 * the stored instants do (toISOString writes other years as +YYYYYY, which sorts wrongly).
 */
export function parseInstant(value: unknown): string {
  const text = stringInput('DateTime')(value);
  // Date.parse rolls an impossible day over (2023-02-30 is 2 March), so the date is checked first.
  const ms = ISO_INSTANT.test(text) && isRealDate(text.slice(0, 10)) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new GraphQLError(
      `DateTime must be an ISO 8601 instant such as 2023-12-15T09:30:00Z, got "${text.slice(0, 40)}"`,
      {
        extensions: { code: 'BAD_USER_INPUT' },
      },
    );
  }
  if (ms < EARLIEST_INSTANT || ms > LATEST_INSTANT) {
    throw new GraphQLError(`DateTime must fall in years 0000 to 9999 (UTC), got "${text}"`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return new Date(ms).toISOString();
}

builder.scalarType('DateTime', {
  description:
    'An instant: RFC 3339 date-time (ISO 8601) in years 0000 to 9999. Answered in UTC with milliseconds, e.g. 2023-12-15T09:30:00.000Z; accepted with any offset, or as a bare date meaning its midnight UTC. In TypeScript a string; answers compare as strings',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  serialize: (value) => String(value),
  parseValue: parseInstant,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING)
      throw new GraphQLError('DateTime must be a string', { extensions: { code: 'BAD_USER_INPUT' } });
    return parseInstant(ast.value);
  },
});

/**
 * Checks an argument that takes a date or an instant (effectiveFrom/effectiveTo), by the rules of
 * the Date and DateTime scalars; the text is kept as written, as stored effective times compare with it.
 */
export function requireDateOrInstant(value: string, argument: string): string {
  if (isRealDate(value)) return value;
  try {
    parseInstant(value);
    return value;
  } catch {
    throw new GraphQLError(
      `${argument} must be a date (YYYY-MM-DD) or an ISO 8601 instant in years 0000 to 9999, got "${value.slice(0, 40)}"`,
      {
        extensions: { code: 'BAD_USER_INPUT' },
      },
    );
  }
}

/** The largest log position: SQLite stores positions as signed 64-bit integers. */
export const MAX_LOG_POSITION = 9_223_372_036_854_775_807n;

/** The description of every atPosition argument. */
export const AT_POSITION_DESCRIPTION = `Answer as the service would have right after this log position (decimal digits, 0 to ${MAX_LOG_POSITION})`;

/**
 * Reads a log position (or a count of leaves or events) given as text (an argument such as
 * atPosition or a proof's position, treeSize, from and to; or inside a cursor): decimal digits,
 * leading zeros allowed, from 0 to 2^63 - 1. Every position a client sends passes here before it
 * reaches SQLite. Throws BAD_USER_INPUT saying whether the text is no number or beyond the largest.
 */
export function parseLogPosition(value: string, argument: string): bigint {
  const position = readLogPosition(value);
  if (position !== null) return position;
  const digits = value.replace(/^0+(?=\d)/, '');
  const message = DIGITS.test(value)
    ? `${argument} ${digits.length > 40 ? `${digits.slice(0, 40)}… (${digits.length} digits)` : digits} is beyond the largest log position, ${MAX_LOG_POSITION}`
    : `${argument} must be a log position: decimal digits from 0 to ${MAX_LOG_POSITION}, not "${value.slice(0, 40)}"`;
  throw new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

const DIGITS = /^\d+$/;

/** A log position written as text, or null when the text is not one (see parseLogPosition). */
export function readLogPosition(text: string): bigint | null {
  if (!DIGITS.test(text)) return null;
  const digits = text.replace(/^0+(?=\d)/, '');
  if (digits.length > 19) return null;
  const position = BigInt(digits);
  return position <= MAX_LOG_POSITION ? position : null;
}

builder.scalarType('JSON', {
  description:
    'Any JSON value (RFC 8259): an object, array, string, number, boolean or null, sent as it is, not as a string of JSON. In TypeScript `unknown` until narrowed',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc8259',
  serialize: (value) => value,
  parseValue: (value) => value,
});

/** Checks a Date argument of a query; an impossible date is the caller's error. */
export function requireDate(value: string, argument: string): string {
  if (!isRealDate(value)) {
    throw new GraphQLError(`${argument} must be a real date written YYYY-MM-DD, got "${value}"`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
