import { describe, expect, it } from 'vitest';
import { publicationDecider, type PublicationCommand } from '../../src/domain/publications/decide.ts';
import { deciderSpec } from '../support/deciderSpec.ts';

const { given } = deciderSpec(publicationDecider);

const issue = {
  slug: 'tasp-newsletter-spring-2021',
  kind: 'NEWSLETTER_ISSUE',
  title: 'TASP Newsletter – Spring 2021',
  publisher: 'TASP',
  publishedOn: '2021-03-01',
  items: [
    { category: 'NEWS_ITEM', title: 'New trustee', summary: 'A trustee joined the board.', documentSlug: null },
    {
      category: 'STATUTORY_GUIDANCE',
      title: 'Changes to Working Together',
      summary: 'A minor update.',
      documentSlug: 'wt',
    },
  ],
} as const;

const record = (data: Record<string, unknown> = {}, existingDocuments = ['wt']): PublicationCommand => ({
  type: 'RecordPublication',
  data: { ...issue, items: [...issue.items], ...data } as never,
  existingDocuments,
});

describe('recording a publication', () => {
  it('records PublicationRecorded effective on its publication date', () => {
    const data = { ...issue, items: issue.items.map((i) => ({ ...i, aboutPersonIds: [] })) };
    given()
      .when(record())
      .then([{ event: { type: 'PublicationRecorded', data }, effectiveAt: '2021-03-01' }]);
  });

  it('links an item to the known people it is about, and refuses an unknown one', () => {
    const items = [{ category: 'NEWS_ITEM', title: 'New trustee', summary: 'Joined.', aboutPersonIds: ['trustee-1'] }];
    const [decided] = given()
      .when({ ...record({ items }), knownPeople: ['trustee-1'] })
      .decided();
    expect(decided?.event.data).toMatchObject({ items: [{ aboutPersonIds: ['trustee-1'] }] });
    given()
      .when({ ...record({ items }), knownPeople: [] })
      .thenRefusesFields(['items.0.aboutPersonIds.0']);
  });

  it('takes an item without a document link as unlinked', () => {
    const items = [{ category: 'EVENT', title: 'AGM', summary: 'The first AGM.' }];
    const [decided] = given().when(record({ items })).decided();
    expect(decided?.event.data).toMatchObject({ items: [{ documentSlug: null }] });
  });

  it('refuses a publication that is already recorded', () => {
    const recorded = given().when(record()).decided()[0]!.event;
    given(recorded).when(record()).thenRefusesFields(['slug']);
  });

  it('refuses an item linking to a document that is not in the history', () => {
    given().when(record({}, [])).thenRefusesFields(['items.1.documentSlug']);
  });

  it.each([
    [{ items: [] }, ['items']],
    [{ publishedOn: '2021-02-29' }, ['publishedOn']],
    [{ slug: 'Spring 2021' }, ['slug']],
    [{ kind: 'BLOG' }, ['kind']],
    [{ title: ' ' }, ['title']],
    [{ items: [{ category: 'GOSSIP', title: 'x', summary: 'y' }] }, ['items.0.category']],
    [{ items: [{ category: 'EVENT', title: 'x', summary: '' }] }, ['items.0.summary']],
    [
      { items: [{ category: 'EVENT', title: 'x', summary: 'y', documentSlug: 'Not A Slug' }] },
      ['items.0.documentSlug'],
    ],
  ])('refuses the bad input %j', (data, fields) => {
    given().when(record(data)).thenRefusesFields(fields);
  });
});
