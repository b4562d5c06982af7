// Read-side queries over the publications read model; lookups take many keys at once so one
// DataLoader batch is one statement.
import type Database from 'better-sqlite3';
import type { ItemCategory, PublicationKind } from '../events/vocabulary.ts';
import { KeysetQuery, type PageWindow } from './keyset.ts';

export interface PublicationRow {
  slug: string;
  kind: PublicationKind;
  title: string;
  publisher: string;
  publishedOn: string;
  itemCount: number;
  source: string | null;
  note: string | null;
}

export interface PublicationItemRow {
  slug: string;
  position: number;
  category: ItemCategory;
  title: string;
  summary: string;
  documentSlug: string | null;
  /** The trustee or member ids the item is about. */
  aboutPersonIds: string[];
}

export interface PublicationCursor {
  publishedOn: string;
  slug: string;
}

const columns = (t: string) =>
  `${t}.slug, ${t}.kind, ${t}.title, ${t}.publisher, ${t}.published_on AS publishedOn, ${t}.item_count AS itemCount, ${t}.source, ${t}.note`;
const COLUMNS = columns('publications');
const KEYS = 'SELECT value FROM json_each(?)';

export class PublicationQueries {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      page: new KeysetQuery<{ kind: string | null }, PublicationRow, PublicationCursor>(db, {
        select: `SELECT ${COLUMNS} FROM publications WHERE (@kind IS NULL OR kind = @kind)`,
        key: ['published_on', 'slug'],
        descending: true,
        values: (p) => [p.publishedOn, p.slug],
      }),
      bySlugs: db.prepare<[string], PublicationRow>(`SELECT ${COLUMNS} FROM publications WHERE slug IN (${KEYS})`),
      items: db.prepare<[string], Omit<PublicationItemRow, 'aboutPersonIds'> & { about: string }>(
        `SELECT slug, position, category, title, summary, document_slug AS documentSlug, about_person_ids AS about FROM publication_items
         WHERE slug IN (${KEYS}) ORDER BY slug, position`,
      ),
      mentioning: db.prepare<[string], PublicationRow & { documentSlug: string }>(
        `SELECT DISTINCT i.document_slug AS documentSlug, ${columns('p')}
         FROM publication_items i JOIN publications p ON p.slug = i.slug
         WHERE i.document_slug IN (${KEYS}) ORDER BY i.document_slug, p.published_on DESC, p.slug DESC`,
      ),
    };
  }

  /** Publications newest first, one window of them (keyset pagination by date, then slug). */
  page(kind: PublicationKind | null, window: PageWindow<PublicationCursor>): PublicationRow[] {
    return this.stmts.page.page({ kind }, window);
  }

  publications(slugs: readonly string[]): PublicationRow[] {
    return this.stmts.bySlugs.all(JSON.stringify(slugs));
  }

  items(slugs: readonly string[]): PublicationItemRow[] {
    return this.stmts.items
      .all(JSON.stringify(slugs))
      .map(({ about, ...item }) => ({ ...item, aboutPersonIds: JSON.parse(about) as string[] }));
  }

  /** For each document, the publications with an item linking to it, newest first. */
  mentioning(documentSlugs: readonly string[]): (PublicationRow & { documentSlug: string })[] {
    return this.stmts.mentioning.all(JSON.stringify(documentSlugs));
  }
}
