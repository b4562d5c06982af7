// Read-side queries over the documents read model. Each takes many keys at once so the GraphQL
// layer's DataLoaders answer a whole level of a query with one statement.
import type Database from 'better-sqlite3';
import { WITHDRAWING_TYPES } from '../events/catalogue.ts';
import { type DocumentKind } from '../events/vocabulary.ts';
import { KeysetQuery, type PageWindow } from './keyset.ts';

export interface DocumentRow {
  /** Set when the document is seen as the service knew it at this log position. */
  knownAt?: bigint;
  slug: string;
  title: string;
  kind: DocumentKind;
  revision: number;
  registeredAt: string;
  versionCount: number;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
}

export interface VersionRow {
  /** Set when the version is seen as the service knew it at this log position. */
  knownAt?: bigint;
  slug: string;
  label: string;
  seq: number;
  publishedOn: string;
  changeNote: string;
  wordCount: number;
  position: bigint;
  /** Position of the last event that set this version's text (its publication or latest correction). */
  contentPosition: bigint;
  actor: string;
  source: string | null;
  recordedAt: string;
}

export interface DraftRow {
  slug: string;
  label: string;
  changeNote: string;
  sections: SectionFields[];
  revision: number;
  actor: string;
  savedAt: string;
}

export interface CorrectionRow {
  slug: string;
  label: string;
  position: bigint;
  reason: string;
  actor: string;
  correctedAt: string;
}

export interface HistoryRow {
  slug: string;
  revision: number;
  position: bigint;
  type: string;
  label: string | null;
  actor: string;
  note: string | null;
  source: string | null;
  effectiveAt: string;
  recordedAt: string;
  correlationId: string | null;
  causationId: string | null;
}

/** A section's own fields, as versions and drafts store them. */
export interface SectionFields {
  key: string;
  heading: string;
  body: string;
  /** 1 for a chapter, 2 for a section in it, and so on. */
  level: number;
  parentKey: string | null;
  /** The number the document prints before the heading. */
  number: string | null;
  /** The printed number of each paragraph of the body, in order, when the document prints them. */
  paragraphNumbers: (string | null)[] | null;
}

export interface SectionRow extends SectionFields {
  slug: string;
  label: string;
  position: number;
}

/** A section as a stored event or a text snapshot has it, older ones without structure. */
function sectionFromData(s: {
  key: string;
  heading: string;
  body: string;
  level?: number;
  parentKey?: string;
  number?: string;
  paragraphNumbers?: (string | null)[];
}): SectionFields {
  return {
    key: s.key,
    heading: s.heading,
    body: s.body,
    level: s.level ?? 1,
    parentKey: s.parentKey ?? null,
    number: s.number ?? null,
    paragraphNumbers: s.paragraphNumbers ?? null,
  };
}

const DOCUMENT_COLUMNS = `slug, title, kind, revision, registered_at AS registeredAt, version_count AS versionCount,
  withdrawn_at AS withdrawnAt, withdrawn_reason AS withdrawnReason`;
const VERSION_COLUMNS = `slug, label, seq, published_on AS publishedOn, change_note AS changeNote, word_count AS wordCount,
  position, content_position AS contentPosition, actor, source, recorded_at AS recordedAt`;
const HISTORY_COLUMNS = `slug, revision, position, type, label, actor, note, source, effective_at AS effectiveAt,
  recorded_at AS recordedAt, correlation_id AS correlationId, causation_id AS causationId`;

/** Binds a JSON array of keys as a table, so one prepared statement serves any number of keys. */
const KEYS = 'SELECT value FROM json_each(?)';
/** The history types that withdraw a document (the catalogue's `withdraws` marker), as an SQL list; type names are plain identifiers. */
const WITHDRAWING = WITHDRAWING_TYPES.map((t) => `'${t}'`).join(', ');

