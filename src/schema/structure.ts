// A version's structure (levels, parents, printed numbers), its paragraphs with blame, and the
// paragraph-level comparison.
import type { ComparedVersion } from '../app/comparisons.ts';
import type { ParagraphChange, ParagraphChangeType } from '../domain/documents/paragraphs.ts';
import type { SectionRow, VersionRow } from '../projections/documentQueries.ts';
import { builder } from './builder.ts';
import { contentId, versionMark } from './shared/identity.ts';
import { ComparisonRef, ComparisonSummaryRef, DiffPartRef } from './comparison.ts';
import type { Context } from './context.ts';
import { loadSections, loadVersions, SectionRef, VersionRef } from './document.ts';
import { draftAsVersion, loadDraft } from './editorial.ts';

interface ParagraphView {
  number: string | null;
  text: string;
  introducedIn: VersionRow;
  lastChangedIn: VersionRow;
}

const ParagraphRef = builder.objectRef<ParagraphView>('Paragraph').implement({
  description: 'A paragraph of a section, with the versions that brought it in and last changed it (blame)',
  fields: (t) => ({
    id: t.id({
      description:
        'Cache key derived from the paragraph, its number and the versions named by its blame; not accepted by node',
      resolve: (p) =>
        contentId('Paragraph', [p.number, p.text, versionMark(p.introducedIn), versionMark(p.lastChangedIn)]),
    }),
    number: t.exposeString('number', {
      nullable: true,
      description: 'The number the document prints before it, if any',
    }),
    text: t.exposeString('text', { description: 'The paragraph as this version has it' }),
    introducedIn: t.field({
      type: VersionRef,
      description:
        'The earliest version with this paragraph, found by following paragraph matches back (a draft when it is new there)',
      resolve: (p) => p.introducedIn,
    }),
    lastChangedIn: t.field({
      type: VersionRef,
      description: 'The latest version that changed its text (a move without edits is no change)',
      resolve: (p) => p.lastChangedIn,
    }),
  }),
});

/** One side of a blame or comparison: a version with its sections, cached by the position that set its text. */
export async function comparedVersion(ctx: Context, row: VersionRow): Promise<ComparedVersion> {
  const sections = await loadSections(ctx, row);
  const textAt = row.knownAt !== undefined && row.contentPosition > row.knownAt ? row.knownAt : row.contentPosition;
  return { row, contentKey: `text@${textAt}`, sections: () => sections };
}

/** The versions up to and including the section's own (oldest first); a draft comes after every published version. */
async function versionsUpTo(ctx: Context, section: SectionRow): Promise<ComparedVersion[]> {
  const versions = await loadVersions(ctx, { slug: section.slug });
  const index = versions.findIndex((v) => v.label === section.label);
  if (index >= 0) return Promise.all(versions.slice(0, index + 1).map((v) => comparedVersion(ctx, v)));
  const draft = await loadDraft(ctx, section.slug, section.label);
  const published = await Promise.all(versions.map((v) => comparedVersion(ctx, v)));
  if (!draft) return published;
  const sections = draft.sections.map((s, i) => ({ ...s, position: i + 1 }));
  return [
    ...published,
    { row: draftAsVersion(draft), contentKey: `draft@${draft.revision}`, sections: () => sections },
  ];
}

builder.objectFields(SectionRef, (t) => ({
  id: t.id({
    description:
      "Cache key derived from the section's document, version, key and everything it shows; not accepted by node",
    resolve: (s) =>
      contentId('Section', [
        s.slug,
        s.label,
        s.key,
        s.heading,
        s.body,
        s.position,
        s.level,
        s.parentKey,
        s.number,
        s.paragraphNumbers,
      ]),
  }),
  level: t.exposeInt('level', { description: '1 for a chapter, 2 for a section within it, and so on' }),
  parentKey: t.exposeString('parentKey', {
    nullable: true,
    description: 'Key of the enclosing section; null for a chapter',
  }),
  number: t.exposeString('number', {
    nullable: true,
    description:
      'The number the document prints before the heading ("2", "2.3"); `position` is only the place in the list',
  }),
  paragraphs: t.field({
    type: [ParagraphRef],
    description:
      "The section's paragraphs (blocks of the body separated by a blank line), each with the versions that introduced and last changed it. Blame reads the current text of this version and of every earlier one: under knownAt or atPosition, a correction recorded after that position is counted, and the paragraphs listed are those of the current text, which may then differ from `body`",
    resolve: async (section, _args, ctx) => {
      const chain = await versionsUpTo(ctx, section);
      const blamed = ctx.comparisons.blame(section.slug, chain).bySection.get(section.key) ?? [];
      return blamed.map((p) => ({
        number: p.number,
        text: p.text,
        introducedIn: chain[p.introducedIn]!.row,
        lastChangedIn: chain[p.lastChangedIn]!.row,
      }));
    },
  }),
}));

