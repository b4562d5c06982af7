// Read model of the association's publications and their items, with an index from each linked
// document to the publications that mention it.
import type { EventOfType } from '../events/catalogue.ts';
import type { StoredEvent } from '../events/store.ts';
import { prepareErasure } from './erasure.ts';
import { idInStream } from '../events/streams.ts';
import { assertNever } from '../events/vocabulary.ts';
import { defineProjector } from './projector.ts';

export const publicationsProjector = defineProjector({
  name: 'publications',
  handles: ['PublicationRecorded', 'PersonalDataErased'],
  // Holds names and notes: reads events opened, and blanks a person's on PersonalDataErased.
  opened: true,
  // 2: items keep the people they are about (about_person_ids), so an erasure can blank them.
  // 3: a publication's title is personal when its items are about people: an erasure blanks it too.
  version: 3,
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
      -- JSON array of the trustee or member ids the item is about.
      about_person_ids TEXT NOT NULL DEFAULT '[]',
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
      `INSERT INTO publication_items (slug, position, category, title, summary, document_slug, about_person_ids)
       VALUES (@slug, @position, @category, @title, @summary, @documentSlug, @about)`,
    );
    const about = `EXISTS (SELECT 1 FROM json_each(about_person_ids) WHERE value = @personId)`;
    const erase = prepareErasure(db, [
      { table: 'publication_items', where: about, columns: ['title', 'summary'] },
      // The title, note and source of a publication with an item about the person were sealed with their key too.
      {
        table: 'publications',
        where: `slug IN (SELECT slug FROM publication_items WHERE ${about})`,
        columns: ['title', 'source', 'note'],
      },
    ]);
    const record = (event: EventOfType<'PublicationRecorded'>, stored: StoredEvent) => {
      if (idInStream('publication', stored.streamId) === null) return;
      const { items, ...publication } = event.data;
      insertPublication.run({
        ...publication,
        itemCount: items.length,
        source: stored.metadata.source ?? null,
        note: stored.metadata.changeNote ?? null,
        position: stored.position,
        recordedAt: stored.recordedAt,
      });
      items.forEach(({ aboutPersonIds, ...item }, i) =>
        insertItem.run({ slug: publication.slug, position: i + 1, ...item, about: JSON.stringify(aboutPersonIds) }),
      );
    };
    return (event, stored) => {
      switch (event.type) {
        case 'PersonalDataErased':
          return erase(event.data.personId);
        case 'PublicationRecorded':
          return record(event, stored);
        default:
          return assertNever(event);
      }
    };
  },
});
