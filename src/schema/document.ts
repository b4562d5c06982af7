// Documents, their versions and sections; the editor mutations that register and publish them.
import { GraphQLError } from 'graphql';
import { documentDecider } from '../domain/documents/decide.ts';
import { documentStreamId } from '../domain/documents/document.ts';
import { DOCUMENT_KINDS, SLUG_PATTERN, type DocumentKind } from '../events/catalogue.ts';
import type { DocumentQueries, DocumentRow, SectionRow, VersionRow } from '../projections/documentQueries.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { executeAs, type MutationOptions } from './commands.ts';
import { compareText, pageSizeNote, resolveConnection, textCursor, type ConnectionSource } from './connections.ts';
import { MUTATION_ERRORS } from './errors.ts';
import { AT_POSITION_DESCRIPTION, parseLogPosition, requireDate, today } from './scalars.ts';

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

export const VersionRef = builder.objectRef<VersionRow>('DocumentVersion').implement({
  description: 'A published version of a document; immutable once published',
  fields: (t) => ({
    label: t.exposeString('label'),
    publishedOn: t.field({ type: 'Date', resolve: (v) => v.publishedOn }),
    changeNote: t.exposeString('changeNote'),
    wordCount: t.exposeInt('wordCount'),
    sections: t.field({
      type: [SectionRef],
      resolve: (v, _args, ctx) => loadSections(ctx, v),
    }),
  }),
});

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

builder.node(DocumentRef, {
  id: { resolve: (d) => d.slug },
  loadMany: (slugs, ctx) => Promise.all(slugs.map((slug) => ctx.loaders.document.load(slug))),
  description: 'A guidance document or other item whose versions the service records',
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
      description: 'The log position this view is bounded by, when the document was asked for as known at a past moment',
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
    args: {
      slug: t.arg.string({ required: true }),
      knownAt: t.arg({ type: 'DateTime', description: 'Answer as the service would have at this instant (recorded time)' }),
      atPosition: t.arg.string({ description: AT_POSITION_DESCRIPTION }),
    },
    authScopes: (_root, args) => (args.knownAt || args.atPosition ? STAFF : true),
    resolve: async (_root, { slug, knownAt, atPosition }, ctx) => {
      const current = await ctx.loaders.document.load(slug);
      const bound = knownBound(ctx, knownAt, atPosition);
      if (!current || bound === null) return current;
      return ctx.services.documents.documentAt(current, bound);
    },
  }),
  documents: t.connection({
    type: DocumentRef,
    description: `Documents by slug; withdrawn ones only for editors and auditors who ask for them. ${pageSizeNote(DOCUMENT_PAGES)}`,
    args: {
      kind: t.arg({ type: DocumentKindEnum }),
      includeWithdrawn: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (_root, args, ctx) => {
      const includeWithdrawn = Boolean(args.includeWithdrawn) && ctx.viewer.role !== 'public';
      const connection = resolveConnection(args, documentListing(ctx.services.documents, args.kind ?? null, includeWithdrawn));
      for (const { node } of connection.edges) ctx.loaders.document.prime(node.slug, node);
      return connection;
    },
  }, { name: 'DocumentConnection' }, { name: 'DocumentEdge' }),
}));

/** Editors and auditors may see unpublished and attributed material; the public may not. */
export const STAFF = { $any: { editor: true, auditor: true } } as const;

/** The log position a knownAt instant or atPosition argument stands for, or null for "now". */
export function knownBound(ctx: Context, knownAt: string | null | undefined, atPosition: string | null | undefined): bigint | null {
  if (atPosition !== null && atPosition !== undefined) return parseLogPosition(atPosition, 'atPosition');
  return knownAt ? ctx.services.audit.positionAt(knownAt) : null;
}

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

// ---- mutations ----

const ParagraphInput = builder.inputType('ParagraphInput', {
  description: 'One paragraph of a section, with the number the document prints before it, if any',
  fields: (t) => ({
    number: t.string({ description: 'The printed number, such as "12" or "2.3"' }),
    text: t.string({ required: true }),
  }),
});

export const SectionInput = builder.inputType('SectionInput', {
  fields: (t) => ({
    key: t.string({ required: true }),
    heading: t.string({ required: true }),
    body: t.string({
      description: 'The section\'s own text, paragraphs separated by a blank line; give this or `paragraphs`. Empty only for a section with subsections',
    }),
    paragraphs: t.field({ type: [ParagraphInput], description: 'The section\'s paragraphs one by one, instead of `body`' }),
    parentKey: t.string({ description: 'Key of the enclosing section, an earlier section of the same version; none for a chapter' }),
    number: t.string({ description: 'The number the document prints before the heading ("2", "2.3"), not its place in the list' }),
  }),
});

const RegisterDocumentInput = builder.inputType('RegisterDocumentInput', {
  fields: (t) => ({
    slug: t.string({ required: true }),
    title: t.string({ required: true }),
    kind: t.field({ type: DocumentKindEnum, required: true }),
    idempotencyKey: t.string(),
  }),
});

const PublishVersionInput = builder.inputType('PublishVersionInput', {
  fields: (t) => ({
    slug: t.string({ required: true }),
    label: t.string({ required: true }),
    publishedOn: t.field({ type: 'Date', required: true }),
    changeNote: t.string({ required: true }),
    sections: t.field({ type: [SectionInput], required: true }),
    expectedRevision: t.int(),
    idempotencyKey: t.string(),
  }),
});

const RegisterDocumentSuccess = builder.objectRef<{ document: DocumentRow }>('RegisterDocumentSuccess').implement({
  fields: (t) => ({ document: t.field({ type: DocumentRef, resolve: (r) => r.document }) }),
});

const PublishVersionSuccess = builder.objectRef<{ document: DocumentRow; version: VersionRow }>('PublishVersionSuccess').implement({
  fields: (t) => ({
    document: t.field({ type: DocumentRef, resolve: (r) => r.document }),
    version: t.field({ type: VersionRef, resolve: (r) => r.version }),
  }),
});

/** Runs a document command as the signed-in editor, then reads the document back. */
export async function runDocumentCommand(
  ctx: Context,
  slug: string,
  command: Parameters<typeof documentDecider.decide>[0],
  options: MutationOptions,
): Promise<DocumentRow> {
  await executeAs(ctx, documentDecider, documentStreamId(slug), command, options);
  ctx.loaders.document.clear(slug);
  ctx.loaders.versions.clear(slug);
  const document = await ctx.loaders.document.load(slug);
  if (!document) throw new Error(`Document ${slug} is missing from the read model after its command`);
  return document;
}

builder.mutationFields((t) => ({
  registerDocument: t.field({
    type: RegisterDocumentSuccess,
    authScopes: { editor: true },
    errors: { types: MUTATION_ERRORS, union: { name: 'RegisterDocumentResult' } },
    args: { input: t.arg({ type: RegisterDocumentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { idempotencyKey, ...data } = input;
      const document = await runDocumentCommand(ctx, data.slug, { type: 'RegisterDocument', data }, { idempotencyKey });
      return { document };
    },
  }),
  publishVersion: t.field({
    type: PublishVersionSuccess,
    authScopes: { editor: true },
    errors: { types: MUTATION_ERRORS, union: { name: 'PublishVersionResult' } },
    args: { input: t.arg({ type: PublishVersionInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { expectedRevision, idempotencyKey, ...data } = input;
      const document = await runDocumentCommand(ctx, data.slug, { type: 'PublishVersion', data }, {
        expectedRevision,
        idempotencyKey,
      });
      const version = await loadVersion(ctx, data, data.label);
      return { document, version };
    },
  }),
}));
