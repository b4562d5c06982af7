// Full-text queries over the document_search index of document_paragraphs. The text a user types is always one phrase,
// its words in order: it is quoted for FTS5, so its query syntax (quotes, NEAR(, AND, *, column
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
 * (no word to look for, so nothing matches).
 */
export function ftsPhrase(text: string): string | null {
  if (!/[\p{L}\p{N}]/u.test(text)) return null;
  return `"${text.replace(/"/g, '""')}"`;
}

export class SearchQueries {
  private prepared: ReturnType<SearchQueries['prepare']> | null = null;

  constructor(private readonly db: Database.Database) {}

  /** Statements are prepared on first use, so services run without the index (a test's own projectors) until asked to search. */
  private get stmts() {
    return (this.prepared ??= this.prepare(this.db));
  }

  private prepare(db: Database.Database) {
    return {
      search: db.prepare<
        { phrase: string; slug: string | null; drafts: number; limit: number; offset: number },
        Omit<SearchRow, 'draft'> & { draft: number }
      >(
        `SELECT p.slug, p.label, p.draft, p.section_key AS sectionKey, p.paragraph_number AS paragraphNumber,
                snippet(document_search, 0, '${MATCH_START}', '${MATCH_END}', '…', 24) AS snippet
         FROM document_search JOIN document_paragraphs p ON p.id = document_search.rowid
         WHERE document_search MATCH @phrase AND (@slug IS NULL OR p.slug = @slug) AND (p.draft = 0 OR @drafts = 1)
         ORDER BY document_search.rank, p.id
         LIMIT @limit OFFSET @offset`,
      ),
      marked: db.prepare<[string, string], { label: string; marked: string }>(
        `SELECT p.label, highlight(document_search, 0, char(1), char(2)) AS marked
         FROM document_search JOIN document_paragraphs p ON p.id = document_search.rowid
         WHERE document_search MATCH ? AND p.slug = ? AND p.draft = 0`,
      ),
    };
  }

  /** Paragraphs matching the phrase, best first (FTS5's bm25 rank), one window of them. */
  search(
    text: string,
    options: { slug: string | null; includeDrafts: boolean; limit: number; offset: number },
  ): SearchRow[] {
    const phrase = ftsPhrase(text);
    if (phrase === null) return [];
    return this.stmts.search
      .all({
        phrase,
        slug: options.slug,
        drafts: options.includeDrafts ? 1 : 0,
        limit: options.limit,
        offset: options.offset,
      })
      .map((r) => ({ ...r, draft: r.draft === 1 }));
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