export class DocumentQueries {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      bySlugs: db.prepare<[string], DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE slug IN (${KEYS})`),
      page: new KeysetQuery<{ kind: string | null; withdrawn: number }, DocumentRow, string>(db, {
        select: `SELECT ${DOCUMENT_COLUMNS} FROM documents
                 WHERE (@kind IS NULL OR kind = @kind) AND (@withdrawn = 1 OR withdrawn_at IS NULL)`,
        key: ['slug'],
        values: (slug) => [slug],
      }),
      drafts: db.prepare<[string], Omit<DraftRow, 'sections'> & { sections: string }>(
        `SELECT d.slug, d.label, d.change_note AS changeNote, d.revision, d.actor, d.saved_at AS savedAt,
           (SELECT json_group_array(json_object('key', s.key, 'heading', s.heading, 'body', s.body, 'level', s.level,
                     'parentKey', s.parent_key, 'number', s.number, 'paragraphNumbers', json(s.paragraph_numbers)) ORDER BY s.position)
            FROM document_draft_sections s WHERE s.slug = d.slug) AS sections
         FROM document_drafts d WHERE d.slug IN (${KEYS})`,
      ),
      corrections: db.prepare<[string], CorrectionRow>(
        `SELECT c.slug, c.label, c.position, c.reason, c.actor, c.corrected_at AS correctedAt
         FROM json_each(?) AS k
         JOIN document_corrections c ON c.slug = json_extract(k.value, '$[0]') AND c.label = json_extract(k.value, '$[1]')
         ORDER BY c.slug, c.label, c.position`,
      ),
      textAt: db.prepare<[string, string, bigint], { sections: string }>(
        `SELECT sections FROM document_texts WHERE slug = ? AND label = ? AND position <= ? ORDER BY position DESC LIMIT 1`,
      ),
      stateAt: db.prepare<
        [string, bigint],
        { revision: number; withdrawnAt: string | null; withdrawnReason: string | null }
      >(
        `SELECT MAX(revision) AS revision,
                MAX(CASE WHEN type IN (${WITHDRAWING}) THEN recorded_at END) AS withdrawnAt,
                MAX(CASE WHEN type IN (${WITHDRAWING}) THEN note END) AS withdrawnReason
         FROM document_history WHERE slug = ? AND position <= ?`,
      ),
      history: new KeysetQuery<{ slug: string }, HistoryRow, number>(db, {
        select: `SELECT ${HISTORY_COLUMNS} FROM document_history WHERE slug = @slug`,
        key: ['revision'],
        descending: true,
        values: (revision) => [revision],
      }),
      versions: db.prepare<[string], VersionRow>(
        `SELECT ${VERSION_COLUMNS} FROM document_versions WHERE slug IN (${KEYS}) ORDER BY slug, published_on, seq`,
      ),
      // A version's current text: the one set at its content_position.
      sections: db.prepare<[string], { slug: string; label: string; sections: string }>(
        `SELECT v.slug, v.label, t.sections
         FROM json_each(?) AS k
         JOIN document_versions v ON v.slug = json_extract(k.value, '$[0]') AND v.label = json_extract(k.value, '$[1]')
         JOIN document_texts t ON t.slug = v.slug AND t.label = v.label AND t.position = v.content_position
         ORDER BY v.slug, v.label`,
      ),
      inForce: db.prepare<[string, string], VersionRow>(
        `SELECT ${VERSION_COLUMNS} FROM document_versions WHERE slug = ? AND published_on <= ?
         ORDER BY published_on DESC, seq DESC LIMIT 1`,
      ),
    };
  }

  documents(slugs: readonly string[]): DocumentRow[] {
    return this.stmts.bySlugs.all(JSON.stringify(slugs));
  }

  /** Documents ordered by slug, one window of them (keyset pagination by slug). */
  page(kind: DocumentKind | null, includeWithdrawn: boolean, window: PageWindow<string>): DocumentRow[] {
    return this.stmts.page.page({ kind, withdrawn: includeWithdrawn ? 1 : 0 }, window);
  }

  drafts(slugs: readonly string[]): DraftRow[] {
    return this.stmts.drafts.all(JSON.stringify(slugs)).map((d) => ({
      ...d,
      sections: (JSON.parse(d.sections) as Parameters<typeof sectionFromData>[0][]).map(sectionFromData),
    }));
  }

  corrections(versions: readonly { slug: string; label: string }[]): CorrectionRow[] {
    return this.stmts.corrections
      .all(JSON.stringify(versions.map((v) => [v.slug, v.label])))
      .map((c) => ({ ...c, position: BigInt(c.position) }));
  }

  /** The sections a version had at a log position (before later corrections). */
  textAt(slug: string, label: string, position: bigint): SectionRow[] {
    const row = this.stmts.textAt.get(slug, label, position);
    return row ? sectionsOf(slug, label, row.sections) : [];
  }

  /** The document as the log stood at a position, or null if it was not registered yet. */
  documentAt(document: DocumentRow, position: bigint): DocumentRow | null {
    const state = this.stmts.stateAt.get(document.slug, position);
    if (!state || state.revision === null) return null;
    return { ...document, ...state, knownAt: position };
  }

  /** A document's events, newest first, one window of them (keyset pagination by revision). */
  history(slug: string, window: PageWindow<number>): HistoryRow[] {
    return this.stmts.history.page({ slug }, window).map((h) => ({ ...h, position: BigInt(h.position) }));
  }

  /** Every version of each slug, oldest first (by publication date, then by order recorded). */
  versions(slugs: readonly string[]): VersionRow[] {
    return this.stmts.versions.all(JSON.stringify(slugs)).map(withBigPosition);
  }

  /** The sections of each version as it stands now (corrections applied), in order. */
  sections(versions: readonly { slug: string; label: string }[]): SectionRow[] {
    return this.stmts.sections
      .all(JSON.stringify(versions.map((v) => [v.slug, v.label])))
      .flatMap(({ slug, label, sections }) => sectionsOf(slug, label, sections));
  }

  inForce(slug: string, asOf: string): VersionRow | null {
    const row = this.stmts.inForce.get(slug, asOf);
    return row ? withBigPosition(row) : null;
  }
}

/** A stored text (SectionData[] as JSON) as section rows, numbered from 1. */
function sectionsOf(slug: string, label: string, text: string): SectionRow[] {
  const sections = JSON.parse(text) as Parameters<typeof sectionFromData>[0][];
  return sections.map((s, i) => ({ slug, label, position: i + 1, ...sectionFromData(s) }));
}

function withBigPosition(row: VersionRow): VersionRow {
  return { ...row, position: BigInt(row.position), contentPosition: BigInt(row.contentPosition) };
}
