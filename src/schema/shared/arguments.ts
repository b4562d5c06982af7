// Reading the arguments many fields share: ids given either way, date windows, and the
// recorded-time bound (knownAt / atPosition) of a time-travel read.
import type { ArgBuilder } from '@pothos/core';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import type { Types } from '../builder.ts';
import type { Context } from '../context.ts';
import { AT_POSITION_DESCRIPTION, parseLogPosition, requireDate } from '../scalars.ts';
import { STAFF } from './access.ts';

/** An id argument given either as a Relay global id of `typename` or as the plain id inside it. */
export function localId(id: string | number, typename: string): string {
  const text = String(id);
  try {
    const decoded = decodeGlobalID(text);
    if (decoded.typename === typename) return decoded.id;
  } catch {
    // Not a global id: taken as the plain id.
  }
  return text;
}

/** from and to: the dates of a window of changes, both included (check them with requireWindow). */
export function windowArgs(arg: ArgBuilder<Types>) {
  return { from: arg({ type: 'Date', required: true }), to: arg({ type: 'Date', required: true }) };
}

/** Checks a from/to pair of query arguments: both real dates, from on or before to. */
export function requireWindow(from: string, to: string): { from: string; to: string } {
  requireDate(from, 'from');
  requireDate(to, 'to');
  if (from > to) throw new GraphQLError('from must be on or before to', { extensions: { code: 'BAD_USER_INPUT' } });
  return { from, to };
}

/** The log position a knownAt instant or atPosition argument stands for, or null for "now". */
export function knownBound(
  ctx: Context,
  knownAt: string | null | undefined,
  atPosition: string | null | undefined,
): bigint | null {
  if (atPosition !== null && atPosition !== undefined) return parseLogPosition(atPosition, 'atPosition');
  return knownAt ? ctx.services.audit.positionAt(knownAt) : null;
}

/** knownAt and atPosition: ask what the service knew at an instant or log position (see staffForRecordedTime). */
export function recordedTimeArgs(arg: ArgBuilder<Types>) {
  return {
    knownAt: arg({ type: 'DateTime', description: 'Answer as the service would have at this instant (recorded time)' }),
    atPosition: arg.string({ description: AT_POSITION_DESCRIPTION }),
  };
}

/** Anyone may read the present; only editors and auditors what the service knew at a past moment. */
export const staffForRecordedTime = (_root: unknown, args: { knownAt?: string | null; atPosition?: string | null }) =>
  args.knownAt || args.atPosition ? STAFF : true;
