import { describe, expect, it } from 'vitest';
import { publicationDecider } from '../../src/domain/publications/decide.ts';
import { publicationStreamId } from '../../src/domain/publications/publication.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import { publishDocuments } from '../support/fixtures.ts';
import { useServices } from '../support/services.ts';

describe('publications read model on real SQLite', () => {
  const fx = useServices({ given: (s) => publishDocuments(s, 2) });

  const record = (
    slug: string,
    publishedOn: string,
    kind: 'NEWSLETTER_ISSUE' | 'INFORMATION_CIRCULAR' = 'NEWSLETTER_ISSUE',
    links: string[] = [],
  ) =>
    fx.services.commands.execute(
      publicationDecider,
      publicationStreamId(slug),
      {
        type: 'RecordPublication',
        data: {
          slug,
          kind,
          title: `Issue ${slug}`,
          publisher: 'TASP',
          publishedOn,
          items: [
            { category: 'NEWS_ITEM', title: 'News', summary: 'Something happened.' },
            ...links.map((documentSlug) => ({
              category: 'STATUTORY_GUIDANCE' as const,
              title: 'Guidance',
              summary: 'It changed.',
              documentSlug,
            })),
          ],
        },
        existingDocuments: links,
      },
      { actor: 'ed', source: 'the archive' },
    );

  async function history() {
    await record('spring-2020', '2020-03-01', 'NEWSLETTER_ISSUE', ['doc-0']);
    await record('winter-2020', '2020-12-01');
    await record('spring-2021', '2021-03-01', 'NEWSLETTER_ISSUE', ['doc-0', 'doc-1']);
    await record('circular-2024', '2024-03-01', 'INFORMATION_CIRCULAR', ['doc-1']);
  }

  it('pages publications newest first, by kind, with a keyset cursor', async () => {
    await history();
    const q = fx.services.publications;
    expect(q.page(null, { limit: 10 }).map((p) => p.slug)).toEqual([
      'circular-2024',
      'spring-2021',
      'winter-2020',
      'spring-2020',
    ]);
    expect(
      q.page(null, { after: { publishedOn: '2021-03-01', slug: 'spring-2021' }, limit: 1 }).map((p) => p.slug),
    ).toEqual(['winter-2020']);
    expect(q.page('NEWSLETTER_ISSUE', { limit: 1 }).map((p) => p.slug)).toEqual(['spring-2021']);
    // From the end of a newest-first listing: the oldest, and the two newer than winter-2020.
    expect(q.page(null, { fromEnd: true, limit: 1 }).map((p) => p.slug)).toEqual(['spring-2020']);
    const winter = { publishedOn: '2020-12-01', slug: 'winter-2020' };
    expect(q.page(null, { before: winter, fromEnd: true, limit: 2 }).map((p) => p.slug)).toEqual([
      'circular-2024',
      'spring-2021',
    ]);
    const newest = q.page(null, { limit: 1 })[0]!;
    expect(q.page(null, { after: newest, before: winter, limit: 5 }).map((p) => p.slug)).toEqual(['spring-2021']);
  });

  it('keeps items in order and finds the publications that mention a document', async () => {
    await history();
    const q = fx.services.publications;
    expect(q.items(['spring-2021']).map((i) => [i.position, i.category, i.documentSlug])).toEqual([
      [1, 'NEWS_ITEM', null],
      [2, 'STATUTORY_GUIDANCE', 'doc-0'],
      [3, 'STATUTORY_GUIDANCE', 'doc-1'],
    ]);
    const mentions = q.mentioning(['doc-0', 'doc-1']).map((p) => `${p.documentSlug}:${p.slug}`);
    expect(mentions).toEqual(['doc-0:spring-2021', 'doc-0:spring-2020', 'doc-1:circular-2024', 'doc-1:spring-2021']);
    expect(q.publications(['winter-2020'])).toMatchObject([
      { itemCount: 1, source: 'the archive', publishedOn: '2020-12-01' },
    ]);
  });

  it('refuses recording the same publication twice and appends nothing', async () => {
    await history();
    const head = await fx.services.store.headPosition();
    await expect(record('winter-2020', '2020-12-01')).rejects.toBeInstanceOf(ValidationError);
    expect(await fx.services.store.headPosition()).toBe(head);
  });

  it('rebuilds to the same checksum', async () => {
    await history();
    const live = fx.services.runner.checksum();
    await fx.services.runner.rebuild();
    expect(fx.services.runner.checksum()).toBe(live);
  });
});
