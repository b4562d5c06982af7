// The people a document change's free text names: recorded in the event only when given, carried
// from a draft to the version it becomes, and checked in form; the catalogue seals that text with
// their keys.
import { describe, expect, it } from 'vitest';
import { documentDecider } from '../../src/domain/documents/decide.ts';
import type { DocumentEvent } from '../../src/events/catalogue.ts';
import { privacyOf } from '../../src/events/catalogue.ts';
import { deciderSpec } from '../support/deciderSpec.ts';

const { given } = deciderSpec(documentDecider);
const registered: DocumentEvent = {
  type: 'DocumentRegistered',
  data: { slug: 'wt', title: 'Working Together', kind: 'STATUTORY_GUIDANCE' },
};
const sections = [{ key: 'intro', heading: 'Introduction', body: 'Text' }];
const PERSON = 'person-0b7c2a52-1d7e-4c1a-9f55-3f0e0d3c9a11';

describe('document changes that name people', () => {
  it('records aboutPersonIds when given, once each, and writes a change about no one exactly as before', () => {
    const about = given(registered)
      .when({
        type: 'PublishVersion',
        data: {
          slug: 'wt',
          label: '1',
          publishedOn: '2024-01-01',
          changeNote: 'n',
          sections,
          aboutPersonIds: [PERSON, PERSON],
        },
      })
      .decided();
    expect(about[0]!.event.data).toMatchObject({ aboutPersonIds: [PERSON] });
    for (const aboutPersonIds of [undefined, null, []]) {
      const none = given(registered)
        .when({
          type: 'PublishVersion',
          data: { slug: 'wt', label: '1', publishedOn: '2024-01-01', changeNote: 'n', sections, aboutPersonIds },
        })
        .decided();
      expect(Object.keys(none[0]!.event.data)).not.toContain('aboutPersonIds');
    }
  });

  it("carries the draft's people to the version publishDraft makes", () => {
    const draft: DocumentEvent = {
      type: 'DraftSaved',
      data: { slug: 'wt', label: '2', changeNote: 'n', sections, aboutPersonIds: [PERSON] },
    };
    const [published] = given(registered, draft)
      .when({ type: 'PublishDraft', data: { slug: 'wt', label: '2', publishedOn: '2024-02-01' } })
      .decided();
    expect(published!.event).toMatchObject({
      type: 'VersionPublished',
      data: { changeNote: 'n', aboutPersonIds: [PERSON] },
    });
  });

  it('refuses an id that is not an id, and people named without a reason to discard', () => {
    given(registered)
      .when({ type: 'WithdrawDocument', data: { slug: 'wt', reason: 'r', aboutPersonIds: ['Not An Id'] } })
      .thenRefusesFields(['aboutPersonIds.0']);
    const draft: DocumentEvent = { type: 'DraftSaved', data: { slug: 'wt', label: '2', changeNote: 'n', sections } };
    given(registered, draft)
      .when({ type: 'DiscardDraft', data: { slug: 'wt', aboutPersonIds: [PERSON] } })
      .thenRefusesFields(['aboutPersonIds']);
  });

  it('marks the change text of every document event with people personal and the guidance text public', () => {
    for (const type of [
      'VersionPublished',
      'DraftSaved',
      'DraftDiscarded',
      'VersionCorrected',
      'DocumentWithdrawn',
    ] as const) {
      const privacy = privacyOf(type)!;
      expect(privacy.subjects!({ aboutPersonIds: [PERSON] })).toEqual([PERSON]);
      expect(privacy.subjects!({})).toEqual([]);
      expect(Object.values(privacy.fields)).toContain('personal');
    }
    expect(privacyOf('VersionPublished')!.fields.sections).toMatchObject({
      fields: { heading: 'public', body: 'public' },
    });
  });
});
