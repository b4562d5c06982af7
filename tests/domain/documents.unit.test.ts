import { describe, expect, it } from 'vitest';
import type { CommandMeta } from '../../src/domain/aggregate.ts';
import { decide, type DocumentCommand } from '../../src/domain/documents/decide.ts';
import { evolve, initialState } from '../../src/domain/documents/document.ts';
import { NotFoundError, ValidationError } from '../../src/domain/errors.ts';
import type { DocumentEvent } from '../../src/events/catalogue.ts';
import { fieldsOf } from '../support/domain.ts';

const meta: CommandMeta = { now: '2024-01-02T03:04:05.000Z' };
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

const given = (...events: DocumentEvent[]) => events.reduce(evolve, initialState());
const when = (command: DocumentCommand, state = given()) => () => decide(command, state, meta);

const publish = (data: Partial<Extract<DocumentCommand, { type: 'PublishVersion' }>['data']> = {}): DocumentCommand => ({
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
    const events = when({ type: 'RegisterDocument', data: registered.data as never })();
    expect(events).toEqual([{ event: registered, effectiveAt: meta.now }]);
  });

  it('refuses a slug that is already registered', () => {
    expect(fieldsOf(when({ type: 'RegisterDocument', data: registered.data as never }, given(registered)))).toEqual(['slug']);
  });

  it.each([['Bad Slug'], [''], ['-leading'], ['a'.repeat(101)]])('refuses the malformed slug %j', (slug) => {
    expect(fieldsOf(when({ type: 'RegisterDocument', data: { slug, title: 'T', kind: 'RESOURCE' } }))).toEqual(['slug']);
  });

  it('stores text without its surrounding whitespace, by the same rule as the association deciders', () => {
    const events = when({ type: 'RegisterDocument', data: { slug: 'wt', title: '  Working Together \n', kind: 'STATUTORY_GUIDANCE' } })();
    expect(events[0]?.event).toEqual(registered);
  });

  it('refuses an empty title', () => {
    expect(fieldsOf(when({ type: 'RegisterDocument', data: { slug: 'x', title: '  ', kind: 'RESOURCE' } }))).toEqual([
      'title',
    ]);
  });
});

describe('publishing a version', () => {
  it('records VersionPublished effective on its publication date', () => {
    const events = when(publish(), given(registered, published2018))();
    expect(events).toHaveLength(1);
    expect(events[0]!.event.type).toBe('VersionPublished');
    expect(events[0]!.effectiveAt).toBe('2023-12-15');
  });

  it('refuses an unknown document', () => {
    expect(when(publish())).toThrow(NotFoundError);
  });

  it('refuses a label already published', () => {
    expect(fieldsOf(when(publish({ label: '2018' }), given(registered, published2018)))).toEqual(['label']);
  });

  it('refuses an empty change note', () => {
    expect(fieldsOf(when(publish({ changeNote: '' }), given(registered)))).toEqual(['changeNote']);
  });

  it('refuses a date that is not a real date', () => {
    expect(fieldsOf(when(publish({ publishedOn: '2023-02-30' }), given(registered)))).toEqual(['publishedOn']);
    expect(fieldsOf(when(publish({ publishedOn: '15/12/2023' }), given(registered)))).toEqual(['publishedOn']);
  });

  it('refuses duplicate section keys, naming the second one', () => {
    const sections = [
      { key: 'a', heading: 'A', body: 'x' },
      { key: 'a', heading: 'B', body: 'y' },
    ];
    expect(fieldsOf(when(publish({ sections }), given(registered)))).toEqual(['sections.1.key']);
  });

  it('lists every bad field at once', () => {
    const sections = [{ key: 'Bad Key', heading: '', body: '' }];
    expect(fieldsOf(when(publish({ sections, changeNote: '' }), given(registered))).sort()).toEqual(
      ['changeNote', 'sections.0.body', 'sections.0.heading', 'sections.0.key'].sort(),
    );
  });

  it('refuses a version without sections', () => {
    expect(fieldsOf(when(publish({ sections: [] }), given(registered)))).toEqual(['sections']);
  });
});
