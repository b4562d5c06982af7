// The shared vocabulary of the log: the enums and patterns that event data, commands, read models
// and the GraphQL schema all speak. Values only; no I/O and nothing that knows an event type.
import { z } from 'zod';

/** A document's or publication's slug: lower-case letters, digits and hyphens, at most 100 characters. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,99}$/;
/** A section's stable key inside a document: at most 64 characters of the slug alphabet. */
export const SECTION_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Ids of trustees and members: a prefix and an opaque part (`trustee-<uuid>`, `member-<uuid>`).
 * Logs written before ids became opaque hold ids made from names (`trustee-nasima-patel`); the
 * pattern still accepts them so those logs keep replaying.
 */
export const ENTITY_ID_PATTERN = /^[a-z][a-z0-9-]{0,119}$/;
/** A membership year as the association writes it, e.g. 2021-22. */
export const MEMBERSHIP_YEAR_PATTERN = /^\d{4}-\d{2}$/;

export const DOCUMENT_KINDS = [
  'STATUTORY_GUIDANCE',
  'PRACTICE_GUIDANCE',
  'POLICY_PAPER',
  'NEWS_ITEM',
  'SHORT_FILM',
  'RESOURCE',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The nine English regions, as the Office for National Statistics names them. */
export const REGIONS = [
  'NORTH_EAST',
  'NORTH_WEST',
  'YORKSHIRE_AND_THE_HUMBER',
  'EAST_MIDLANDS',
  'WEST_MIDLANDS',
  'EAST_OF_ENGLAND',
  'LONDON',
  'SOUTH_EAST',
  'SOUTH_WEST',
] as const;
export type Region = (typeof REGIONS)[number];

/** A statutory safeguarding partnership, another organisation, or a person who joins in their own right. */
export const MEMBER_KINDS = ['PARTNERSHIP', 'ORGANISATION', 'INDIVIDUAL'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

export const PUBLICATION_KINDS = ['NEWSLETTER_ISSUE', 'INFORMATION_CIRCULAR'] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];

export const ITEM_CATEGORIES = [
  'STATUTORY_GUIDANCE',
  'PRACTICE_GUIDANCE',
  'POLICY_PAPER',
  'NEWS_ITEM',
  'SHORT_FILM',
  'VIDEO_OR_RESOURCE',
  'EVENT',
] as const;
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];

/** What every reader sees in place of a personal field whose person was erased. */
export const ERASED_TEXT = '[erased]';

/** True for a real calendar date written YYYY-MM-DD. */
export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export const CalendarDate = z.string().refine(isRealDate, 'must be a real date written YYYY-MM-DD');

/** For exhaustive switches over event types and other unions: a case left unhandled fails the type check. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
