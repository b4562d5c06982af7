import { GraphQLError, Kind } from 'graphql';
import { isRealDate } from '../events/catalogue.ts';
import { builder } from './builder.ts';

function stringInput(name: string) {
  return (value: unknown): string => {
    if (typeof value !== 'string') throw new GraphQLError(`${name} must be a string`, { extensions: { code: 'BAD_USER_INPUT' } });
    return value;
  };
}

// A Date input is taken as written; whether it is a real calendar date is checked where it is
// used, so that a mutation can answer an impossible date with a ValidationError naming the field.
builder.scalarType('Date', {
  description: 'A calendar date, YYYY-MM-DD',
  serialize: (value) => String(value),
  parseValue: stringInput('Date'),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string', { extensions: { code: 'BAD_USER_INPUT' } });
    return ast.value;
  },
});

builder.scalarType('DateTime', {
  description: 'An instant, ISO 8601 in UTC, e.g. 2023-12-15T09:30:00.000Z',
  serialize: (value) => String(value),
  parseValue: (value) => {
    const s = stringInput('DateTime')(value);
    if (Number.isNaN(Date.parse(s))) throw new GraphQLError('DateTime must be an ISO 8601 instant', { extensions: { code: 'BAD_USER_INPUT' } });
    return new Date(s).toISOString();
  },
});

builder.scalarType('JSON', {
  description: 'Any JSON value',
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
