// The editors' view of a document: its draft, the corrections to its versions, and its attributed
// history (the mutations that make them are in documentMutations.ts).
import type {
  CorrectionRow,
  DocumentQueries,
  DraftRow,
  HistoryRow,
  VersionRow,
} from '../projections/documentQueries.ts';
import { builder } from './builder.ts';
import {
  compareNumbers,
  pageSizeNote,
  resolveConnection,
  type ConnectionSource,
  type CursorFormat,
} from './shared/connections.ts';
import type { Context } from './context.ts';
import { DocumentRef, SectionRef, VersionRef } from './document.ts';
import { STAFF } from './shared/access.ts';
import { effectiveTimeFields } from './shared/effectiveTime.ts';

export const DraftRef = builder.objectRef<DraftRow>('Draft').implement({
  description: 'The unpublished next version of a document, visible to editors and auditors only',
  fields: (t) => ({
    label: t.exposeString('label'),
    changeNote: t.exposeString('changeNote'),
    savedAt: t.field({ type: 'DateTime', resolve: (d) => d.savedAt }),
    savedBy: t.exposeString('actor'),
    revision: t.exposeInt('revision', { description: 'The document revision at which the draft was last saved' }),
    sections: t.field({
      type: [SectionRef],
      resolve: (d) => d.sections.map((s, i) => ({ slug: d.slug, label: d.label, position: i + 1, ...s })),
    }),
  }),
});

const CorrectionRef = builder.objectRef<CorrectionRow>('Correction').implement({
  description: 'A fix to the text of a published version; the original text stays in the log',
  fields: (t) => ({
    correctedAt: t.field({ type: 'DateTime', resolve: (c) => c.correctedAt }),
    actor: t.string({
      nullable: true,
      description:
        'The name of the editor who made the correction, for editors and auditors; null for the public (no token), since staff names are for staff',
      resolve: (c, _args, ctx) => (ctx.viewer.role === 'public' ? null : c.actor),
    }),
    reason: t.exposeString('reason'),
    position: t.string({
      description: 'Position of the correction event in the log',
      resolve: (c) => c.position.toString(),
    }),
  }),
});

builder.objectField(VersionRef, 'corrections', (t) =>
  t.field({
    type: [CorrectionRef],
    description: 'Corrections made to this version since it was published, oldest first',
    resolve: async (v, _args, ctx) => {
      const corrections = await ctx.loaders.corrections.load({ slug: v.slug, label: v.label });
      const bound = v.knownAt;
      return bound === undefined ? corrections : corrections.filter((c) => c.position <= bound);
    },
  }),
);

const HistoryEntryRef = builder.objectRef<HistoryRow>('HistoryEntry').implement({
  description: 'One recorded change to a document: what, who, when and why',
  fields: (t) => ({
    revision: t.exposeInt('revision'),
    position: t.string({ resolve: (h) => h.position.toString() }),
    type: t.exposeString('type'),
    label: t.exposeString('label', { nullable: true }),
    actor: t.exposeString('actor'),
    note: t.exposeString('note', { nullable: true, description: 'The change note or reason given' }),
    source: t.exposeString('source', { nullable: true }),
    ...effectiveTimeFields(t),
    recordedAt: t.field({ type: 'DateTime', resolve: (h) => h.recordedAt }),
    correlationId: t.exposeString('correlationId', { nullable: true }),
    causationId: t.exposeString('causationId', { nullable: true }),
  }),
});

const HISTORY_PAGES = { defaultSize: 20, maxSize: 100 };

/** A history cursor names its document too, so one from another document's history is refused. */
function historyCursor(slug: string): CursorFormat<number> {
  return {
    kind: 'history',
    write: (revision) => `${slug}:${revision}`,
    read: (text) => {
      const match = /^(.+):(\d{1,15})$/.exec(text);
      return match && match[1] === slug ? Number(match[2]) : null;
    },
  };
}

/** A document's history, newest first, as a connection reads it (exported for the pagination property test). */
export function historyListing(documents: DocumentQueries, slug: string): ConnectionSource<HistoryRow, number> {
  return {
    ...HISTORY_PAGES,
    cursor: historyCursor(slug),
    keyOf: (h) => h.revision,
    compare: (a, b) => compareNumbers(b, a),
    page: (window) => documents.history(slug, window),
  };
}

builder.objectFields(DocumentRef, (t) => ({
  draft: t.field({
    type: DraftRef,
    nullable: true,
    authScopes: STAFF,
    resolve: (d, _args, ctx) => ctx.loaders.draft.load(d.slug),
  }),
  history: t.connection(
    {
      type: HistoryEntryRef,
      authScopes: STAFF,
      description: `Every change to this document, newest first, with its actor, note and ids. ${pageSizeNote(HISTORY_PAGES)}`,
      resolve: (d, args, ctx) => resolveConnection(args, historyListing(ctx.services.documents, d.slug)),
    },
    { name: 'DocumentHistoryConnection' },
    { name: 'DocumentHistoryEdge' },
  ),
}));

/** A draft seen as a version, so it can be compared with a published one. */
export function draftAsVersion(draft: DraftRow): VersionRow {
  return {
    slug: draft.slug,
    label: draft.label,
    seq: Number.MAX_SAFE_INTEGER,
    publishedOn: draft.savedAt.slice(0, 10),
    changeNote: draft.changeNote,
    wordCount: draft.sections.reduce((n, s) => n + (s.body.match(/\S+/g)?.length ?? 0), 0),
    position: 0n,
    contentPosition: 0n,
    actor: draft.actor,
    source: null,
    recordedAt: draft.savedAt,
  };
}

/** The draft with this label, when the viewer may see drafts. */
export async function loadDraft(ctx: Context, slug: string, label: string): Promise<DraftRow | null> {
  if (ctx.viewer.role === 'public') return null;
  const draft = await ctx.loaders.draft.load(slug);
  return draft?.label === label ? draft : null;
}
