// Relay connections over random read models (real SQLite): paging forwards with first/after and
// backwards with last/before, in random page sizes, visits every row once and in order, and any
// first/after or last/before answers what the Relay spec's algorithm answers over the whole list.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_KINDS, type DocumentKind } from '../../src/events/vocabulary.ts';
import { documentsProjector } from '../../src/projections/documents.ts';
import { DocumentQueries } from '../../src/projections/documentQueries.ts';
import { createTables, openReadDatabase } from '../../src/projections/readStore.ts';
import {
  encodeCursor,
  resolveConnection,
  type ConnectionArguments,
  type ConnectionSource,
} from '../../src/schema/shared/connections.ts';
import { documentListing } from '../../src/schema/document.ts';
import { historyListing } from '../../src/schema/editorial.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);

interface GeneratedDocument {
  slug: string;
  kind: DocumentKind;
  withdrawn: boolean;
}

const documentArb = fc.record({
  slug: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,5}$/),
  kind: fc.constantFrom(...DOCUMENT_KINDS),
  withdrawn: fc.boolean(),
});
const corpusArb = fc.record({
  documents: fc.uniqueArray(documentArb, { selector: (d) => d.slug, maxLength: 40 }),
  // The revisions one document's history holds (gaps allowed: a listing must not assume none).
  revisions: fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { maxLength: 40 }),
  kind: fc.option(fc.constantFrom(...DOCUMENT_KINDS), { nil: null }),
  includeWithdrawn: fc.boolean(),
});
type Corpus = {
  documents: GeneratedDocument[];
  revisions: number[];
  kind: DocumentKind | null;
  includeWithdrawn: boolean;
};

/** The read model holding the generated rows, and the two listings under test with what each should list. */
function readModel(corpus: Corpus) {
  const db = openReadDatabase(':memory:');
  createTables(db, [documentsProjector]);
  const insertDocument = db.prepare(
    `INSERT INTO documents (slug, title, kind, revision, registered_at, last_position, withdrawn_at)
     VALUES (?, ?, ?, 0, '2026-01-01T00:00:00Z', 1, ?)`,
  );
  for (const d of corpus.documents)
    insertDocument.run(d.slug, d.slug, d.kind, d.withdrawn ? '2026-01-02T00:00:00Z' : null);
  const insertHistory = db.prepare(
    `INSERT INTO document_history (slug, revision, position, type, actor, effective_at, recorded_at)
     VALUES ('history', ?, ?, 'VersionPublished', 'ed', '2026-01-01', '2026-01-01T00:00:00Z')`,
  );
  for (const revision of corpus.revisions) insertHistory.run(revision, revision + 1);
  const queries = new DocumentQueries(db);
  const slugs = corpus.documents
    .filter((d) => (corpus.kind === null || d.kind === corpus.kind) && (corpus.includeWithdrawn || !d.withdrawn))
    .map((d) => d.slug)
    .sort(); // ASCII slugs: code-unit order is byte order
  return {
    documents: { source: documentListing(queries, corpus.kind, corpus.includeWithdrawn), expected: slugs },
    history: { source: historyListing(queries, 'history'), expected: [...corpus.revisions].sort((a, b) => b - a) },
  };
}

type Listing<K> = { source: ConnectionSource<{ slug: string } | { revision: number }, K>; expected: K[] };

function keysOf<K>(listing: Listing<K>, args: ConnectionArguments) {
  const page = resolveConnection(args, listing.source);
  return { keys: page.edges.map((e) => listing.source.keyOf(e.node)), page };
}

