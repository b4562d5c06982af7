// Read model of guidance documents: one row per document, per published version and per section.
// Versions are immutable once published, so `inForce(asOf)` is an index lookup on
// (slug, published_on): the version in force on a date is the latest published on or before it.
import type { Projector } from './projector.ts';

export const documentsProjector: Projector = {
  name: 'documents',
  ddl: `
    CREATE TABLE IF NOT EXISTS documents (
      slug                TEXT PRIMARY KEY,
      title               TEXT NOT NULL,
      kind                TEXT NOT NULL,
      revision            INTEGER NOT NULL,
      registered_at       TEXT NOT NULL,
      version_count       INTEGER NOT NULL DEFAULT 0,
      last_position       INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS documents_by_kind ON documents (kind, slug);
    CREATE TABLE IF NOT EXISTS document_versions (
      slug          TEXT NOT NULL,
      label         TEXT NOT NULL,
      seq           INTEGER NOT NULL,
      published_on  TEXT NOT NULL,
      change_note   TEXT NOT NULL,
      word_count    INTEGER NOT NULL,
      position      INTEGER NOT NULL,
      actor         TEXT NOT NULL,
      source        TEXT,
      recorded_at   TEXT NOT NULL,
      PRIMARY KEY (slug, label)
    );
    CREATE INDEX IF NOT EXISTS versions_in_force ON document_versions (slug, published_on, seq);
    CREATE TABLE IF NOT EXISTS document_sections (
      slug      TEXT NOT NULL,
      label     TEXT NOT NULL,
      position  INTEGER NOT NULL,
      key       TEXT NOT NULL,
      heading   TEXT NOT NULL,
      body      TEXT NOT NULL,
      PRIMARY KEY (slug, label, position)
    );`,
  tables: [
    { name: 'documents', orderBy: 'slug' },
    { name: 'document_versions', orderBy: 'slug, label' },
    { name: 'document_sections', orderBy: 'slug, label, position' },
  ],
  prepare(db) {
    const insertDocument = db.prepare(
      `INSERT INTO documents (slug, title, kind, revision, registered_at, last_position)
       VALUES (@slug, @title, @kind, @revision, @registeredAt, @position)`,
    );
    const touchDocument = db.prepare(
      'UPDATE documents SET revision = @revision, last_position = @position WHERE slug = @slug',
    );
    const countVersion = db.prepare('UPDATE documents SET version_count = version_count + 1 WHERE slug = ?');
    const insertVersion = db.prepare(
      `INSERT INTO document_versions (slug, label, seq, published_on, change_note, word_count, position, actor, source, recorded_at)
       VALUES (@slug, @label, (SELECT COUNT(*) FROM document_versions WHERE slug = @slug), @publishedOn, @changeNote,
               @wordCount, @position, @actor, @source, @recordedAt)`,
    );
    const insertSection = db.prepare(
      `INSERT INTO document_sections (slug, label, position, key, heading, body)
       VALUES (@slug, @label, @position, @key, @heading, @body)`,
    );
    return (event, stored) => {
      switch (event.type) {
        case 'DocumentRegistered':
          insertDocument.run({
            ...event.data,
            revision: stored.revision,
            registeredAt: stored.effectiveAt,
            position: stored.position,
          });
          return;
        case 'VersionPublished': {
          const { slug, label, sections } = event.data;
          insertVersion.run({
            slug,
            label,
            publishedOn: event.data.publishedOn,
            changeNote: event.data.changeNote,
            wordCount: sections.reduce((n, s) => n + wordCount(s.body), 0),
            position: stored.position,
            actor: stored.metadata.actor,
            source: stored.metadata.source ?? null,
            recordedAt: stored.recordedAt,
          });
          sections.forEach((s, i) => insertSection.run({ slug, label, position: i + 1, ...s }));
          countVersion.run(slug);
          touchDocument.run({ slug, revision: stored.revision, position: stored.position });
          return;
        }
        default:
          return;
      }
    };
  },
};

function wordCount(text: string): number {
  const words = text.match(/\S+/g);
  return words ? words.length : 0;
}
