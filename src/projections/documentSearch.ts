// Full-text index of every paragraph of every published version, and of each open draft, in two
// indexes, so a public search reads published text only and staff search both:
// - published_search indexes published_texts: each distinct paragraph text of a document once, however
//   many versions carry it unchanged (most of a revision is). published_paragraphs lists where each
//   text stands (version, section, printed paragraph number), so a hit still names its version;
//   published_texts.uses counts those rows, and a text goes from the index with its last one.
// - draft_search indexes draft_paragraphs, one row per paragraph of each open draft.
// Both are FTS5 tables over external content: the text is stored once, in the content table.
//
// A correction replaces its version's rows, found by the range of row ids they took (a version is
// written whole, so its rows are consecutive); a draft's rows go when it is published or discarded,
// found through draft_paragraphs' key. During a full replay the FTS5 tables do not exist
// (readStore.createTablesForReplay): only the content tables are written, and each index is built
// from them in one pass at the end, so no text is tokenized to be indexed and again to be removed.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { eventTypesOf, type SectionData } from '../events/catalogue.ts';
import { paragraphsOf } from '../events/text.ts';
import { assertNever } from '../events/vocabulary.ts';
import { defineProjector } from './projector.ts';
import { hasTable } from './readStore.ts';

/** unicode61 folds case and diacritics. */
const FTS_OPTIONS = `tokenize = 'unicode61 remove_diacritics 2'`;

