// Read-side queries over the documents read model. Each takes many keys at once so the GraphQL
// layer's DataLoaders answer a whole level of a query with one statement.
import type Database from 'better-sqlite3';
import type { DocumentKind } from '../events/catalogue.ts';

export interface DocumentRow {
  slug: string;
  title: string;
  kind: DocumentKind;
  revision: number;
  registeredAt: string;
  versionCount: number;
}

export interface VersionRow {
  slug: string;
  label: string;
  seq: number;
  publishedOn: string;
  changeNote: string;
  wordCount: number;
  position: bigint;
  actor: string;
  source: string | null;
  recordedAt: string;
}

export interface SectionRow {
  slug: string;
  label: string;
  position: number;
  key: string;
  heading: string;
  body: string;
}

const DOCUMENT_COLUMNS = 'slug, title, kind, revision, registered_at AS registeredAt, version_count AS versionCount';
const VERSION_COLUMNS = `slug, label, seq, published_on AS publishedOn, change_note AS changeNote, word_count AS wordCount,
  position, actor, source, recorded_at AS recordedAt`;

/** Binds a JSON array of keys as a table, so one prepared statement serves any number of keys. */
const KEYS = 'SELECT value FROM json_each(?)';

export class DocumentQueries {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      bySlugs: db.prepare<[string], DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE slug IN (${KEYS})`),
      page: db.prepare<[string | null, string, number], DocumentRow>(
        `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE (?1 IS NULL OR kind = ?1) AND slug > ?2 ORDER BY slug LIMIT ?3`,
      ),
      count: db.prepare<[string | null], { n: number }>('SELECT COUNT(*) AS n FROM documents WHERE (?1 IS NULL OR kind = ?1)'),
      versions: db.prepare<[string], VersionRow>(
        `SELECT ${VERSION_COLUMNS} FROM document_versions WHERE slug IN (${KEYS}) ORDER BY slug, published_on, seq`,
      ),
      sections: db.prepare<[string], SectionRow>(
        `SELECT s.slug, s.label, s.position, s.key, s.heading, s.body
         FROM json_each(?) AS k
         JOIN document_sections s ON s.slug = json_extract(k.value, '$[0]') AND s.label = json_extract(k.value, '$[1]')
         ORDER BY s.slug, s.label, s.position`,
      ),
      inForce: db.prepare<[string, string], VersionRow>(
        `SELECT ${VERSION_COLUMNS} FROM document_versions WHERE slug = ? AND published_on <= ?
         ORDER BY published_on DESC, seq DESC LIMIT 1`,
      ),
    };
    for (const s of [this.stmts.versions, this.stmts.inForce]) s.safeIntegers(false);
  }

  documents(slugs: readonly string[]): DocumentRow[] {
    return this.stmts.bySlugs.all(JSON.stringify(slugs));
  }

  /** Documents ordered by slug, after the given slug (keyset pagination). */
  page(kind: DocumentKind | null, afterSlug: string, limit: number): DocumentRow[] {
    return this.stmts.page.all(kind, afterSlug, limit);
  }

  count(kind: DocumentKind | null): number {
    return this.stmts.count.get(kind)?.n ?? 0;
  }

  /** Every version of each slug, oldest first (by publication date, then by order recorded). */
  versions(slugs: readonly string[]): VersionRow[] {
    return this.stmts.versions.all(JSON.stringify(slugs)).map(withBigPosition);
  }

  sections(versions: readonly { slug: string; label: string }[]): SectionRow[] {
    return this.stmts.sections.all(JSON.stringify(versions.map((v) => [v.slug, v.label])));
  }

  inForce(slug: string, asOf: string): VersionRow | null {
    const row = this.stmts.inForce.get(slug, asOf);
    return row ? withBigPosition(row) : null;
  }
}

function withBigPosition(row: VersionRow): VersionRow {
  return { ...row, position: BigInt(row.position) };
}
