// Documents, their versions and sections (their mutations are in documentMutations.ts).
import { GraphQLError } from 'graphql';
import { DOCUMENT_KINDS, SLUG_PATTERN, type DocumentKind } from '../events/vocabulary.ts';
import type { DocumentQueries, DocumentRow, SectionRow, VersionRow } from '../projections/documentQueries.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import {
  compareText,
  pageSizeNote,
  resolveConnection,
  textCursor,
  type ConnectionSource,
} from './shared/connections.ts';
import { readLogPosition, requireDate, today } from './scalars.ts';
import { knownBound, recordedTimeArgs, staffForRecordedTime } from './shared/arguments.ts';
import { countWords } from '../events/text.ts';
import { atPosition, compositeId, mayReadRecordedTime, splitAtPosition, splitCompositeId } from './shared/identity.ts';

export const DocumentKindEnum = builder.enumType('DocumentKind', { values: DOCUMENT_KINDS });

export const SectionRef = builder.objectRef<SectionRow>('Section').implement({
  description: 'A chapter or section of a version, in reading order',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Stable across versions; comparisons match sections by it' }),
    heading: t.exposeString('heading'),
    body: t.exposeString('body'),
    position: t.exposeInt('position', { description: '1-based place in the version' }),
  }),
});

export const VersionRef = builder.objectRef<VersionRow>('DocumentVersion');

builder.node(VersionRef, {
  id: {
    resolve: (v, _args, ctx) => versionKey(ctx, v),
  },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => versionById(ctx, id))),
  description:
    'A published version of a document with one text: the text it was published with, or a correction of it. A correction (correctVersion) gives the version a new text and a new id, so the text as first published and the corrected text are never one cached object; label, publishedOn and changeNote stay the same across them',
  fields: (t) => ({
    label: t.exposeString('label'),
    publishedOn: t.field({ type: 'Date', resolve: (v) => v.publishedOn }),
    changeNote: t.exposeString('changeNote'),
    wordCount: t.int({
      resolve: async (v, _args, ctx) =>
        isPastText(v) ? (await loadSections(ctx, v)).reduce((n, s) => n + countWords(s.body), 0) : v.wordCount,
    }),
    textPosition: t.string({
      description:
        "Log position of the event that set this text: the version's publication or the correction that made it (a string: it can exceed 2^53)",
      resolve: async (v, _args, ctx) => (await textPosition(ctx, v)).toString(),
    }),
    document: t.field({
      type: DocumentRef,
      description: 'The document this is a version of, as it is now',
      resolve: async (v, _args, ctx) => {
        const document = await ctx.loaders.document.load(v.slug);
        if (!document) throw new Error(`Document ${v.slug} of version ${v.label} is missing from the read model`);
        return document;
      },
    }),
    sections: t.field({
      type: [SectionRef],
      resolve: (v, _args, ctx) => loadSections(ctx, v),
    }),
  }),
});

/**
 * The version's own key: document, label and the position of its text. A draft compared as a
 * version (draftAsVersion: position 0, which no published version has) is named by when it was
 * saved, so each saved text has its own key.
 */
export async function versionKey(ctx: Context, v: VersionRow): Promise<string> {
  return v.position === 0n
    ? compositeId(v.slug, v.label, `draft@${v.recordedAt}`)
    : compositeId(v.slug, v.label, await textPosition(ctx, v));
}

/** Whether the row stands for a text the version no longer has (seen at a position before a later correction). */
const isPastText = (v: VersionRow) => v.knownAt !== undefined && v.contentPosition > v.knownAt;

/** The log position of the event that set the text the row stands for: its publication or a correction. */
async function textPosition(ctx: Context, v: VersionRow): Promise<bigint> {
  const bound = v.knownAt;
  if (bound === undefined || !isPastText(v)) return v.contentPosition;
  const corrections = await ctx.loaders.corrections.load({ slug: v.slug, label: v.label });
  return corrections.reduce(
    (latest, c) => (c.position <= bound && c.position > latest ? c.position : latest),
    v.position,
  );
}

/** The version with one text, by its id: the current text for anyone, an earlier one for editors and auditors. */
async function versionById(ctx: Context, id: string): Promise<VersionRow | null> {
  const [slug, label, position] = splitCompositeId(id, 3) ?? [];
  const at = position ? readLogPosition(position) : null;
  if (!slug || !label || at === null) return null;
  const version = (await ctx.loaders.versions.load(slug)).find((v) => v.label === label);
  if (!version) return null;
  if (at === version.contentPosition) return version;
  if (!mayReadRecordedTime(ctx, at) || at > version.contentPosition || at < version.position) return null;
  const past = { ...version, knownAt: at };
  return (await textPosition(ctx, past)) === at ? past : null;
}

/** A version's sections; under knownAt, the text it had then (before any later correction). */
export function loadSections(ctx: Context, v: VersionRow): Promise<SectionRow[]> | SectionRow[] {
  if (v.knownAt !== undefined && v.contentPosition > v.knownAt) {
    return ctx.services.documents.textAt(v.slug, v.label, v.knownAt);
  }
  return ctx.loaders.sections.load({ slug: v.slug, label: v.label });
}

type DocumentView = Pick<DocumentRow, 'slug' | 'knownAt'>;

/** The versions of a document, oldest first; under knownAt, only those recorded by then. */
export async function loadVersions(ctx: Context, d: DocumentView): Promise<VersionRow[]> {
  const rows = await ctx.loaders.versions.load(d.slug);
  const bound = d.knownAt;
  if (bound === undefined) return rows;
  return rows.filter((v) => v.position <= bound).map((v) => ({ ...v, knownAt: bound }));
}