export const documentSearchProjector = defineProjector({
  name: 'document-search',
  handles: eventTypesOf('document'),
  // 4: published texts (each once per document) and draft paragraphs in separate indexes; one
  // table of every paragraph with a draft flag before.
  version: 4,
  formerTables: ['document_search', 'document_paragraphs'],
  ddl: `
    CREATE TABLE IF NOT EXISTS published_texts (
      id   INTEGER PRIMARY KEY,
      slug TEXT NOT NULL,
      -- The first 8 bytes of the text's SHA-1, to find a text already stored; texts are compared too.
      hash INTEGER NOT NULL,
      -- How many published_paragraphs rows carry the text.
      uses INTEGER NOT NULL,
      text TEXT NOT NULL,
      -- A constraint, not a CREATE INDEX: replays look texts up by hash.
      UNIQUE (slug, hash, id)
    );
    CREATE TABLE IF NOT EXISTS published_paragraphs (
      id               INTEGER PRIMARY KEY,
      text_id          INTEGER NOT NULL,
      slug             TEXT NOT NULL,
      label            TEXT NOT NULL,
      section_key      TEXT NOT NULL,
      paragraph_number TEXT
    );
    -- A hit's text to the versions carrying it (searches only: a replay does not read it).
    CREATE INDEX IF NOT EXISTS published_paragraphs_by_text ON published_paragraphs (text_id, id);
    -- The row ids each published version's paragraphs hold, first to last.
    CREATE TABLE IF NOT EXISTS published_paragraph_ranges (
      slug     TEXT NOT NULL,
      label    TEXT NOT NULL,
      first_id INTEGER NOT NULL,
      last_id  INTEGER NOT NULL,
      PRIMARY KEY (slug, label)
    );
    CREATE TABLE IF NOT EXISTS draft_paragraphs (
      id               INTEGER PRIMARY KEY,
      slug             TEXT NOT NULL,
      label            TEXT NOT NULL,
      section_key      TEXT NOT NULL,
      section_position INTEGER NOT NULL,
      paragraph_index  INTEGER NOT NULL,
      paragraph_number TEXT,
      text             TEXT NOT NULL,
      -- A constraint, not a CREATE INDEX: every replacement looks a draft's rows up by slug and section.
      UNIQUE (slug, section_key, paragraph_index)
    );
    CREATE VIRTUAL TABLE IF NOT EXISTS published_search USING fts5(
      text, slug UNINDEXED, content = 'published_texts', content_rowid = 'id', ${FTS_OPTIONS}
    );
    CREATE VIRTUAL TABLE IF NOT EXISTS draft_search USING fts5(
      text, slug UNINDEXED, label UNINDEXED, section_key UNINDEXED, paragraph_number UNINDEXED,
      content = 'draft_paragraphs', content_rowid = 'id', ${FTS_OPTIONS}
    );`,
  tables: [
    { name: 'published_texts', orderBy: 'id' },
    { name: 'published_paragraphs', orderBy: 'id' },
    { name: 'published_paragraph_ranges', orderBy: 'slug, label' },
    { name: 'draft_paragraphs', orderBy: 'id' },
    // Their content is the paragraphs tables'; listed so a new layout drops them too.
    { name: 'published_search', orderBy: 'rowid' },
    { name: 'draft_search', orderBy: 'rowid' },
  ],
  prepare(db: Database.Database) {
    const indexed = hasTable(db, 'published_search') && hasTable(db, 'draft_search');
    const texts = publishedTexts(db, indexed);
    const drafts = draftIndex(db, indexed);

    const insertPublished = db.prepare<[number | bigint, string, string, string, string | null]>(
      'INSERT INTO published_paragraphs (text_id, slug, label, section_key, paragraph_number) VALUES (?, ?, ?, ?, ?)',
    );
    const setRange = db.prepare<[string, string, number | bigint, number | bigint]>(
      `INSERT INTO published_paragraph_ranges (slug, label, first_id, last_id) VALUES (?, ?, ?, ?)
       ON CONFLICT (slug, label) DO UPDATE SET first_id = excluded.first_id, last_id = excluded.last_id`,
    );
    const deleteRange = db.prepare<[string, string]>(
      'DELETE FROM published_paragraph_ranges WHERE slug = ? AND label = ?',
    );
    const rangeOf = db.prepare<[string, string], { first: number; last: number }>(
      'SELECT first_id AS first, last_id AS last FROM published_paragraph_ranges WHERE slug = ? AND label = ?',
    );
    const textsBetween = db
      .prepare<[number, number], number>('SELECT text_id FROM published_paragraphs WHERE id BETWEEN ? AND ?')
      .pluck();
    const deleteBetween = db.prepare<[number, number]>('DELETE FROM published_paragraphs WHERE id BETWEEN ? AND ?');
    const insertDraft = db.prepare<[string, string, string, number, number, string | null, string]>(
      `INSERT INTO draft_paragraphs (slug, label, section_key, section_position, paragraph_index, paragraph_number, text)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const draftLabel = db.prepare<[string], { label: string }>(
      'SELECT label FROM draft_paragraphs WHERE slug = ? LIMIT 1',
    );

    const publish = (slug: string, label: string, sections: SectionData[]) => {
      let first: number | bigint | null = null;
      let last: number | bigint | null = null;
      for (const s of sections) {
        for (const p of paragraphsOf(s.body, s.paragraphNumbers)) {
          const { lastInsertRowid } = insertPublished.run(texts.use(slug, p.text), slug, label, s.key, p.number);
          first ??= lastInsertRowid;
          last = lastInsertRowid;
        }
      }
      if (first !== null && last !== null) setRange.run(slug, label, first, last);
      else deleteRange.run(slug, label);
    };
    const insertDraftSection = (slug: string, label: string, s: SectionData, position: number) => {
      paragraphsOf(s.body, s.paragraphNumbers).forEach((p, i) => {
        const { lastInsertRowid } = insertDraft.run(slug, label, s.key, position, i + 1, p.number, p.text);
        drafts.index(lastInsertRowid, slug, label, s.key, p.number, p.text);
      });
    };

    return (event) => {
      switch (event.type) {
        case 'VersionPublished': {
          const { slug, label, sections } = event.data;
          if (draftLabel.get(slug)?.label === label) drafts.dropDraft(slug);
          publish(slug, label, sections);
          return;
        }
        case 'VersionCorrected': {
          const { slug, label, sections } = event.data;
          // The new text first, so paragraphs the correction left alone keep their stored text.
          const before = rangeOf.get(slug, label);
          publish(slug, label, sections);
          if (before) {
            for (const id of textsBetween.all(before.first, before.last)) texts.release(id);
            deleteBetween.run(before.first, before.last);
          }
          return;
        }
        case 'DraftSaved': {
          const { slug, label, sections } = event.data;
          drafts.dropDraft(slug);
          sections.forEach((s, i) => insertDraftSection(slug, label, s, i + 1));
          return;
        }
        case 'DraftSectionRevised': {
          const { slug, label, key, heading, body } = event.data;
          // A section with no paragraphs has no rows to say where it stands; it then goes last.
          const position = drafts.dropSection(slug, key) ?? Number.MAX_SAFE_INTEGER;
          insertDraftSection(slug, label, { key, heading, body }, position);
          return;
        }
        case 'DraftDiscarded':
          drafts.dropDraft(event.data.slug);
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

/** A draft paragraph as draft_paragraphs holds it, named as draft_search's columns are. */
interface DraftRow {
  id: number;
  slug: string;
  label: string;
  section_key: string;
  paragraph_number: string | null;
  text: string;
  section_position: number;
}

type DraftColumns = [number | bigint, string, string, string, string | null, string];

/**
 * Indexing draft paragraphs, and deleting them from draft_paragraphs: each deletion is one
 * statement that returns what it deleted, which the index is told to forget. When the index is
 * absent (a replay), only the rows are deleted: the index is built from them afterwards.
 */
function draftIndex(db: Database.Database, indexed: boolean) {
  // Everything draft_search indexed, so it can forget it; only the position when there is no index.
  const returning = indexed
    ? 'id, slug, label, section_key, paragraph_number, text, section_position'
    : 'section_position';
  const deleteDraft = db.prepare<[string], DraftRow>(
    `DELETE FROM draft_paragraphs WHERE slug = ? RETURNING ${returning}`,
  );
  const deleteSection = db.prepare<[string, string], DraftRow>(
    `DELETE FROM draft_paragraphs WHERE slug = ? AND section_key = ? RETURNING ${returning}`,
  );
  const index = indexed
    ? db.prepare<DraftColumns>(
        'INSERT INTO draft_search (rowid, slug, label, section_key, paragraph_number, text) VALUES (?, ?, ?, ?, ?, ?)',
      )
    : null;
  // An external-content index forgets a row only when given the text it indexed.
  const unindex = indexed
    ? db.prepare<DraftColumns>(
        `INSERT INTO draft_search (draft_search, rowid, slug, label, section_key, paragraph_number, text)
         VALUES ('delete', ?, ?, ?, ?, ?, ?)`,
      )
    : null;
  const forget = (rows: DraftRow[]) => {
    if (unindex) for (const r of rows) unindex.run(r.id, r.slug, r.label, r.section_key, r.paragraph_number, r.text);
    return rows;
  };
  return {
    index: (...row: DraftColumns) => void index?.run(...row),
    /** Deletes every paragraph of the document's draft. */
    dropDraft: (slug: string) => void forget(deleteDraft.all(slug)),
    /** Deletes one section's paragraphs; returns where the section stood, if it had any. */
    dropSection: (slug: string, key: string): number | undefined =>
      forget(deleteSection.all(slug, key))[0]?.section_position,
  };
}

/** The first 8 bytes of a text's SHA-1, as a signed 64-bit integer (what SQLite stores). */
function hashOf(text: string): bigint {
  return createHash('sha1').update(text).digest().readBigInt64BE(0);
}

/**
 * A document's distinct published paragraph texts: `use` stores a text (or counts one more use of
 * the same text stored already) and returns its id; `release` counts one use less and removes the
 * text, and its index entry, with its last use. When the index is absent (a replay) it is built
 * from published_texts afterwards.
 */
function publishedTexts(db: Database.Database, indexed: boolean) {
  const candidates = db.prepare<[string, bigint], { id: number; text: string }>(
    'SELECT id, text FROM published_texts WHERE slug = ? AND hash = ?',
  );
  const insert = db.prepare<[string, bigint, string]>(
    'INSERT INTO published_texts (slug, hash, uses, text) VALUES (?, ?, 1, ?)',
  );
  const addUse = db.prepare<[number]>('UPDATE published_texts SET uses = uses + 1 WHERE id = ?');
  const dropUse = db.prepare<[number], { slug: string; text: string; uses: number }>(
    'UPDATE published_texts SET uses = uses - 1 WHERE id = ? RETURNING slug, text, uses',
  );
  const deleteText = db.prepare<[number]>('DELETE FROM published_texts WHERE id = ?');
  const index = indexed
    ? db.prepare<[number | bigint, string, string]>('INSERT INTO published_search (rowid, slug, text) VALUES (?, ?, ?)')
    : null;
  const unindex = indexed
    ? db.prepare<[number, string, string]>(
        `INSERT INTO published_search (published_search, rowid, slug, text) VALUES ('delete', ?, ?, ?)`,
      )
    : null;
  return {
    use(slug: string, text: string): number | bigint {
      const hash = hashOf(text);
      for (const c of candidates.all(slug, hash)) {
        if (c.text === text) {
          addUse.run(c.id);
          return c.id;
        }
      }
      const { lastInsertRowid } = insert.run(slug, hash, text);
      index?.run(lastInsertRowid, slug, text);
      return lastInsertRowid;
    },
    release(id: number): void {
      const left = dropUse.get(id);
      if (!left || left.uses > 0) return;
      unindex?.run(id, left.slug, left.text);
      deleteText.run(id);
    },
  };
}