const ParagraphChangeTypeEnum = builder.enumType('ParagraphChangeType', {
  description:
    'What happened to a paragraph between two versions: added, removed, its text modified, or its text unchanged (a move is reported by `moved`)',
  values: ['ADDED', 'REMOVED', 'MODIFIED', 'UNCHANGED'] as const,
});

const ParagraphChangeRef = builder.objectRef<ParagraphChange>('ParagraphChange').implement({
  description:
    'What happened to one paragraph between two versions; a paragraph moved, even to another section, is one change',
  fields: (t) => ({
    id: t.id({
      description: 'Cache key derived from everything the change shows; not accepted by node',
      resolve: (p) => contentId('ParagraphChange', p),
    }),
    change: t.field({
      type: ParagraphChangeTypeEnum,
      description: 'Added, removed, modified or unchanged text',
      resolve: (p) => p.change,
    }),
    fromSectionKey: t.exposeString('fromSectionKey', {
      nullable: true,
      description: 'Key of its section in `from`; null for an added paragraph',
    }),
    toSectionKey: t.exposeString('toSectionKey', {
      nullable: true,
      description: 'Key of its section in `to`; null for a removed paragraph',
    }),
    fromNumber: t.exposeString('fromNumber', { nullable: true, description: 'Its printed number in `from`' }),
    toNumber: t.exposeString('toNumber', { nullable: true, description: 'Its printed number in `to`' }),
    fromIndex: t.exposeInt('fromIndex', { nullable: true, description: '1-based place in its section in `from`' }),
    toIndex: t.exposeInt('toIndex', { nullable: true, description: '1-based place in its section in `to`' }),
    text: t.exposeString('text', { description: 'The later text; the earlier one for a removed paragraph' }),
    moved: t.exposeBoolean('moved', {
      description:
        'It moved to another section, or its order among the paragraphs of its section changed (not merely pushed down)',
    }),
    movedAcrossSections: t.exposeBoolean('movedAcrossSections', {
      description: 'Its section in `to` is not the one its section in `from` is paired with',
    }),
    similarity: t.float({
      nullable: true,
      description: 'How alike the two texts are, 0..1 to 3 places (1 for identical text); null when unpaired',
      resolve: (p) => p.similarity,
    }),
    wordsAdded: t.exposeInt('wordsAdded', {
      description: 'Words of the later text not kept whole from the earlier one',
    }),
    wordsRemoved: t.exposeInt('wordsRemoved', {
      description:
        'Words of the earlier text not kept whole in the later one; wordsAdded − wordsRemoved is the change in its word count',
    }),
    diff: t.field({ type: [DiffPartRef], description: 'Word-level changes', resolve: (p) => p.diff }),
  }),
});

builder.objectField(ComparisonRef, 'paragraphs', (t) =>
  t.field({
    type: [ParagraphChangeRef],
    description:
      'Every paragraph of either version, in the order of `to`; a removed paragraph follows the one it came after',
    args: { change: t.arg({ type: [ParagraphChangeTypeEnum] }) },
    resolve: (c, { change }) => {
      const { paragraphs } = c.paragraphs();
      if (!change || change.length === 0) return paragraphs;
      const wanted = new Set<ParagraphChangeType>(change);
      return paragraphs.filter((p) => wanted.has(p.change));
    },
  }),
);

builder.objectFields(ComparisonSummaryRef, (t) => ({
  paragraphsAdded: t.int({
    description: 'Paragraphs only in `to`',
    resolve: (s) => s.paragraphSummary().summary.paragraphsAdded,
  }),
  paragraphsRemoved: t.int({
    description: 'Paragraphs only in `from`',
    resolve: (s) => s.paragraphSummary().summary.paragraphsRemoved,
  }),
  paragraphsModified: t.int({
    description: 'Paired paragraphs whose text changed',
    resolve: (s) => s.paragraphSummary().summary.paragraphsModified,
  }),
  paragraphsUnchanged: t.int({
    description: 'Paired paragraphs with the same text (moved or not)',
    resolve: (s) => s.paragraphSummary().summary.paragraphsUnchanged,
  }),
  paragraphsMoved: t.int({
    description: 'Paired paragraphs that moved, within or across sections',
    resolve: (s) => s.paragraphSummary().summary.paragraphsMoved,
  }),
  paragraphsMovedAcrossSections: t.int({
    description: 'Paired paragraphs now in a section other than the one their section is paired with',
    resolve: (s) => s.paragraphSummary().summary.paragraphsMovedAcrossSections,
  }),
}));
