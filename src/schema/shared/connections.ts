// Relay cursor connections (https://relay.dev/graphql/connections.htm) for every list field:
// the arguments first/after and last/before, opaque cursors, and pageInfo, in one place.
import { GraphQLError } from 'graphql';
import type { PageWindow } from '../../projections/keyset.ts';

export interface ConnectionArguments {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface ConnectionPage<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasPreviousPage: boolean; hasNextPage: boolean; startCursor: string | null; endCursor: string | null };
}

/**
 * How one connection names its rows: a cursor is `<kind>:<key>` in base64url, so a cursor from
 * another connection, or garbage, is told apart from a real one and refused.
 */
export interface CursorFormat<K> {
  kind: string;
  write(key: K): string;
  /** The key written in a cursor's text, or null when the text is not one. */
  read(text: string): K | null;
}

/** One listing as a connection reads it: its keyset query, page sizes and key order. */
export interface ConnectionSource<Node, K> {
  cursor: CursorFormat<K>;
  keyOf(node: Node): K;
  /** Negative when a comes before b in the listing's order. */
  compare(a: K, b: K): number;
  /** The rows of a window, in the listing's order. */
  page(window: PageWindow<K>): Node[];
  /** The page size when neither first nor last is given. */
  defaultSize: number;
  /** The largest page: a larger first or last is answered with this many (say so in the field's description). */
  maxSize: number;
}

const MAX_CURSOR_LENGTH = 512;

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

export function encodeCursor<K>(format: CursorFormat<K>, key: K): string {
  return Buffer.from(`${format.kind}:${format.write(key)}`).toString('base64url');
}

/** Reads a cursor argument, or answers BAD_USER_INPUT naming the argument. */
export function decodeCursor<K>(format: CursorFormat<K>, cursor: string, argument: 'after' | 'before'): K {
  const refuse = () => badInput(`${argument} is not a cursor from this connection (${format.kind})`);
  // Only canonical base64url: Buffer would otherwise skip characters it does not know.
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw refuse();
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes.toString('base64url') !== cursor) throw refuse();
  const text = bytes.toString('utf8');
  const prefix = `${format.kind}:`;
  if (!text.startsWith(prefix)) throw refuse();
  const key = format.read(text.slice(prefix.length));
  if (key === null) throw refuse();
  return key;
}

/** A page size argument: a count of at least 0, at most the connection's largest page. */
function pageSize(value: number, argument: 'first' | 'last', maxSize: number): number {
  if (value < 0) throw badInput(`${argument} must be 0 or more, got ${value}`);
  return Math.min(value, maxSize);
}

/**
 * Resolves a connection as the Relay spec's algorithm does: the window between `after` and
 * `before`, then its first `first` or its last `last` rows, read from that end of an index.
 *
 * `first` and `last` together are refused (the spec strongly discourages them, and what they mean
 * is seldom what was meant). Without either, the first `defaultSize` rows are answered.
 * hasPreviousPage: with `last`, whether the window holds more rows; with `after`, whether any row
 * comes at or before `after` (one indexed probe); otherwise false. hasNextPage likewise with
 * `first` and `before`.
 */
export function resolveConnection<Node, K>(
  args: ConnectionArguments,
  source: ConnectionSource<Node, K>,
): ConnectionPage<Node> {
  const { first, last } = args;
  if (first !== null && first !== undefined && last !== null && last !== undefined) {
    throw badInput('Give first (with after) or last (with before), not both');
  }
  const after = args.after ? decodeCursor(source.cursor, args.after, 'after') : null;
  const before = args.before ? decodeCursor(source.cursor, args.before, 'before') : null;
  const fromEnd = last !== null && last !== undefined;
  const size = fromEnd
    ? pageSize(last, 'last', source.maxSize)
    : pageSize(first ?? source.defaultSize, 'first', source.maxSize);
  const rows = source.page({ after, before, fromEnd, limit: size + 1 });
  const more = rows.length > size;
  const nodes = fromEnd ? rows.slice(rows.length - Math.min(size, rows.length)) : rows.slice(0, size);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(source.cursor, source.keyOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasPreviousPage: fromEnd ? more : after !== null && rowAtOrBefore(source, after),
      hasNextPage: fromEnd ? before !== null && rowAtOrAfter(source, before) : more,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

function rowAtOrBefore<Node, K>(source: ConnectionSource<Node, K>, key: K): boolean {
  const [firstRow] = source.page({ limit: 1 });
  return firstRow !== undefined && source.compare(source.keyOf(firstRow), key) <= 0;
}

function rowAtOrAfter<Node, K>(source: ConnectionSource<Node, K>, key: K): boolean {
  const [lastRow] = source.page({ fromEnd: true, limit: 1 });
  return lastRow !== undefined && source.compare(source.keyOf(lastRow), key) >= 0;
}

/** Orders text as SQLite's BINARY collation does (by UTF-8 bytes), as keyset queries compare it. */
export function compareText(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Orders numbers or bigints ascending. */
export function compareNumbers<T extends number | bigint>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A cursor format for rows keyed by one text column whose values match a pattern. */
export function textCursor(kind: string, pattern: RegExp): CursorFormat<string> {
  return { kind, write: (key) => key, read: (text) => (pattern.test(text) ? text : null) };
}

/** Wording for a connection field's description: how many rows a page holds. */
export function pageSizeNote(source: Pick<ConnectionSource<unknown, unknown>, 'defaultSize' | 'maxSize'>): string {
  return `${source.defaultSize} per page by default, at most ${source.maxSize} per page (a larger first or last gets ${source.maxSize}); first and last together are refused`;
}
