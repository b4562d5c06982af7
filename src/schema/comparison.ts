// What changed between two versions of a document.
import type { Comparison, ComparedVersion } from '../app/comparisons.ts';
import type { DiffPart, SectionChange, SectionChangeType } from '../domain/documents/compare.ts';
import type { DocumentRow, VersionRow } from '../projections/documentQueries.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { DocumentRef, loadSections, loadVersion, loadVersions, VersionRef, versionKey } from './document.ts';
import { compositeId, contentId, partId } from './shared/identity.ts';
import { draftAsVersion, loadDraft } from './editorial.ts';

const SectionChangeTypeEnum = builder.enumType('SectionChangeType', {
  values: ['ADDED', 'REMOVED', 'MODIFIED', 'UNCHANGED'] as const,
});
const SectionMatchEnum = builder.enumType('SectionMatch', {
  description: 'How a section of the later version was paired with one of the earlier version',
  values: ['KEY', 'SIMILARITY'] as const,
});
const DiffKindEnum = builder.enumType('DiffKind', { values: ['ADDED', 'REMOVED', 'SAME'] as const });

export const DiffPartRef = builder.objectRef<DiffPart>('DiffPart').implement({
  fields: (t) => ({
    id: t.id({
      description: 'Cache key derived from the part itself (kind and text); not accepted by node',
      resolve: (p) => contentId('DiffPart', [p.kind, p.text]),
    }),
    kind: t.field({ type: DiffKindEnum, resolve: (p) => p.kind }),
    text: t.exposeString('text'),
  }),
});

/** A part of one comparison, with the comparison's key (see comparisonKey). */
type Keyed<T> = T & { comparison: string };

const SectionChangeRef = builder.objectRef<Keyed<SectionChange>>('SectionChange').implement({
  fields: (t) => ({
    id: t.id({
      description: 'Cache key: the comparison and the section key; not accepted by node',
      resolve: (s) => partId('SectionChange', s.comparison, s.key),
    }),
    change: t.field({ type: SectionChangeTypeEnum, resolve: (s) => s.change }),
    key: t.exposeString('key'),
    fromKey: t.exposeString('fromKey', { nullable: true }),
    toKey: t.exposeString('toKey', { nullable: true }),
    fromHeading: t.exposeString('fromHeading', { nullable: true }),
    toHeading: t.exposeString('toHeading', { nullable: true }),
    fromPosition: t.exposeInt('fromPosition', { nullable: true }),
    toPosition: t.exposeInt('toPosition', { nullable: true }),
    moved: t.exposeBoolean('moved', {
      description: 'Its order relative to the other matched sections changed (not merely pushed down)',
    }),
    renamed: t.exposeBoolean('renamed', { description: 'Its heading changed' }),
    matchedBy: t.field({ type: SectionMatchEnum, nullable: true, resolve: (s) => s.matchedBy }),
    similarity: t.float({ nullable: true, resolve: (s) => s.similarity }),
    wordsAdded: t.exposeInt('wordsAdded'),
    wordsRemoved: t.exposeInt('wordsRemoved'),
    diff: t.field({ type: [DiffPartRef], description: 'Word-level changes to the body', resolve: (s) => s.diff }),
  }),
});

/** The section counts, keyed by their comparison, with the paragraph counts computed only when asked for. */
export type SummaryView = Keyed<Comparison['summary']> & { paragraphSummary: Comparison['paragraphs'] };

export const ComparisonSummaryRef = builder.objectRef<SummaryView>('ComparisonSummary').implement({
  fields: (t) => ({
    id: t.id({
      description: 'Cache key: the comparison summed up; not accepted by node',
      resolve: (s) => partId('ComparisonSummary', s.comparison),
    }),
    added: t.exposeInt('added'),
    removed: t.exposeInt('removed'),
    modified: t.exposeInt('modified'),
    unchanged: t.exposeInt('unchanged'),
    moved: t.exposeInt('moved'),
    renamed: t.exposeInt('renamed'),
    wordsAdded: t.exposeInt('wordsAdded'),
    wordsRemoved: t.exposeInt('wordsRemoved'),
  }),
});

