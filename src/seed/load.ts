// Loads the seed corpus through the same commands editors use. Every command carries a
// deterministic idempotency key and is skipped when its fact is already recorded, so loading
// twice appends nothing.
import type { Services } from '../app/services.ts';
import { documentDecider } from '../domain/documents/decide.ts';
import { documentStreamId } from '../domain/documents/document.ts';
import { seedDocuments } from './documents.ts';
import { loadTaspSeed } from './loadTasp.ts';

export const SEED_ACTOR = 'seed';

export interface SeedReport {
  appended: number;
}

export async function loadSeed(services: Services): Promise<SeedReport> {
  let appended = 0;
  for (const doc of seedDocuments) {
    const streamId = documentStreamId(doc.slug);
    const existing = services.documents.documents([doc.slug])[0];
    const published = new Set(services.documents.versions([doc.slug]).map((v) => v.label));
    const first = doc.versions[0];
    if (!existing) {
      const r = await services.commands.execute(
        documentDecider,
        streamId,
        { type: 'RegisterDocument', data: { slug: doc.slug, title: doc.title, kind: doc.kind } },
        { actor: SEED_ACTOR, source: first?.source ?? null, idempotencyKey: `seed:register:${doc.slug}` },
      );
      appended += r.events.length;
    }
    for (const v of doc.versions) {
      if (published.has(v.label)) continue;
      const r = await services.commands.execute(
        documentDecider,
        streamId,
        {
          type: 'PublishVersion',
          data: {
            slug: doc.slug,
            label: v.label,
            publishedOn: v.publishedOn,
            changeNote: v.changeNote,
            sections: v.sections,
          },
        },
        { actor: SEED_ACTOR, source: v.source, idempotencyKey: `seed:publish:${doc.slug}:${v.label}` },
      );
      appended += r.events.length;
    }
  }
  // The association's board, membership and publications; after the documents, which its items link to.
  appended += (await loadTaspSeed(services)).appended;
  return { appended };
}
