// The editors' workflow: drafts, corrections, withdrawal, and the attributed history of a document.
import type { CorrectionRow, DocumentQueries, DocumentRow, DraftRow, HistoryRow, VersionRow } from '../projections/documentQueries.ts';
import { builder } from './builder.ts';
import { compareNumbers, pageSizeNote, resolveConnection, type ConnectionSource, type CursorFormat } from './connections.ts';
import type { Context } from './context.ts';
import { DocumentRef, loadVersion, runDocumentCommand, SectionInput, SectionRef, STAFF, VersionRef } from './document.ts';
import { MUTATION_ERRORS } from './errors.ts';


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
      description: 'The name of the editor who made the correction, for editors and auditors; null for the public (no token), since staff names are for staff',
      resolve: (c, _args, ctx) => (ctx.viewer.role === 'public' ? null : c.actor),
    }),
    reason: t.exposeString('reason'),
    position: t.string({ description: 'Position of the correction event in the log', resolve: (c) => c.position.toString() }),
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
    effectiveAt: t.exposeString('effectiveAt'),
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
  history: t.connection({
    type: HistoryEntryRef,
    authScopes: STAFF,
    description: `Every change to this document, newest first, with its actor, note and ids. ${pageSizeNote(HISTORY_PAGES)}`,
    resolve: (d, args, ctx) => resolveConnection(args, historyListing(ctx.services.documents, d.slug)),
  }, { name: 'DocumentHistoryConnection' }, { name: 'DocumentHistoryEdge' }),
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

// ---- mutations ----

const SaveDraftInput = builder.inputType('SaveDraftInput', {
  fields: (t) => ({
    slug: t.string({ required: true }),
    label: t.string({ required: true }),
    changeNote: t.string({ required: true }),
    sections: t.field({ type: [SectionInput], required: true }),
    expectedRevision: t.int(),
    idempotencyKey: t.string(),
  }),
});

const ReviseSectionInput = builder.inputType('ReviseSectionInput', {
  fields: (t) => ({
    slug: t.string({ required: true }),
    label: t.string({ required: true }),
    key: t.string({ required: true }),
    heading: t.string({ required: true }),
    body: t.string({ required: true }),
    expectedRevision: t.int(),
    idempotencyKey: t.string(),
  }),
});

const DiscardDraftInput = builder.inputType('DiscardDraftInput', {
  fields: (t) => ({
    slug: t.string({ required: true }),
    reason: t.string(),
    expectedRevision: t.int(),
    idempotencyKey: t.string(),
  }),
});

const PublishDraftInput = builder.inputType('PublishDraftInput', {
  fields: (t) => ({
    slug: t.string({ required: true }),
    label: t.string({ required: true }),
    publishedOn: t.field({ type: 'Date', required: true }),
    expectedRevision: t.int(),
    idempotencyKey: t.string(),
  }),
});

const CorrectVersionInput = builder.inputType('CorrectVersionInput', {
  fields: (t) => ({
    slug: t.string({ required: true }),
    label: t.string({ required: true }),
    sections: t.field({ type: [SectionInput], required: true }),
    reason: t.string({ required: true }),
    expectedRevision: t.int(),
    idempotencyKey: t.string(),
  }),
});

const WithdrawDocumentInput = builder.inputType('WithdrawDocumentInput', {
  fields: (t) => ({
    slug: t.string({ required: true }),
    reason: t.string({ required: true }),
    expectedRevision: t.int(),
    idempotencyKey: t.string(),
  }),
});

interface DocumentAndDraft {
  document: DocumentRow;
  draft: DraftRow | null;
}
interface DocumentAndVersion {
  document: DocumentRow;
  version: VersionRow;
}

const draftSuccess = (name: string) =>
  builder.objectRef<DocumentAndDraft>(name).implement({
    fields: (t) => ({
      document: t.field({ type: DocumentRef, resolve: (r) => r.document }),
      draft: t.field({ type: DraftRef, nullable: true, resolve: (r) => r.draft }),
    }),
  });

const versionSuccess = (name: string) =>
  builder.objectRef<DocumentAndVersion>(name).implement({
    fields: (t) => ({
      document: t.field({ type: DocumentRef, resolve: (r) => r.document }),
      version: t.field({ type: VersionRef, resolve: (r) => r.version }),
    }),
  });

