// Read model of guidance documents: documents, published versions (with corrections applied),
// their sections, open drafts, and each document's attributed history. A published version's
// text changes only through a recorded correction, so `inForce(asOf)` is an index lookup on
// (slug, published_on): the version in force on a date is the latest published on or before it.
import { countWords } from '../events/text.ts';
import { type DocumentEvent, type EventOfType, eventTypesOf, type SectionData } from '../events/catalogue.ts';
import type { StoredEvent } from '../events/store.ts';
import { idInStream } from '../events/streams.ts';
import { assertNever } from '../events/vocabulary.ts';
import { prepareErasure } from './erasure.ts';
import { LastWrite } from './heldWrites.ts';
import { defineProjector } from './projector.ts';

export const documentsProjector = defineProjector({
  name: 'documents',
  handles: [...eventTypesOf('document'), 'PersonalDataErased'],
  // Holds change notes and reasons, which may name people: reads events opened, and blanks the
  // text naming a person on PersonalDataErased (rows list the people in about_person_ids).
  opened: true,
  // 2: a draft's sections are rows of document_draft_sections (they were one JSON column).
  // 3: sections keep their level, parent, printed number and paragraph numbers.
  // 4: change notes, sources and reasons keep the people they name (about_person_ids, JSON).
  // 5: a version's sections are read from its text in document_texts (no document_sections copy).
  version: 5,
  formerTables: ['document_sections'],
  ddl: `
    CREATE TABLE IF NOT EXISTS documents (
      slug             TEXT PRIMARY KEY,
      title            TEXT NOT NULL,
      kind             TEXT NOT NULL,
      revision         INTEGER NOT NULL,
      registered_at    TEXT NOT NULL,
      version_count    INTEGER NOT NULL DEFAULT 0,
      last_position    INTEGER NOT NULL,
      withdrawn_at     TEXT,
      withdrawn_reason TEXT,
      withdrawn_about  TEXT
    );
    CREATE INDEX IF NOT EXISTS documents_by_kind ON documents (kind, slug);
    CREATE TABLE IF NOT EXISTS document_versions (
      slug             TEXT NOT NULL,
      label            TEXT NOT NULL,
      seq              INTEGER NOT NULL,
      published_on     TEXT NOT NULL,
      change_note      TEXT NOT NULL,
      word_count       INTEGER NOT NULL,
      position         INTEGER NOT NULL,
      content_position INTEGER NOT NULL,
      actor            TEXT NOT NULL,
      source           TEXT,
      recorded_at      TEXT NOT NULL,
      about_person_ids TEXT,
      PRIMARY KEY (slug, label)
    );
    CREATE INDEX IF NOT EXISTS versions_in_force ON document_versions (slug, published_on, seq);
    -- Every text each version has had, by the position of the event that set it: the current text
    -- is the one at the version's content_position. Each text is stored once, as JSON (SectionData[]).
    CREATE TABLE IF NOT EXISTS document_texts (
      slug       TEXT NOT NULL,
      label      TEXT NOT NULL,
      position   INTEGER NOT NULL,
      sections   TEXT NOT NULL,
      PRIMARY KEY (slug, label, position)
    );
    CREATE TABLE IF NOT EXISTS document_corrections (
      slug         TEXT NOT NULL,
      label        TEXT NOT NULL,
      position     INTEGER NOT NULL,
      reason       TEXT NOT NULL,
      actor        TEXT NOT NULL,
      corrected_at TEXT NOT NULL,
      about_person_ids TEXT,
      PRIMARY KEY (slug, label, position)
    );
    CREATE TABLE IF NOT EXISTS document_drafts (
      slug        TEXT PRIMARY KEY,
      label       TEXT NOT NULL,
      change_note TEXT NOT NULL,
      revision    INTEGER NOT NULL,
      actor       TEXT NOT NULL,
      saved_at    TEXT NOT NULL,
      about_person_ids TEXT
    );
    CREATE TABLE IF NOT EXISTS document_draft_sections (
      slug      TEXT NOT NULL,
      key       TEXT NOT NULL,
      position  INTEGER NOT NULL,
      heading   TEXT NOT NULL,
      body      TEXT NOT NULL,
      level     INTEGER NOT NULL,
      parent_key TEXT,
      number    TEXT,
      paragraph_numbers TEXT,
      PRIMARY KEY (slug, key)
    );
    CREATE TABLE IF NOT EXISTS document_history (
      slug           TEXT NOT NULL,
      revision       INTEGER NOT NULL,
      position       INTEGER NOT NULL,
      type           TEXT NOT NULL,
      label          TEXT,
      actor          TEXT NOT NULL,
      note           TEXT,
      source         TEXT,
      effective_at   TEXT NOT NULL,
      recorded_at    TEXT NOT NULL,
      correlation_id TEXT,
      causation_id   TEXT,
      about_person_ids TEXT,
      PRIMARY KEY (slug, revision)
    );`,
  tables: [
    { name: 'documents', orderBy: 'slug' },
    { name: 'document_versions', orderBy: 'slug, label' },
    { name: 'document_texts', orderBy: 'slug, label, position' },
    { name: 'document_corrections', orderBy: 'slug, label, position' },
    { name: 'document_drafts', orderBy: 'slug' },
    { name: 'document_draft_sections', orderBy: 'slug, position' },
    { name: 'document_history', orderBy: 'slug, revision' },
  ],
  prepare(db) {
    const insertDocument = db.prepare(
      `INSERT INTO documents (slug, title, kind, revision, registered_at, last_position)
       VALUES (@slug, @title, @kind, @revision, @registeredAt, @position)`,
    );
    // Every document event moves the document's revision on; a batch writes each document's last once.
    const touchDocument = new LastWrite(
      db.prepare<[number, bigint, string]>('UPDATE documents SET revision = ?, last_position = ? WHERE slug = ?'),
    );
    const withdraw = db.prepare(
      'UPDATE documents SET withdrawn_at = ?, withdrawn_reason = ?, withdrawn_about = ? WHERE slug = ?',
    );
    const countVersion = db.prepare('UPDATE documents SET version_count = version_count + 1 WHERE slug = ?');
    const insertVersion = db.prepare(
      `INSERT INTO document_versions (slug, label, seq, published_on, change_note, word_count, position, content_position,
                                      actor, source, recorded_at, about_person_ids)
       VALUES (@slug, @label, (SELECT COUNT(*) FROM document_versions WHERE slug = @slug), @publishedOn, @changeNote,
               @wordCount, @position, @position, @actor, @source, @recordedAt, @about)`,
    );
    const correctVersion = db.prepare(
      'UPDATE document_versions SET word_count = ?, content_position = ? WHERE slug = ? AND label = ?',
    );
    const insertCorrection = db.prepare(
      `INSERT INTO document_corrections (slug, label, position, reason, actor, corrected_at, about_person_ids) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const upsertDraft = db.prepare(
      `INSERT INTO document_drafts (slug, label, change_note, revision, actor, saved_at, about_person_ids)
       VALUES (@slug, @label, @changeNote, @revision, @actor, @savedAt, @about)
       ON CONFLICT (slug) DO UPDATE SET label = excluded.label, change_note = excluded.change_note,
         revision = excluded.revision, actor = excluded.actor, saved_at = excluded.saved_at,
         about_person_ids = excluded.about_person_ids`,
    );
    // A draft's sections are rows, so revising one section writes one row, not the whole text.
    const insertDraftSection = db.prepare(
      `INSERT INTO document_draft_sections (slug, key, position, heading, body, level, parent_key, number, paragraph_numbers)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Section revisions come many to a batch, often to the same draft and section: the draft's and
    // each section's last are written once, when the batch ends or an event that rewrites the draft comes.
    const reviseDraftSection = new LastWrite(
      db.prepare<[string, string, string, string]>(
        // Printed paragraph numbers no longer line up with a retyped body (as in the aggregate).
        'UPDATE document_draft_sections SET heading = ?, body = ?, paragraph_numbers = NULL WHERE slug = ? AND key = ?',
      ),
    );
    const touchDraft = new LastWrite(
      db.prepare<[string, number, string, string, string]>(
        'UPDATE document_drafts SET label = ?, revision = ?, actor = ?, saved_at = ? WHERE slug = ?',
      ),
    );
    const hasDraft = db.prepare<[string], 1>('SELECT 1 FROM document_drafts WHERE slug = ?').pluck();
    const flushDrafts = () => {
      reviseDraftSection.flush();
      touchDraft.flush();
    };
    const deleteDraftSections = db.prepare('DELETE FROM document_draft_sections WHERE slug = ?');
    const deleteDraftStmt = db.prepare('DELETE FROM document_drafts WHERE slug = ?');
    const selectDraftLabel = db.prepare<[string], { label: string }>(
      'SELECT label FROM document_drafts WHERE slug = ?',
    );
    const deleteDraft = (slug: string) => {
      deleteDraftStmt.run(slug);
      deleteDraftSections.run(slug);
    };
    const insertHistory = db.prepare(
      `INSERT INTO document_history (slug, revision, position, type, label, actor, note, source, effective_at, recorded_at,
                                     correlation_id, causation_id, about_person_ids)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );

    // Text naming a person (sealed with their key in the log) reads as erased once they are.
    const names = (column: string) => `EXISTS (SELECT 1 FROM json_each(${column}) WHERE value = @personId)`;
    const erase = prepareErasure(db, [
      { table: 'document_versions', where: names('about_person_ids'), columns: ['change_note', 'source'] },
      { table: 'document_corrections', where: names('about_person_ids'), columns: ['reason'] },
      { table: 'document_drafts', where: names('about_person_ids'), columns: ['change_note'] },
      { table: 'document_history', where: names('about_person_ids'), columns: ['note', 'source'] },
      { table: 'documents', where: names('withdrawn_about'), columns: ['withdrawn_reason'] },
    ]);

    // Every text a version has had, by the position that set it: the current text (at the
    // version's content_position) and what the service would have shown at any earlier position
    // (knownAt / atPosition) are both lookups, not a replay.
    const insertText = db.prepare('INSERT INTO document_texts (slug, label, position, sections) VALUES (?, ?, ?, ?)');

    const writeSections = (slug: string, label: string, sections: SectionData[], position: bigint) => {
      insertText.run(slug, label, position, JSON.stringify(sections));
    };

    // What every document event does, whatever its type: the document's revision moves on and its
    // history gains a row, so `Document.revision` never lags the stream an editor writes to.
    const keepBooks = (event: DocumentEvent, stored: StoredEvent) => {
      const m = stored.metadata;
      touchDocument.hold(event.data.slug, stored.revision, stored.position, event.data.slug);
      insertHistory.run(
        event.data.slug,
        stored.revision,
        stored.position,
        event.type,
        'label' in event.data ? event.data.label : null,
        m.actor,
        m.changeNote ?? null,
        m.source ?? null,
        stored.effectiveAt,
        stored.recordedAt,
        m.correlationId ?? null,
        m.causationId ?? null,
        aboutOf(event),
      );
    };

    const applyOwn = (event: DocumentEvent, stored: StoredEvent) => {
      const slug = event.data.slug;
      const m = stored.metadata;
      switch (event.type) {
        case 'DocumentRegistered':
          insertDocument.run({
            ...event.data,
            revision: stored.revision,
            registeredAt: stored.effectiveAt,
            position: stored.position,
          });
          break;
        case 'VersionPublished': {
          const { label, sections } = event.data;
          insertVersion.run({
            slug,
            label,
            publishedOn: event.data.publishedOn,
            changeNote: event.data.changeNote,
            wordCount: wordsIn(sections),
            position: stored.position,
            actor: m.actor,
            source: m.source ?? null,
            recordedAt: stored.recordedAt,
            about: aboutOf(event),
          });
          writeSections(slug, label, sections, stored.position);
          countVersion.run(slug);
          if (selectDraftLabel.get(slug)?.label === label) deleteDraft(slug);
          break;
        }
        case 'VersionCorrected': {
          const { label, sections, reason } = event.data;
          writeSections(slug, label, sections, stored.position);
          correctVersion.run(wordsIn(sections), stored.position, slug, label);
          insertCorrection.run(slug, label, stored.position, reason, m.actor, stored.recordedAt, aboutOf(event));
          break;
        }
        case 'DraftSaved':
          upsertDraft.run({
            slug,
            label: event.data.label,
            changeNote: event.data.changeNote,
            revision: stored.revision,
            actor: m.actor,
            savedAt: stored.recordedAt,
            about: aboutOf(event),
          });
          deleteDraftSections.run(slug);
          event.data.sections.forEach((s, i) =>
            insertDraftSection.run(slug, s.key, i + 1, s.heading, s.body, ...structureOf(s)),
          );
          break;
        case 'DraftSectionRevised': {
          const { key, heading, body, label } = event.data;
          // Held since the draft was last found (no event that ends a draft came in between).
          if (!touchDraft.has(slug) && hasDraft.get(slug) === undefined)
            throw new Error(`No draft of ${slug} to revise`);
          touchDraft.hold(slug, label, stored.revision, m.actor, stored.recordedAt, slug);
          reviseDraftSection.hold(`${slug}\u0000${key}`, heading, body, slug, key);
          break;
        }
        case 'DraftDiscarded':
          deleteDraft(slug);
          break;
        case 'DocumentWithdrawn':
          withdraw.run(stored.recordedAt, event.data.reason, aboutOf(event), slug);
          break;
        default:
          assertNever(event);
      }
    };

    return {
      apply: (event: DocumentEvent | EventOfType<'PersonalDataErased'>, stored: StoredEvent) => {
        if (event.type !== 'DraftSectionRevised') flushDrafts();
        if (event.type === 'PersonalDataErased') return erase(event.data.personId);
        if (idInStream('document', stored.streamId) === null) return;
        applyOwn(event, stored);
        keepBooks(event, stored);
      },
      flush: () => {
        flushDrafts();
        touchDocument.flush();
      },
    };
  },
});

/** The people an event's change text names, as JSON for about_person_ids; NULL when it names no one. */
function aboutOf(event: DocumentEvent): string | null {
  const ids = 'aboutPersonIds' in event.data ? event.data.aboutPersonIds : undefined;
  return ids && ids.length > 0 ? JSON.stringify(ids) : null;
}

function wordsIn(sections: SectionData[]): number {
  return sections.reduce((n, s) => n + countWords(s.body), 0);
}

/** A section's level, parent, printed number and paragraph numbers (JSON) as columns; older events have none. */
function structureOf(s: SectionData): [number, string | null, string | null, string | null] {
  return [
    s.level ?? 1,
    s.parentKey ?? null,
    s.number ?? null,
    s.paragraphNumbers ? JSON.stringify(s.paragraphNumbers) : null,
  ];
}
