// The search read model on real SQLite files: published text and drafts in separate indexes, each
// distinct paragraph text of a document stored once however many versions carry it, the indexes
// built after a full replay rather than row by row, and an older read database rebuilt at start.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServices, type Services } from '../../src/composition.ts';
import { documentDecider, type DocumentCommand } from '../../src/domain/documents/decide.ts';
import { openReadDatabase } from '../../src/projections/readStore.ts';
import { registerCommand } from '../support/fixtures.ts';
import { tempDir } from '../support/tempDir.ts';

const SLUG = 'guide';
const KEPT = 'Practitioners share information about a kingfisher early.';
const sections = (label: string, ...extra: string[]) => [
  { key: 'intro', heading: 'Introduction', body: [`Introduction of ${label}.`, KEPT, ...extra].join('\n\n') },
];

describe('search read model', () => {
  let dir: ReturnType<typeof tempDir>;
  let services: Services;

  beforeEach(async () => {
    dir = tempDir();
    services = await openServices({ DATA_DIR: dir.path });
  });
  afterEach(async () => {
    await services.close();
    dir.remove();
  });

  const run = (command: DocumentCommand) =>
    services.commands.execute(documentDecider, `document-${SLUG}`, command, { actor: 'ed' });
  const publish = (label: string, publishedOn: string, ...extra: string[]) =>
    run({
      type: 'PublishVersion',
      data: { slug: SLUG, label, publishedOn, changeNote: `Version ${label}`, sections: sections(label, ...extra) },
    });
  const correct = (label: string, body: string) =>
    run({
      type: 'CorrectVersion',
      data: { slug: SLUG, label, reason: 'Typo', sections: [{ key: 'intro', heading: 'Introduction', body }] },
    });
  const hits = (text: string, includeDrafts = false) =>
    services.search
      .search(text, { slug: null, includeDrafts, limit: 50, offset: 0 })
      .map((h) => `${h.draft ? 'draft ' : ''}${h.label}/${h.sectionKey}/${h.paragraphNumber ?? '-'}`);
  const storedCopies = (text: string) =>
    services.readDb.prepare('SELECT COUNT(*) FROM published_texts WHERE text = ?').pluck().get(text);

  /** A history touching every kind of row: versions, a correction, a draft revised, one discarded. */
  const history = async () => {
    await run(registerCommand(SLUG));
    await publish('2018', '2018-07-01');
    await publish('2020', '2020-12-01', 'Coercive control is named in 2020.');
    await correct('2018', `Introduction of 2018, corrected.\n\n${KEPT}`);
    await run({
      type: 'SaveDraft',
      data: { slug: SLUG, label: '2023', changeNote: 'Draft', sections: sections('2023', 'A zebrafish in draft.') },
    });
    await run({
      type: 'ReviseSection',
      data: { slug: SLUG, label: '2023', key: 'intro', heading: 'Introduction', body: 'A zebrafish, revised.' },
    });
  };

  it('given a paragraph carried unchanged by two versions, then its text is stored once and each version is a hit until corrected away', async () => {
    await run(registerCommand(SLUG));
    await publish('2018', '2018-07-01');
    await publish('2020', '2020-12-01');
    expect(storedCopies(KEPT)).toBe(1);
    expect(hits('kingfisher')).toEqual(['2018/intro/-', '2020/intro/-']);
    await correct('2018', 'Introduction of 2018, without the bird.');
    expect(hits('kingfisher')).toEqual(['2020/intro/-']);
    expect(services.search.occurrences(SLUG, 'kingfisher')).toEqual(new Map([['2020', 1]]));
    await correct('2020', 'Introduction of 2020, without the bird.');
    expect(hits('kingfisher')).toEqual([]);
    expect(storedCopies(KEPT)).toBe(0);
  });

  it('given drafts and published versions, then the public sees published hits only and staff see both, merged by rank', async () => {
    await history();
    expect(hits('zebrafish')).toEqual([]);
    expect(hits('zebrafish', true)).toEqual(['draft 2023/intro/-']);
    // One text carried by both versions: both are hits (the corrected 2018 carries it anew).
    expect(hits('kingfisher', true).sort()).toEqual(['2018/intro/-', '2020/intro/-']);
    expect(hits('introduction of', true)).toHaveLength(2);
  });

  it('given a full replay, then no full-text table exists until the log is applied, and the indexes built afterwards answer as the live ones did', async () => {
    await history();
    const live = {
      public: hits('kingfisher'),
      staff: hits('zebrafish', true),
      coercive: [...services.search.occurrences(SLUG, 'coercive control')],
      checksum: services.runner.checksum(),
    };
    const fullText = () =>
      services.readDb
        .prepare("SELECT name FROM sqlite_master WHERE sql LIKE '%USING fts5%' ORDER BY name")
        .pluck()
        .all();
    expect(fullText()).toEqual(['draft_search', 'published_search']);
    await services.close();
    const seen: unknown[][] = [];
    services = await openServices({ DATA_DIR: dir.path }, { onProgress: () => seen.push(fullText()) });
    await services.runner.rebuild();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((tables) => tables.length === 0)).toBe(true);
    expect(fullText()).toEqual(['draft_search', 'published_search']);
    expect({
      public: hits('kingfisher'),
      staff: hits('zebrafish', true),
      coercive: [...services.search.occurrences(SLUG, 'coercive control')],
      checksum: services.runner.checksum(),
    }).toEqual(live);
    // The built index is kept up to date live from there on.
    await publish('2023', '2023-12-01', 'A heron arrives in 2023.');
    expect(hits('heron')).toEqual(['2023/intro/-']);
    expect(
      services.readDb.prepare("INSERT INTO published_search (published_search) VALUES ('integrity-check')").run(),
    ).toBeTruthy();
  });

  it('given a read database written by the previous layouts, when the service starts, then the old tables go and the read models are replayed', async () => {
    await history();
    const live = services.runner.checksum();
    const version = services.documents.sections([{ slug: SLUG, label: '2018' }]);
    await services.close();
    const db = openReadDatabase(`${dir.path}/read.sqlite`);
    db.exec(`
      DROP TABLE published_search; DROP TABLE draft_search;
      CREATE TABLE document_sections (slug TEXT, label TEXT, position INTEGER, key TEXT, heading TEXT, body TEXT);
      INSERT INTO document_sections VALUES ('${SLUG}', '2018', 1, 'intro', 'Stale', 'Stale copy');
      CREATE TABLE document_paragraphs (id INTEGER PRIMARY KEY, slug TEXT, draft INTEGER, text TEXT);
      CREATE VIRTUAL TABLE document_search USING fts5(text, content = 'document_paragraphs', content_rowid = 'id');
      UPDATE projection_versions SET version = 4 WHERE projector = 'documents';
      UPDATE projection_versions SET version = 3 WHERE projector = 'document-search';`);
    db.close();
    services = await openServices({ DATA_DIR: dir.path });
    await services.runner.catchUp();
    const tables = services.readDb
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'document_%' ORDER BY name")
      .pluck()
      .all();
    expect(tables).not.toContain('document_sections');
    expect(tables).not.toContain('document_paragraphs');
    expect(tables).not.toContain('document_search');
    expect(services.runner.checksum()).toBe(live);
    expect(services.documents.sections([{ slug: SLUG, label: '2018' }])).toEqual(version);
    expect(version[0]?.body).toContain('corrected');
    expect(hits('kingfisher').sort()).toEqual(['2018/intro/-', '2020/intro/-']);
  });
});
