// Every document event moves the document's revision on and adds a history row, whatever its type:
// the bookkeeping is outside the projector's switch, so no event type can skip it.
import { describe, expect, it } from 'vitest';
import { type DocumentEvent, eventTypesOf } from '../../src/events/catalogue.ts';
import type { StoredEvent } from '../../src/events/store.ts';
import { documentsProjector } from '../../src/projections/documents.ts';
import { createTables, openReadDatabase } from '../../src/projections/readStore.ts';

const sections = [{ key: 'intro', heading: 'Introduction', body: 'Children first.' }];
const oneOfEach: DocumentEvent[] = [
  { type: 'DocumentRegistered', data: { slug: 'wt', title: 'Working Together', kind: 'STATUTORY_GUIDANCE' } },
  { type: 'DraftSaved', data: { slug: 'wt', label: '2018', changeNote: 'First draft', sections } },
  {
    type: 'DraftSectionRevised',
    data: { slug: 'wt', label: '2018', key: 'intro', heading: 'Introduction', body: 'Children come first.' },
  },
  { type: 'DraftDiscarded', data: { slug: 'wt', label: '2018', reason: null } },
  {
    type: 'VersionPublished',
    data: { slug: 'wt', label: '2018', publishedOn: '2018-07-04', changeNote: 'First edition', sections },
  },
  { type: 'VersionCorrected', data: { slug: 'wt', label: '2018', reason: 'Typo', sections } },
  { type: 'DocumentWithdrawn', data: { slug: 'wt', reason: 'Superseded' } },
];

describe('document bookkeeping', () => {
  it('covers one event of every document type', () => {
    expect(new Set(oneOfEach.map((e) => e.type))).toEqual(new Set(eventTypesOf('document')));
  });

  it('moves the revision on and records history for every document event', () => {
    const db = openReadDatabase(':memory:');
    createTables(db, [documentsProjector]);
    const apply = documentsProjector.prepare(db);
    oneOfEach.forEach((event, revision) => {
      const stored = {
        position: BigInt(revision + 1),
        revision,
        streamId: 'document-wt',
        effectiveAt: '2018-07-04T00:00:00.000Z',
        recordedAt: '2026-01-01T00:00:00.000Z',
        metadata: { actor: 'ed', changeNote: `note ${revision}` },
      } as unknown as StoredEvent;
      apply(event, stored);
      const doc = db.prepare('SELECT revision, last_position AS lastPosition FROM documents WHERE slug = ?').get('wt');
      expect(doc).toEqual({ revision, lastPosition: revision + 1 });
    });
    const history = db
      .prepare('SELECT revision, type FROM document_history WHERE slug = ? ORDER BY revision')
      .all('wt');
    expect(history).toEqual(oneOfEach.map((e, revision) => ({ revision, type: e.type })));
  });
});
