// Full-text index of every paragraph of every published version, and of each open draft, in an
// SQLite FTS5 table: one row per paragraph, so a hit names its version, section and printed
// paragraph number. A correction replaces its version's rows; a draft's rows go when it is
// published or discarded.
import type Database from 'better-sqlite3';
import { paragraphsOf } from '../events/text.ts';
import type { SectionData } from '../events/catalogue.ts';
import { assertNever } from '../events/vocabulary.ts';
import { eventTypesOf } from '../events/catalogue.ts';
import { defineProjector } from './projector.ts';

export const documentSearchProjector = defineProjector({
  name: 'document-search',
  handles: eventTypesOf('document'),
  version: 1,
  // unicode61 folds case and diacritics; the other columns are stored, not indexed.
  ddl: `
    CREATE VIRTUAL TABLE IF NOT EXISTS document_search USING fts5(
      text,
      slug UNINDEXED,
      label UNINDEXED,
      draft UNINDEXED,
      section_key UNINDEXED,
      section_position UNINDEXED,
      paragraph_index UNINDEXED,
      paragraph_number UNINDEXED,
      tokenize = 'unicode61 remove_diacritics 2'
    );`,
  tables: [{ name: 'document_search', orderBy: 'slug, draft, label, section_position, paragraph_index' }],
  prepare(db: Database.Database) {
    const insert = db.prepare(
      `INSERT INTO document_search (text, slug, label, draft, section_key, section_position, paragraph_index, paragraph_number)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const deleteVersion = db.prepare('DELETE FROM document_search WHERE slug = ? AND label = ? AND draft = 0');
    const deleteDraft = db.prepare('DELETE FROM document_search WHERE slug = ? AND draft = 1');
    const deleteDraftSection = db.prepare('DELETE FROM document_search WHERE slug = ? AND draft = 1 AND section_key = ?');
    const draftLabel = db.prepare<[string], { label: string }>('SELECT label FROM document_search WHERE slug = ? AND draft = 1 LIMIT 1');
    const draftSectionPosition = db.prepare<[string, string], { position: number }>(
      'SELECT section_position AS position FROM document_search WHERE slug = ? AND draft = 1 AND section_key = ? LIMIT 1',
    );

    const insertSection = (slug: string, label: string, draft: 0 | 1, s: SectionData, position: number) => {
      paragraphsOf(s.body, s.paragraphNumbers).forEach((p, i) => insert.run(p.text, slug, label, draft, s.key, position, i + 1, p.number));
    };
    const insertSections = (slug: string, label: string, draft: 0 | 1, sections: SectionData[]) =>
      sections.forEach((s, i) => insertSection(slug, label, draft, s, i + 1));

    return (event) => {
      switch (event.type) {
        case 'VersionPublished': {
          const { slug, label, sections } = event.data;
          if (draftLabel.get(slug)?.label === label) deleteDraft.run(slug);
          insertSections(slug, label, 0, sections);
          return;
        }
        case 'VersionCorrected': {
          const { slug, label, sections } = event.data;
          deleteVersion.run(slug, label);
          insertSections(slug, label, 0, sections);
          return;
        }
        case 'DraftSaved': {
          const { slug, label, sections } = event.data;
          deleteDraft.run(slug);
          insertSections(slug, label, 1, sections);
          return;
        }
        case 'DraftSectionRevised': {
          const { slug, label, key, heading, body } = event.data;
          // A section with no paragraphs has no rows to say where it stands; it then goes last.
          const position = draftSectionPosition.get(slug, key)?.position ?? Number.MAX_SAFE_INTEGER;
          deleteDraftSection.run(slug, key);
          insertSection(slug, label, 1, { key, heading, body }, position);
          return;
        }
        case 'DraftDiscarded':
          deleteDraft.run(event.data.slug);
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
