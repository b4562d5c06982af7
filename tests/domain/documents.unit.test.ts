import { describe, expect, it } from 'vitest';
import { documentDecider, type DocumentCommand } from '../../src/domain/documents/decide.ts';
import { NotFoundError } from '../../src/domain/errors.ts';
import type { DocumentEvent } from '../../src/events/catalogue.ts';
import { deciderSpec } from '../support/deciderSpec.ts';
import { fieldsOf } from '../support/domain.ts';

const { given, meta } = deciderSpec(documentDecider);
const registered: DocumentEvent = {
  type: 'DocumentRegistered',
  data: { slug: 'wt', title: 'Working Together', kind: 'STATUTORY_GUIDANCE' },
};
const published2018: DocumentEvent = {
  type: 'VersionPublished',
  data: {
    slug: 'wt',
    label: '2018',
    publishedOn: '2018-07-04',
    changeNote: 'First edition',
    sections: [{ key: 'intro', heading: 'Introduction', body: 'Text' }],
  },
};

const publish = (
  data: Partial<Extract<DocumentCommand, { type: 'PublishVersion' }>['data']> = {},
): DocumentCommand => ({
  type: 'PublishVersion',
  data: {
    slug: 'wt',
    label: '2023',
    publishedOn: '2023-12-15',
    changeNote: 'Revised',
    sections: [{ key: 'intro', heading: 'Introduction', body: 'New text' }],
    ...data,
  },
});

describe('registering a document', () => {
  it('records DocumentRegistered effective now', () => {
    given()
      .when({ type: 'RegisterDocument', data: registered.data as never })
      .then([{ event: registered, effectiveAt: meta.now }]);
  });

  it('refuses a slug that is already registered', () => {
    given(registered)
      .when({ type: 'RegisterDocument', data: registered.data as never })
      .thenRefusesFields(['slug']);
  });

  it.each([['Bad Slug'], [''], ['-leading'], ['a'.repeat(101)]])('refuses the malformed slug %j', (slug) => {
    given()
      .when({ type: 'RegisterDocument', data: { slug, title: 'T', kind: 'RESOURCE' } })
      .thenRefusesFields(['slug']);
  });

  it('stores text without its surrounding whitespace, by the same rule as the association deciders', () => {
    const events = given()
      .when({
        type: 'RegisterDocument',
        data: { slug: 'wt', title: '  Working Together \n', kind: 'STATUTORY_GUIDANCE' },
      })
      .decided();
    expect(events[0]?.event).toEqual(registered);
  });

  it('refuses an empty title', () => {
    given()
      .when({ type: 'RegisterDocument', data: { slug: 'x', title: '  ', kind: 'RESOURCE' } })
      .thenRefusesFields(['title']);
  });
});

describe('publishing a version', () => {
  it('records VersionPublished effective on its publication date', () => {
    const events = given(registered, published2018).when(publish()).decided();
    expect(events).toHaveLength(1);
    expect(events[0]!.event.type).toBe('VersionPublished');
    expect(events[0]!.effectiveAt).toBe('2023-12-15');
  });

  it('refuses an unknown document', () => {
    given().when(publish()).thenRefuses(NotFoundError);
  });

  it('refuses a label already published', () => {
    given(registered, published2018)
      .when(publish({ label: '2018' }))
      .thenRefusesFields(['label']);
  });

  it('refuses an empty change note', () => {
    given(registered)
      .when(publish({ changeNote: '' }))
      .thenRefusesFields(['changeNote']);
  });

  it('refuses a date that is not a real date', () => {
    given(registered)
      .when(publish({ publishedOn: '2023-02-30' }))
      .thenRefusesFields(['publishedOn']);
    given(registered)
      .when(publish({ publishedOn: '15/12/2023' }))
      .thenRefusesFields(['publishedOn']);
  });

  it('refuses duplicate section keys, naming the second one', () => {
    const sections = [
      { key: 'a', heading: 'A', body: 'x' },
      { key: 'a', heading: 'B', body: 'y' },
    ];
    given(registered).when(publish({ sections })).thenRefusesFields(['sections.1.key']);
  });

  it('lists every bad field at once', () => {
    const sections = [{ key: 'Bad Key', heading: '', body: '' }];
    const refused = () =>
      given(registered)
        .when(publish({ sections, changeNote: '' }))
        .decided();
    expect(fieldsOf(refused).sort()).toEqual(
      ['changeNote', 'sections.0.body', 'sections.0.heading', 'sections.0.key'].sort(),
    );
  });

  it('refuses a version without sections', () => {
    given(registered)
      .when(publish({ sections: [] }))
      .thenRefusesFields(['sections']);
  });
});
