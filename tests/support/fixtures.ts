// Small, fast fixtures: documents published through the real command handler.
import type { Services } from '../../src/app/services.ts';
import { documentDecider, type DocumentCommand } from '../../src/domain/documents/decide.ts';

export const registerCommand = (slug: string): DocumentCommand => ({
  type: 'RegisterDocument',
  data: { slug, title: `Title of ${slug}`, kind: 'STATUTORY_GUIDANCE' },
});

export const publishCommand = (slug: string, label: string, publishedOn = '2020-01-01'): DocumentCommand => ({
  type: 'PublishVersion',
  data: {
    slug,
    label,
    publishedOn,
    changeNote: `Version ${label}`,
    sections: [
      { key: 'one', heading: 'One', body: `First section of ${label}` },
      { key: 'two', heading: 'Two', body: 'Second section' },
    ],
  },
});

/** Registers `n` documents with two versions each; returns the slugs. */
export async function publishDocuments(services: Services, n: number, actor = 'ed'): Promise<string[]> {
  const slugs: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const slug = `doc-${i}`;
    const stream = `document-${slug}`;
    await services.commands.execute(documentDecider, stream, registerCommand(slug), { actor });
    await services.commands.execute(documentDecider, stream, publishCommand(slug, 'v1', '2019-05-01'), { actor });
    await services.commands.execute(documentDecider, stream, publishCommand(slug, 'v2', '2021-05-01'), { actor });
    slugs.push(slug);
  }
  return slugs;
}
