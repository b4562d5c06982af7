// Full-text index of every paragraph of every published version, and of each open draft: one row
// per paragraph in document_paragraphs (so a hit names its version, section and printed paragraph
// number), indexed by an FTS5 table that reads its text from there (external content: the text is
// stored once). A correction replaces its version's rows; a draft's rows go when it is published
// or discarded. Rows are found for replacing through an ordinary index, never by scanning the
// full-text table.
import type Database from 'better-sqlite3';
import { eventTypesOf, type SectionData } from '../events/catalogue.ts';
import { paragraphsOf } from '../events/text.ts';
import { assertNever } from '../events/vocabulary.ts';
import { defineProjector } from './projector.ts';

export const documentSearchProjector = defineProjector({
  name: 'document-search',
  handles: eventTypesOf('document'),
  version: 3,
  // unicode61 folds case and diacritics.
  ddl: `
    CREATE TABLE IF NOT EXISTS document_paragraphs (
      id               INTEGER PRIMARY KEY,
      slug             TEXT NOT NULL,
      label            TEXT NOT NULL,
      draft            INTEGER NOT NULL,
      section_key      TEXT NOT NULL,
      section_position INTEGER NOT NULL,
      paragraph_index  INTEGER NOT NULL,
      paragraph_number TEXT,
      text             TEXT NOT NULL,
      -- A constraint, not a CREATE INDEX: replays defer secondary indexes to the end, and every
      -- replacement looks rows up by version or draft section.
      UNIQUE (slug, draft, label, section_key, paragraph_index)
    );
    CREATE VIRTUAL TABLE IF NOT EXISTS document_search USING fts5(
      text, content = 'document_paragraphs', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
    );`,
  tables: [
    { name: 'document_paragraphs', orderBy: 'id' },
    // Its content is document_paragraphs'; listed so a new layout drops it too.
    { name: 'document_search', orderBy: 'rowid' },
  ],
  prepare(db: Database.Database) {
    const insertRow = db.prepare(
      `INSERT INTO document_paragraphs (slug, label, draft, section_key, section_position, paragraph_index, paragraph_number, text)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const index = db.prepare('INSERT INTO document_search (rowid, text) VALUES (?, ?)');
    const unindex = db.prepare(`INSERT INTO document_search (document_search, rowid, text) VALUES ('delete', ?, ?)`);
    type Row = { id: number; text: string };
    const versionRows = db.prepare<[string, string], Row>(
      'SELECT id, text FROM document_paragraphs WHERE slug = ? AND draft = 0 AND label = ?',
    );
    const draftRows = db.prepare<[string], Row>(
      'SELECT id, text FROM document_paragraphs WHERE slug = ? AND draft = 1',
    );
    const draftSectionRows = db.prepare<[string, string], Row>(
      'SELECT id, text FROM document_paragraphs WHERE slug = ? AND draft = 1 AND section_key = ?',
    );
    const deleteRow = db.prepare('DELETE FROM document_paragraphs WHERE id = ?');
    const draftLabel = db.prepare<[string], { label: string }>(
      'SELECT label FROM document_paragraphs WHERE slug = ? AND draft = 1 LIMIT 1',
    );
    const draftSectionPosition = db.prepare<[string, string], { position: number }>(
      'SELECT section_position AS position FROM document_paragraphs WHERE slug = ? AND draft = 1 AND section_key = ? LIMIT 1',
    );

    const remove = (rows: Row[]) => {
      for (const r of rows) {
        unindex.run(r.id, r.text);
        deleteRow.run(r.id);
      }
    };
    const insertSection = (slug: string, label: string, draft: 0 | 1, s: SectionData, position: number) => {
      paragraphsOf(s.body, s.paragraphNumbers).forEach((p, i) => {
        const { lastInsertRowid } = insertRow.run(slug, label, draft, s.key, position, i + 1, p.number, p.text);
        index.run(lastInsertRowid, p.text);
      });
    };
    const insertSections = (slug: string, label: string, draft: 0 | 1, sections: SectionData[]) =>
      sections.forEach((s, i) => insertSection(slug, label, draft, s, i + 1));

    return (event) => {
      switch (event.type) {
        case 'VersionPublished': {
          const { slug, label, sections } = event.data;
          if (draftLabel.get(slug)?.label === label) remove(draftRows.all(slug));
          insertSections(slug, label, 0, sections);
          return;
        }
        case 'VersionCorrected': {
          const { slug, label, sections } = event.data;
          remove(versionRows.all(slug, label));
          insertSections(slug, label, 0, sections);
          return;
        }
        case 'DraftSaved': {
          const { slug, label, sections } = event.data;
          remove(draftRows.all(slug));
          insertSections(slug, label, 1, sections);
          return;
        }
        case 'DraftSectionRevised': {
          const { slug, label, key, heading, body } = event.data;
          // A section with no paragraphs has no rows to say where it stands; it then goes last.
          const position = draftSectionPosition.get(slug, key)?.position ?? Number.MAX_SAFE_INTEGER;
          remove(draftSectionRows.all(slug, key));
          insertSection(slug, label, 1, { key, heading, body }, position);
          return;
        }
        case 'DraftDiscarded':
          remove(draftRows.all(event.data.slug));
          return;
        case 'DocumentRegistered':
        case 'DocumentWithdrawn':
          // No text; a withdrawn document's history stays searchable.
          return;
        default:
          assertNever(event);
      }
    };
  },
});
