// Every document event moves the document's revision on and adds a history row, whatever its type:
// the bookkeeping is outside the projector's switch, so no event type can skip it.
import { describe, expect, it } from 'vitest';
import { type DocumentEvent, eventTypesOf } from '../../src/events/catalogue.ts';
import { streams } from '../../src/events/streams.ts';
import { documentsProjector } from '../../src/projections/documents.ts';
import { projectionSpec } from '../support/projectionSpec.ts';

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
const documents = projectionSpec(documentsProjector);
const inStream = (event: DocumentEvent) => ({ streamId: streams.document('wt'), event });

describe('document bookkeeping', () => {
  it('covers one event of every document type', () => {
    expect(new Set(oneOfEach.map((e) => e.type))).toEqual(new Set(eventTypesOf('document')));
  });

  it('moves the revision on and records history for every document event', () => {
    const projected = documents.given();
    oneOfEach.forEach((event, revision) => {
      projected.and(inStream(event));
      expect(projected.rows('SELECT revision, last_position AS lastPosition FROM documents')).toEqual([
        { revision, lastPosition: revision + 1 },
      ]);
    });
    expect(projected.rows('SELECT revision, type FROM document_history ORDER BY revision')).toEqual(
      oneOfEach.map((e, revision) => ({ revision, type: e.type })),
    );
  });

  it('ignores a document event found in a stream that is not a document', () => {
    const projected = documents.given({ streamId: streams.board('tasp'), event: oneOfEach[0]! });
    expect(projected.rows('SELECT * FROM documents')).toEqual([]);
  });
});
