// Read model of the association's publications and their items, with an index from each linked
// document to the publications that mention it.
import type { Projector } from './projector.ts';

const PREFIX = 'publication-';

export const publicationsProjector: Projector = {
  name: 'publications',
  ddl: `
    CREATE TABLE IF NOT EXISTS publications (
      slug         TEXT PRIMARY KEY,
      kind         TEXT NOT NULL,
      title        TEXT NOT NULL,
      publisher    TEXT NOT NULL,
      published_on TEXT NOT NULL,
      item_count   INTEGER NOT NULL,
      source       TEXT,
      note         TEXT,
      position     INTEGER NOT NULL,
      recorded_at  TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS publications_by_date ON publications (published_on, slug);
    CREATE INDEX IF NOT EXISTS publications_by_kind ON publications (kind, published_on, slug);
    CREATE TABLE IF NOT EXISTS publication_items (
      slug          TEXT NOT NULL,
      position      INTEGER NOT NULL,
      category      TEXT NOT NULL,
      title         TEXT NOT NULL,
      summary       TEXT NOT NULL,
      document_slug TEXT,
      PRIMARY KEY (slug, position)
    );
    CREATE INDEX IF NOT EXISTS publication_items_by_document ON publication_items (document_slug, slug);`,
  tables: [
    { name: 'publications', orderBy: 'slug' },
    { name: 'publication_items', orderBy: 'slug, position' },
  ],
  prepare(db) {
    const insertPublication = db.prepare(
      `INSERT INTO publications (slug, kind, title, publisher, published_on, item_count, source, note, position, recorded_at)
       VALUES (@slug, @kind, @title, @publisher, @publishedOn, @itemCount, @source, @note, @position, @recordedAt)`,
    );
    const insertItem = db.prepare(
      `INSERT INTO publication_items (slug, position, category, title, summary, document_slug)
       VALUES (@slug, @position, @category, @title, @summary, @documentSlug)`,
    );
    return (event, stored) => {
      if (!stored.streamId.startsWith(PREFIX) || event.type !== 'PublicationRecorded') return;
      const { items, ...publication } = event.data;
      insertPublication.run({
        ...publication,
        itemCount: items.length,
        source: stored.metadata.source ?? null,
        note: stored.metadata.changeNote ?? null,
        position: stored.position,
        recordedAt: stored.recordedAt,
      });
      items.forEach((item, i) => insertItem.run({ slug: publication.slug, position: i + 1, ...item }));
    };
  },
};