/** Finds one version of a document, or answers NOT_FOUND naming what is missing. */
export async function loadVersion(ctx: Context, d: DocumentView, label: string): Promise<VersionRow> {
  const version = (await loadVersions(ctx, d)).find((v) => v.label === label);
  if (!version) {
    throw new GraphQLError(`Document ${d.slug} has no version ${label}`, { extensions: { code: 'NOT_FOUND' } });
  }
  return version;
}

/** The latest version published on or before a date, among the given ones (oldest first). */
function latestOnOrBefore(versions: VersionRow[], date: string): VersionRow | null {
  let found: VersionRow | null = null;
  for (const v of versions) if (v.publishedOn <= date) found = v;
  return found;
}

export const DocumentRef = builder.objectRef<DocumentRow>('Document');

/** The document by id: `slug` now; `slug@position` as known then, for editors and auditors. */
async function documentById(ctx: Context, id: string): Promise<DocumentRow | null> {
  const state = splitAtPosition(id);
  if (!state || !mayReadRecordedTime(ctx, state.knownAt)) return null;
  const current = await ctx.loaders.document.load(state.key);
  if (!current || state.knownAt === undefined) return current;
  return ctx.services.documents.documentAt(current, state.knownAt);
}

builder.node(DocumentRef, {
  // The document now keeps its slug; as known at a past log position, `slug@position`.
  id: { resolve: (d) => atPosition(d.slug, d.knownAt) },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => documentById(ctx, id))),
  description:
    'A guidance document or other item whose versions the service records. Its id names the state: the document as it is now, or as known at a past log position (knownAt, atPosition), which has an id of its own',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    title: t.exposeString('title'),
    kind: t.field({ type: DocumentKindEnum, resolve: (d) => d.kind }),
    withdrawnAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the document was withdrawn from listings; its history stays readable',
      resolve: (d) => d.withdrawnAt,
    }),
    withdrawnReason: t.exposeString('withdrawnReason', { nullable: true }),
    revision: t.exposeInt('revision', {
      description: "The document stream's revision; pass it as expectedRevision to detect concurrent edits",
    }),
    knownAt: t.string({
      nullable: true,
      description:
        'The log position this view is bounded by, when the document was asked for as known at a past moment',
      deprecationReason: 'A log position under the name of the DateTime argument knownAt; use knownAtPosition',
      resolve: (d) => d.knownAt?.toString() ?? null,
    }),
    knownAtPosition: t.string({
      nullable: true,
      description:
        'The log position this view is bounded by, when the document was asked for as known at a past moment (knownAt or atPosition); null for the document now',
      resolve: (d) => d.knownAt?.toString() ?? null,
    }),
    versions: t.field({
      type: [VersionRef],
      description: 'Published versions, oldest first',
      resolve: (d, _args, ctx) => loadVersions(ctx, d),
    }),
    version: t.field({
      type: VersionRef,
      nullable: true,
      args: { label: t.arg.string({ required: true }) },
      resolve: async (d, { label }, ctx) => (await loadVersions(ctx, d)).find((v) => v.label === label) ?? null,
    }),
    inForce: t.field({
      type: VersionRef,
      nullable: true,
      description: 'The latest version published on or before asOf (default: today)',
      args: { asOf: t.arg({ type: 'Date' }) },
      resolve: async (d, { asOf }, ctx) => {
        const date = asOf ? requireDate(asOf, 'asOf') : today();
        if (d.knownAt !== undefined) return latestOnOrBefore(await loadVersions(ctx, d), date);
        return ctx.services.documents.inForce(d.slug, date);
      },
    }),
  }),
});

builder.queryFields((t) => ({
  document: t.field({
    type: DocumentRef,
    nullable: true,
    description:
      'A document as it is now, or (for editors and auditors) as this service knew it at a past instant or log position',
    args: { slug: t.arg.string({ required: true }), ...recordedTimeArgs(t.arg) },
    authScopes: staffForRecordedTime,
    resolve: async (_root, { slug, knownAt, atPosition }, ctx) => {
      const current = await ctx.loaders.document.load(slug);
      const bound = knownBound(ctx, knownAt, atPosition);
      if (!current || bound === null) return current;
      return ctx.services.documents.documentAt(current, bound);
    },
  }),
  documents: t.connection(
    {
      type: DocumentRef,
      description: `Documents by slug; withdrawn ones only for editors and auditors who ask for them. ${pageSizeNote(DOCUMENT_PAGES)}`,
      args: {
        kind: t.arg({ type: DocumentKindEnum }),
        includeWithdrawn: t.arg.boolean({ defaultValue: false }),
      },
      resolve: (_root, args, ctx) => {
        const includeWithdrawn = Boolean(args.includeWithdrawn) && ctx.viewer.role !== 'public';
        const connection = resolveConnection(
          args,
          documentListing(ctx.services.documents, args.kind ?? null, includeWithdrawn),
        );
        for (const { node } of connection.edges) ctx.loaders.document.prime(node.slug, node);
        return connection;
      },
    },
    { name: 'DocumentConnection' },
    { name: 'DocumentEdge' },
  ),
}));

const DOCUMENT_PAGES = { defaultSize: 20, maxSize: 100 };

/** Documents by slug as a connection reads them (exported for the pagination property test). */
export function documentListing(
  documents: DocumentQueries,
  kind: DocumentKind | null,
  includeWithdrawn: boolean,
): ConnectionSource<DocumentRow, string> {
  return {
    ...DOCUMENT_PAGES,
    cursor: textCursor('document', SLUG_PATTERN),
    keyOf: (d) => d.slug,
    compare: compareText,
    page: (window) => documents.page(kind, includeWithdrawn, window),
  };
}
