// Full-text search across every version's paragraphs, and a phrase's history in one document.
import { GraphQLError } from 'graphql';
import { MATCH_END, MATCH_START, type SearchRow } from '../projections/searchQueries.ts';
import type { VersionRow } from '../projections/documentQueries.ts';
import { builder } from './builder.ts';
import { contentId, versionMark } from './shared/identity.ts';
import { decodeCursor, encodeCursor, type CursorFormat } from './shared/connections.ts';
import { DocumentRef, loadVersions, VersionRef } from './document.ts';

const SEARCH_PAGES = { defaultSize: 20, maxSize: 100 };

/**
 * Hits search pages reach, best first. Every hit before a page is ranked and given its snippet in
 * the same synchronous query, so a cursor's depth is bounded: past it, `after` answers BAD_USER_INPUT.
 */
export const MAX_SEARCH_DEPTH = 1_000;
const MAX_QUERY_LENGTH = 500;

const SearchHitRef = builder.objectRef<SearchRow>('SearchHit').implement({
  description: 'A paragraph of a version that contains the searched phrase',
  fields: (t) => ({
    id: t.id({
      description:
        'Cache key derived from the hit (document, version, section, paragraph, snippet); not accepted by node',
      resolve: (hit) => contentId('SearchHit', hit),
    }),
    document: t.field({
      type: DocumentRef,
      description: 'The document the paragraph belongs to',
      resolve: async (hit, _args, ctx) => {
        const document = await ctx.loaders.document.load(hit.slug);
        if (!document) throw new Error(`Search hit in ${hit.slug}, which the documents read model does not have`);
        return document;
      },
    }),
    versionLabel: t.exposeString('label', {
      description: "The version's label (for editors and auditors, possibly the open draft's)",
    }),
    draft: t.exposeBoolean('draft', {
      description: 'The hit is in the open draft, not a published version (never for the public)',
    }),
    sectionKey: t.exposeString('sectionKey', { description: 'Key of the section holding the paragraph' }),
    paragraphNumber: t.exposeString('paragraphNumber', {
      nullable: true,
      description: 'The number the document prints before the paragraph',
    }),
    snippet: t.exposeString('snippet', {
      description: `The paragraph around the match, each matched word between ${MATCH_START} and ${MATCH_END}; … where text is cut`,
    }),
  }),
});

const SearchHitConnection = builder.connectionObject(
  { type: SearchHitRef, name: 'SearchHitConnection' },
  { name: 'SearchHitEdge' },
);

/** A search cursor is the number of hits before the next page (hits are ranked, not keyed). */
const SEARCH_CURSOR: CursorFormat<number> = {
  kind: 'search',
  write: (offset) => String(offset),
  read: (text) => (/^\d{1,9}$/.test(text) ? Number(text) : null),
};

function phraseArgument(text: string): string {
  if (text.length > MAX_QUERY_LENGTH) {
    throw new GraphQLError(`text must be at most ${MAX_QUERY_LENGTH} characters`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return text;
}

builder.queryField('search', (t) =>
  t.field({
    type: SearchHitConnection,
    description: `Paragraphs of every published version (and, for editors and auditors, of open drafts) containing \`text\` as a phrase: its words in that order, ignoring case, accents and punctuation. Quotes and operators in \`text\` are plain text. Best matches first (bm25). ${SEARCH_PAGES.defaultSize} hits a page unless \`first\` says otherwise, at most ${SEARCH_PAGES.maxSize}; pages reach the best ${MAX_SEARCH_DEPTH} hits (an \`after\` past them: BAD_USER_INPUT)`,
    args: {
      text: t.arg.string({ required: true }),
      slug: t.arg.string({ description: 'Only this document' }),
      first: t.arg.int(),
      after: t.arg.string(),
    },
    resolve: (_root, args, ctx) => {
      const text = phraseArgument(args.text);
      if (args.first !== null && args.first !== undefined && args.first < 0) {
        throw new GraphQLError('first must not be negative', { extensions: { code: 'BAD_USER_INPUT' } });
      }
      const size = Math.min(args.first ?? SEARCH_PAGES.defaultSize, SEARCH_PAGES.maxSize);
      const offset = args.after ? decodeCursor(SEARCH_CURSOR, args.after, 'after') + 1 : 0;
      if (offset >= MAX_SEARCH_DEPTH) {
        throw new GraphQLError(
          `search pages reach only the best ${MAX_SEARCH_DEPTH} hits; after is past them (use a longer phrase or slug)`,
          { extensions: { code: 'BAD_USER_INPUT' } },
        );
      }
      const take = Math.min(size, MAX_SEARCH_DEPTH - offset);
      const rows = ctx.services.search.search(text, {
        slug: args.slug ?? null,
        includeDrafts: ctx.viewer.role !== 'public',
        limit: take + 1,
        offset,
      });
      const edges = rows.slice(0, take).map((node, i) => ({ cursor: encodeCursor(SEARCH_CURSOR, offset + i), node }));
      return {
        edges,
        pageInfo: {
          hasNextPage: rows.length > take && offset + take < MAX_SEARCH_DEPTH,
          hasPreviousPage: offset > 0,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },
  }),
);

const TermOccurrenceRef = builder.objectRef<{ version: VersionRow; count: number }>('TermOccurrence').implement({
  description: 'How often a phrase occurs in one published version',
  fields: (t) => ({
    id: t.id({
      description: 'Cache key derived from the version and the count; not accepted by node',
      resolve: (o) => contentId('TermOccurrence', [versionMark(o.version), o.count]),
    }),
    version: t.field({ type: VersionRef, description: 'The version counted', resolve: (o) => o.version }),
    count: t.exposeInt('count', { description: 'How many times the phrase occurs in the version' }),
  }),
});

builder.objectField(DocumentRef, 'termHistory', (t) =>
  t.field({
    type: [TermOccurrenceRef],
    description:
      "How often a phrase (as `search` reads it) occurs in each published version, oldest first, so the first and last versions with it are plain to see; a count of 0 where it is absent. Under knownAt or atPosition the list holds the versions recorded by then, but each count is of the version's current text: a correction recorded after that position is counted",
    args: { text: t.arg.string({ required: true }) },
    resolve: async (d, args, ctx) => {
      const counts = ctx.services.search.occurrences(d.slug, phraseArgument(args.text));
      const versions = await loadVersions(ctx, d);
      return versions.map((version) => ({ version, count: counts.get(version.label) ?? 0 }));
    },
  }),
);
