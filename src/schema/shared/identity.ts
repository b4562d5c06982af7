// Ids that follow state. A normalising client cache (Apollo InMemoryCache, urql graphcache, Relay)
// keeps one object per id, so an id must be the same exactly when the data is the same: the current
// state of a document, board or membership keeps its plain id, and a state asked for at a past
// coordinate (a log position, for knownAt and atPosition; a date, for asOf) has an id naming that
// coordinate. node(id) of such an id answers that same state.
import { createHash } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Context } from '../context.ts';
import { readLogPosition } from '../scalars.ts';

/** `key` as seen at a log position (recorded time): `key@position`; the current state keeps `key`. */
export function atPosition(key: string, knownAt: bigint | undefined): string {
  return knownAt === undefined ? key : `${key}@${knownAt}`;
}

/** Reads `key` or `key@position` back; null when the position part is not a log position. */
export function splitAtPosition(id: string): { key: string; knownAt: bigint | undefined } | null {
  const at = id.lastIndexOf('@');
  if (at < 0) return { key: id, knownAt: undefined };
  const knownAt = readLogPosition(id.slice(at + 1));
  return knownAt === null ? null : { key: id.slice(0, at), knownAt };
}

/** Several parts in one id (a slug, a label, a position), kept apart whatever characters they hold. */
export function compositeId(...parts: (string | bigint | null | undefined)[]): string {
  return JSON.stringify(parts.map((p) => (typeof p === 'bigint' ? p.toString() : (p ?? null))));
}

/** The parts of a compositeId with `count` parts, or null when the text is not one. */
export function splitCompositeId(id: string, count: number): (string | null)[] | null {
  try {
    const parts: unknown = JSON.parse(id);
    if (!Array.isArray(parts) || parts.length !== count) return null;
    return parts.every((p) => p === null || typeof p === 'string') ? (parts as (string | null)[]) : null;
  } catch {
    return null;
  }
}

/**
 * Whether the viewer may see a state as known at a past log position: editors and auditors only, as
 * for the knownAt and atPosition arguments. node(id) answers null to anyone else for such an id.
 */
export const mayReadRecordedTime = (ctx: Context, knownAt: bigint | undefined) =>
  knownAt === undefined || ctx.viewer.role !== 'public';

/**
 * The id of an object that is part of another's state and is not fetched by node(id) (a board's
 * seat, a comparison's summary): a global id of its own type over a key that names the state it is
 * part of, so a normalising cache keeps it apart from the same part of another state.
 */
export const partId = (typename: string, ...parts: (string | bigint | null | undefined)[]) =>
  encodeGlobalID(typename, compositeId(...parts));

/**
 * The id of a value that has no identity of its own (a paragraph of a version, a word-diff part, a
 * search hit): its type and a SHA-256 (base64url) of everything it shows, so two such objects share
 * an id exactly when their data is the same, which is what a normalising cache needs. Not accepted
 * by node. `value` is serialised as JSON (bigints as decimal strings).
 */
export function contentId(typename: string, value: unknown): string {
  const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return partId(typename, createHash('sha256').update(json).digest('base64url'));
}

/** What names a version's text in a content id: its document, label and the position that set its text. */
export const versionMark = (v: { slug: string; label: string; contentPosition: bigint; knownAt?: bigint }) => [
  v.slug,
  v.label,
  v.contentPosition,
  v.knownAt,
];
