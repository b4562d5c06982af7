// One DataLoader set per request: every resolver level asks for many keys at once, so a query
// runs a fixed number of statements however many documents, versions or sections it touches.
import DataLoader from 'dataloader';
import type { Services } from '../app/services.ts';
import type { CorrectionRow, DocumentRow, DraftRow, SectionRow, VersionRow } from '../projections/documentQueries.ts';

export interface VersionKey {
  slug: string;
  label: string;
}

const versionKey = (k: VersionKey): string => `${k.slug}\u0000${k.label}`;

export function groupBy<K, T>(rows: readonly T[], keyOf: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

export function createLoaders({ documents }: Services) {
  return {
    document: new DataLoader<string, DocumentRow | null>(async (slugs) => {
      const bySlug = new Map(documents.documents(slugs).map((d) => [d.slug, d]));
      return slugs.map((s) => bySlug.get(s) ?? null);
    }),
    versions: new DataLoader<string, VersionRow[]>(async (slugs) => {
      const bySlug = groupBy(documents.versions(slugs), (v) => v.slug);
      return slugs.map((s) => bySlug.get(s) ?? []);
    }),
    sections: new DataLoader<VersionKey, SectionRow[], string>(
      async (keys) => {
        const byVersion = groupBy(documents.sections(keys), versionKey);
        return keys.map((k) => byVersion.get(versionKey(k)) ?? []);
      },
      { cacheKeyFn: versionKey },
    ),
    draft: new DataLoader<string, DraftRow | null>(async (slugs) => {
      const bySlug = new Map(documents.drafts(slugs).map((d) => [d.slug, d]));
      return slugs.map((s) => bySlug.get(s) ?? null);
    }),
    corrections: new DataLoader<VersionKey, CorrectionRow[], string>(
      async (keys) => {
        const byVersion = groupBy(documents.corrections(keys), versionKey);
        return keys.map((k) => byVersion.get(versionKey(k)) ?? []);
      },
      { cacheKeyFn: versionKey },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
