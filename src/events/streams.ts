// Stream names, built and parsed in one place. Every aggregate's events live in streams named
// `<aggregate>-<id>`: `document-<slug>`, `board-<association>`, `membership-<association>`,
// `publication-<slug>`, `person-<personId>`. Aggregate names hold no hyphen, so the first one
// separates the two parts.
import { AGGREGATES, type Aggregate } from './catalogue/entry.ts';

/** The name of the stream holding one aggregate instance's events. */
export function streamIdOf(aggregate: Aggregate, id: string): string {
  return `${aggregate}-${id}`;
}

/** What every stream name of the aggregate starts with (a prefix for filters such as the audit log's). */
export function streamPrefixOf(aggregate: Aggregate): string {
  return `${aggregate}-`;
}

/** The aggregate and instance id a stream name stands for; null for a name no aggregate uses. */
export function parseStreamId(streamId: string): { aggregate: Aggregate; id: string } | null {
  const dash = streamId.indexOf('-');
  if (dash <= 0) return null;
  const aggregate = streamId.slice(0, dash);
  const id = streamId.slice(dash + 1);
  if (!(AGGREGATES as readonly string[]).includes(aggregate) || id === '') return null;
  return { aggregate: aggregate as Aggregate, id };
}

/** The instance id when the stream belongs to the aggregate, else null (e.g. the slug of `document-<slug>`). */
export function idInStream(aggregate: Aggregate, streamId: string): string | null {
  const parsed = parseStreamId(streamId);
  return parsed?.aggregate === aggregate ? parsed.id : null;
}

/** Builders for each aggregate's stream names. */
export const streams = {
  document: (slug: string): string => streamIdOf('document', slug),
  board: (association: string): string => streamIdOf('board', association),
  membership: (association: string): string => streamIdOf('membership', association),
  publication: (slug: string): string => streamIdOf('publication', slug),
  person: (personId: string): string => streamIdOf('person', personId),
} as const;
