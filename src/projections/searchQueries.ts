// Full-text queries over the published_search and draft_search indexes (see documentSearch.ts).
// The public's search and a term's history read published text only: one FTS5 MATCH, ranked and
// cut by the index, joined to nothing. The text a user types is always one phrase, its words in order: it is quoted for FTS5, so its query syntax (quotes, NEAR(, AND, *, column
// filters) is read as text, never as operators.
import type Database from 'better-sqlite3';

export interface SearchRow {
  slug: string;
  label: string;
  draft: boolean;
  sectionKey: string;
  paragraphNumber: string | null;
  /** The paragraph around the match, the matched words between « and », cut with … */
  snippet: string;
}

/** Marks around a match in a snippet. */
export const MATCH_START = '«';
export const MATCH_END = '»';

/**
 * `text` as one FTS5 phrase ("…" with quotes doubled), or null when it holds no letter or digit
 * (no word to look for, so nothing matches). A NUL becomes a space: SQLite stops reading the query
 * at a NUL (an unterminated phrase, an error), and between words it separates them like any other
 * non-letter.
 */
export function ftsPhrase(text: string): string | null {
  if (!/[\p{L}\p{N}]/u.test(text)) return null;
  return `"${text.replace(/\0/g, ' ').replace(/"/g, '""')}"`;
}

type Hit = Omit<SearchRow, 'draft'> & { score: number };

/** The snippet of one matching row, found by row id (FTS5 seeks to it). */
const SNIPPET = (fts: string, id: string) =>
  `(SELECT snippet(${fts}, 0, '${MATCH_START}', '${MATCH_END}', '…', 24) FROM ${fts}
    WHERE ${fts} MATCH @phrase AND rowid = ${id})`;

/**
 * The best `@texts` published texts matching, ranked by bm25 (row id on a tie) and cut in the
 * index; then, for those alone, the snippet and the versions carrying each text. (A snippet or a
 * content column in the ranking query would be worked out for every match before the cut.)
 */
const PUBLISHED_HITS = (slugFilter: string) => `
  WITH best AS MATERIALIZED (
    SELECT rowid AS id, bm25(published_search) AS score
    FROM published_search WHERE published_search MATCH @phrase ${slugFilter}
    ORDER BY score, rowid LIMIT @texts),
  shown AS MATERIALIZED (SELECT id, score, ${SNIPPET('published_search', 'best.id')} AS snippet FROM best)
  SELECT p.slug, p.label, p.section_key AS sectionKey, p.paragraph_number AS paragraphNumber, shown.snippet, shown.score
  FROM shown JOIN published_paragraphs p ON p.text_id = shown.id
  ORDER BY shown.score, shown.id, p.id LIMIT @limit OFFSET @offset`;

/** The best draft paragraphs matching, as PUBLISHED_HITS ranks them. */
const DRAFT_HITS = (slugFilter: string) => `
  WITH best AS MATERIALIZED (
    SELECT rowid AS id, bm25(draft_search) AS score
    FROM draft_search WHERE draft_search MATCH @phrase ${slugFilter}
    ORDER BY score, rowid LIMIT @limit OFFSET @offset)
  SELECT d.slug, d.label, d.section_key AS sectionKey, d.paragraph_number AS paragraphNumber,
         ${SNIPPET('draft_search', 'best.id')} AS snippet, best.score
  FROM best JOIN draft_paragraphs d ON d.id = best.id
  ORDER BY best.score, best.id`;

type Window = { phrase: string; texts: number; limit: number; offset: number };

export class SearchQueries {
  private prepared: ReturnType<SearchQueries['prepare']> | null = null;

  constructor(private readonly db: Database.Database) {}

  /** Statements are prepared on first use, so services run without the index (a test's own projectors) until asked to search. */
  private get stmts() {
    return (this.prepared ??= this.prepare(this.db));
  }

  private prepare(db: Database.Database) {
    // The slug is checked on matching rows only (it is stored beside the text, not indexed).
    const ranked = (sql: (slugFilter: string) => string) => ({
      all: db.prepare<Window, Hit>(sql('')),
      inDocument: db.prepare<Window & { slug: string }, Hit>(sql('AND slug = @slug')),
    });
    return {
      published: ranked(PUBLISHED_HITS),
      drafts: ranked(DRAFT_HITS),
      marked: db.prepare<[string, string], { label: string; marked: string }>(
        `WITH matched AS MATERIALIZED (
           SELECT rowid AS id, highlight(published_search, 0, char(1), char(2)) AS marked
           FROM published_search WHERE published_search MATCH ? AND slug = ?)
         SELECT p.label, matched.marked FROM matched JOIN published_paragraphs p ON p.text_id = matched.id`,
      ),
    };
  }

  /**
   * Paragraphs matching the phrase, best first (FTS5's bm25 rank), one window of them. With
   * drafts, the best of the published and of the draft paragraphs are merged by rank (each
   * index's own bm25; a published hit first on a tie).
   */
  search(
    text: string,
    options: { slug: string | null; includeDrafts: boolean; limit: number; offset: number },
  ): SearchRow[] {
    const phrase = ftsPhrase(text);
    if (phrase === null) return [];
    const { slug, limit, offset } = options;
    // Each text has at least one row, so the window lies within the best offset + limit texts.
    const window = (index: ReturnType<SearchQueries['prepare']>['published'], w: { limit: number; offset: number }) => {
      const bound = { phrase, texts: w.offset + w.limit, ...w };
      return slug === null ? index.all.all(bound) : index.inDocument.all({ ...bound, slug });
    };
    const row = (hit: Hit, draft: boolean): SearchRow => ({
      slug: hit.slug,
      label: hit.label,
      draft,
      sectionKey: hit.sectionKey,
      paragraphNumber: hit.paragraphNumber,
      snippet: hit.snippet,
    });
    if (!options.includeDrafts) return window(this.stmts.published, { limit, offset }).map((h) => row(h, false));
    // The merged window lies within the best offset + limit hits of each.
    const enough = { limit: offset + limit, offset: 0 };
    const published = window(this.stmts.published, enough);
    const drafts = window(this.stmts.drafts, enough);
    const merged: SearchRow[] = [];
    let p = 0;
    let d = 0;
    while (merged.length < offset + limit && (p < published.length || d < drafts.length)) {
      const next = published[p];
      const draft = drafts[d];
      if (next && (!draft || next.score <= draft.score)) {
        merged.push(row(next, false));
        p += 1;
      } else if (draft) {
        merged.push(row(draft, true));
        d += 1;
      }
    }
    return merged.slice(offset);
  }

  /** How many times the phrase occurs in each published version of a document, by label (versions without it are absent). */
  occurrences(slug: string, text: string): Map<string, number> {
    const counts = new Map<string, number>();
    const phrase = ftsPhrase(text);
    if (phrase === null) return counts;
    for (const row of this.stmts.marked.iterate(phrase, slug)) {
      let n = 0;
      for (let i = row.marked.indexOf('\u0001'); i >= 0; i = row.marked.indexOf('\u0001', i + 1)) n += 1;
      counts.set(row.label, (counts.get(row.label) ?? 0) + n);
    }
    return counts;
  }
}