/** Pages through the whole listing from one end, in the given page sizes (cycled). */
function walk<K>(listing: Listing<K>, sizes: number[], backward: boolean): K[] {
  const seen: K[] = [];
  let cursor: string | null = null;
  for (let step = 0; ; step += 1) {
    const size = sizes[step % sizes.length]!;
    const args: ConnectionArguments = backward ? { last: size, before: cursor } : { first: size, after: cursor };
    const { keys, page } = keysOf(listing, args);
    const { hasPreviousPage, hasNextPage, startCursor, endCursor } = page.pageInfo;
    // Moving away from the end we started at, there is always something behind us after the first page.
    expect(backward ? hasNextPage : hasPreviousPage).toBe(step > 0 && listing.expected.length > 0);
    if (backward) seen.unshift(...keys);
    else seen.push(...keys);
    const more = backward ? hasPreviousPage : hasNextPage;
    expect(more).toBe(seen.length < listing.expected.length);
    if (!more) return seen;
    expect(keys).toHaveLength(size);
    cursor = backward ? startCursor : endCursor;
  }
}

/** The Relay spec's algorithm over the whole list: ApplyCursorsToEdges, then first or last; pageInfo as it defines. */
function specAnswer<K>(listing: Listing<K>, args: { first?: number; last?: number; after?: K; before?: K }) {
  const { compare } = listing.source;
  const all = listing.expected;
  let edges = all.filter(
    (k) =>
      (args.after === undefined || compare(k, args.after) > 0) &&
      (args.before === undefined || compare(k, args.before) < 0),
  );
  let hasPreviousPage = args.after !== undefined && all.some((k) => compare(k, args.after!) <= 0);
  let hasNextPage = args.before !== undefined && all.some((k) => compare(k, args.before!) >= 0);
  if (args.last !== undefined) {
    hasPreviousPage = edges.length > args.last;
    edges = edges.slice(edges.length - Math.min(args.last, edges.length));
  } else {
    const first = args.first ?? listing.source.defaultSize;
    hasNextPage = edges.length > first;
    edges = edges.slice(0, first);
  }
  return { keys: edges, hasPreviousPage, hasNextPage };
}

const sizesArb = fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 });
const argsArb = fc.record({
  fromEnd: fc.boolean(),
  size: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
  // Cursors for rows that may or may not be in the listing: index into the listing, or a free key.
  after: fc.option(fc.nat(), { nil: undefined }),
  before: fc.option(fc.nat(), { nil: undefined }),
});

describe('Relay connections over random read models', () => {
  for (const name of ['documents', 'history'] as const) {
    it(`${name}: paging forwards and backwards in random sizes visits each row once, in order`, () => {
      fc.assert(
        fc.property(corpusArb, sizesArb, sizesArb, (corpus, forwardSizes, backwardSizes) => {
          const listing = readModel(corpus)[name] as Listing<unknown>;
          expect(walk(listing, forwardSizes, false)).toEqual(listing.expected);
          expect(walk(listing, backwardSizes, true)).toEqual(listing.expected);
        }),
        { numRuns: RUNS },
      );
    });

    it(`${name}: any first/after or last/before answers what the spec's algorithm answers`, () => {
      fc.assert(
        fc.property(corpusArb, argsArb, (corpus, a) => {
          const listing = readModel(corpus)[name] as Listing<unknown>;
          // A cursor key: mostly a listed row's, sometimes one of a row left out by the filters.
          const pool: unknown[] = [
            ...listing.expected,
            ...(name === 'documents' ? corpus.documents.map((d) => d.slug) : [0, 201]),
          ];
          const keyAt = (i: number | undefined) =>
            i === undefined || pool.length === 0 ? undefined : pool[i % pool.length];
          const after = keyAt(a.after);
          const before = keyAt(a.before);
          const cursor = (key: unknown) => (key === undefined ? null : encodeCursor(listing.source.cursor, key));
          const args = a.fromEnd ? { last: a.size ?? 0 } : { first: a.size };
          const { keys, page } = keysOf(listing, { ...args, after: cursor(after), before: cursor(before) });
          const expected = specAnswer(listing, { ...args, after, before });
          expect({
            keys,
            hasPreviousPage: page.pageInfo.hasPreviousPage,
            hasNextPage: page.pageInfo.hasNextPage,
          }).toEqual(expected);
        }),
        { numRuns: RUNS },
      );
    });
  }
});