const SaveDraftSuccess = draftSuccess('SaveDraftSuccess');
const ReviseSectionSuccess = draftSuccess('ReviseSectionSuccess');
const DiscardDraftSuccess = draftSuccess('DiscardDraftSuccess');
const PublishDraftSuccess = versionSuccess('PublishDraftSuccess');
const CorrectVersionSuccess = versionSuccess('CorrectVersionSuccess');
const WithdrawDocumentSuccess = builder.objectRef<{ document: DocumentRow }>('WithdrawDocumentSuccess').implement({
  fields: (t) => ({ document: t.field({ type: DocumentRef, resolve: (r) => r.document }) }),
});

async function withDraft(ctx: Context, document: DocumentRow): Promise<DocumentAndDraft> {
  ctx.loaders.draft.clear(document.slug);
  return { document, draft: await ctx.loaders.draft.load(document.slug) };
}

async function withVersion(ctx: Context, document: DocumentRow, label: string): Promise<DocumentAndVersion> {
  ctx.loaders.sections.clear({ slug: document.slug, label });
  ctx.loaders.corrections.clear({ slug: document.slug, label });
  return { document, version: await loadVersion(ctx, document, label) };
}

const errors = (union: string) => ({ types: MUTATION_ERRORS, union: { name: union } });

builder.mutationFields((t) => ({
  saveDraft: t.field({
    type: SaveDraftSuccess,
    description: 'Create or replace the draft of the next version',
    authScopes: { editor: true },
    errors: errors('SaveDraftResult'),
    args: { input: t.arg({ type: SaveDraftInput, required: true }) },
    resolve: async (_root, { input: { expectedRevision, idempotencyKey, ...data } }, ctx) =>
      withDraft(ctx, await runDocumentCommand(ctx, data.slug, { type: 'SaveDraft', data }, { expectedRevision, idempotencyKey })),
  }),
  reviseSection: t.field({
    type: ReviseSectionSuccess,
    description: "Change one section of the open draft",
    authScopes: { editor: true },
    errors: errors('ReviseSectionResult'),
    args: { input: t.arg({ type: ReviseSectionInput, required: true }) },
    resolve: async (_root, { input: { expectedRevision, idempotencyKey, ...data } }, ctx) =>
      withDraft(ctx, await runDocumentCommand(ctx, data.slug, { type: 'ReviseSection', data }, { expectedRevision, idempotencyKey })),
  }),
  discardDraft: t.field({
    type: DiscardDraftSuccess,
    authScopes: { editor: true },
    errors: errors('DiscardDraftResult'),
    args: { input: t.arg({ type: DiscardDraftInput, required: true }) },
    resolve: async (_root, { input: { expectedRevision, idempotencyKey, ...data } }, ctx) =>
      withDraft(ctx, await runDocumentCommand(ctx, data.slug, { type: 'DiscardDraft', data }, { expectedRevision, idempotencyKey })),
  }),
  publishDraft: t.field({
    type: PublishDraftSuccess,
    description: 'Publish the open draft as a new version',
    authScopes: { editor: true },
    errors: errors('PublishDraftResult'),
    args: { input: t.arg({ type: PublishDraftInput, required: true }) },
    resolve: async (_root, { input: { expectedRevision, idempotencyKey, ...data } }, ctx) =>
      withVersion(
        ctx,
        await runDocumentCommand(ctx, data.slug, { type: 'PublishDraft', data }, { expectedRevision, idempotencyKey }),
        data.label,
      ),
  }),
  correctVersion: t.field({
    type: CorrectVersionSuccess,
    description: 'Fix the text of a published version without making a new version',
    authScopes: { editor: true },
    errors: errors('CorrectVersionResult'),
    args: { input: t.arg({ type: CorrectVersionInput, required: true }) },
    resolve: async (_root, { input: { expectedRevision, idempotencyKey, ...data } }, ctx) =>
      withVersion(
        ctx,
        await runDocumentCommand(ctx, data.slug, { type: 'CorrectVersion', data }, { expectedRevision, idempotencyKey }),
        data.label,
      ),
  }),
  withdrawDocument: t.field({
    type: WithdrawDocumentSuccess,
    description: 'Take a document out of listings; its history stays readable',
    authScopes: { editor: true },
    errors: errors('WithdrawDocumentResult'),
    args: { input: t.arg({ type: WithdrawDocumentInput, required: true }) },
    resolve: async (_root, { input: { expectedRevision, idempotencyKey, ...data } }, ctx) => ({
      document: await runDocumentCommand(ctx, data.slug, { type: 'WithdrawDocument', data }, { expectedRevision, idempotencyKey }),
    }),
  }),
}));