const ChangeNoteRef = builder.objectRef<VersionRow>('ChangeNote').implement({
  fields: (t) => ({
    id: t.id({
      description: 'Cache key: the version (and its text) the note belongs to; not accepted by node',
      resolve: async (v, _args, ctx) => partId('ChangeNote', await versionKey(ctx, v)),
    }),
    label: t.exposeString('label'),
    publishedOn: t.field({ type: 'Date', resolve: (v) => v.publishedOn }),
    note: t.exposeString('changeNote'),
  }),
});

/** A comparison's key: the two texts compared (each version's key names its text). */
async function comparisonKey(ctx: Context, c: Comparison): Promise<string> {
  return compositeId(await versionKey(ctx, c.from), await versionKey(ctx, c.to));
}

export const ComparisonRef = builder.objectRef<Comparison>('Comparison').implement({
  fields: (t) => ({
    id: t.id({
      description:
        'Cache key: the two texts compared (a correction of either is another comparison); not accepted by node',
      resolve: async (c, _args, ctx) => partId('Comparison', await comparisonKey(ctx, c)),
    }),
    from: t.field({ type: VersionRef, resolve: (c) => c.from }),
    to: t.field({ type: VersionRef, resolve: (c) => c.to }),
    summary: t.field({
      type: ComparisonSummaryRef,
      resolve: async (c, _args, ctx) => ({
        ...c.summary,
        comparison: await comparisonKey(ctx, c),
        paragraphSummary: c.paragraphs,
      }),
    }),
    sections: t.field({
      type: [SectionChangeRef],
      description: 'In the order of `to`; a removed section follows the section it came after',
      args: { change: t.arg({ type: [SectionChangeTypeEnum] }) },
      resolve: async (c, { change }, ctx) => {
        const comparison = await comparisonKey(ctx, c);
        const wanted = change && change.length > 0 ? new Set<SectionChangeType>(change) : null;
        return c.sections.filter((s) => !wanted || wanted.has(s.change)).map((s) => ({ ...s, comparison }));
      },
    }),
    changeNotes: t.field({
      type: [ChangeNoteRef],
      description: 'Every version after `from` up to and including `to`, oldest first',
      resolve: async (c, _args, ctx) => {
        const versions = await loadVersions(ctx, { slug: c.slug, knownAt: c.from.knownAt });
        const fromIndex = versions.findIndex((v) => v.label === c.from.label);
        const toIndex = versions.findIndex((v) => v.label === c.to.label);
        // A draft is not among the published versions: its own note comes last.
        if (toIndex < 0) return [...versions.slice(fromIndex + 1), c.to];
        return versions.slice(fromIndex + 1, toIndex + 1);
      },
    }),
  }),
});

builder.objectField(DocumentRef, 'compare', (t) =>
  t.field({
    type: ComparisonRef,
    description: 'What changed from one version to another, section by section',
    args: { from: t.arg.string({ required: true }), to: t.arg.string({ required: true }) },
    resolve: async (d, args, ctx) => {
      const [from, to] = await Promise.all([side(ctx, d, args.from), side(ctx, d, args.to)]);
      return ctx.comparisons.compare(d.slug, from, to);
    },
  }),
);

/** A published version by label or, for editors and auditors, the open draft with that label. */
async function side(ctx: Context, d: DocumentRow, label: string): Promise<ComparedVersion> {
  const draft = d.knownAt === undefined ? await loadDraft(ctx, d.slug, label) : null;
  if (draft) {
    const sections = draft.sections.map((s, i) => ({ ...s, position: i + 1 }));
    return { row: draftAsVersion(draft), contentKey: `draft@${draft.revision}`, sections: () => sections };
  }
  const row = await loadVersion(ctx, d, label);
  const sections = await loadSections(ctx, row);
  const textAt = row.knownAt !== undefined && row.contentPosition > row.knownAt ? row.knownAt : row.contentPosition;
  return { row, contentKey: `text@${textAt}`, sections: () => sections };
}
