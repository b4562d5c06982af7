// The editor mutations on a document: register it, publish versions directly or through a draft,
// correct a published version, withdraw the document. Each reads the document back after its command.
import { documentDecider, type DocumentCommand } from '../domain/documents/decide.ts';
import { documentStreamId } from '../domain/documents/document.ts';
import type { DocumentRow, DraftRow, VersionRow } from '../projections/documentQueries.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { DocumentKindEnum, DocumentRef, loadVersion, VersionRef } from './document.ts';
import { DraftRef } from './editorial.ts';
import { aboutPeopleFields, commandAbout, type AboutPeopleInput } from './shared/aboutPeople.ts';
import { commandFields, idempotencyKeyField } from './shared/inputFields.ts';
import { command, editorMutation, reload } from './shared/editorMutation.ts';

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
      description:
        "The section's own text, paragraphs separated by a blank line; give this or `paragraphs`. Empty only for a section with subsections",
    }),
    paragraphs: t.field({
      type: [ParagraphInput],
      description: "The section's paragraphs one by one, instead of `body`",
    }),
    parentKey: t.string({
      description: 'Key of the enclosing section, an earlier section of the same version; none for a chapter',
    }),
    number: t.string({
      description: 'The number the document prints before the heading ("2", "2.3"), not its place in the list',
    }),
  }),
});

type CommandInput<T extends DocumentCommand['type']> = Extract<DocumentCommand, { type: T }>['data'] & {
  slug: string;
  expectedRevision?: number | null;
  idempotencyKey?: string | null;
};

/** The command of this type on the document the input names; the rest of the input is its data. */
function documentCommand<T extends DocumentCommand['type']>(type: T) {
  return ({ expectedRevision, idempotencyKey, ...data }: CommandInput<T>) =>
    command(documentDecider, documentStreamId(data.slug), { type, data } as DocumentCommand, {
      expectedRevision,
      idempotencyKey,
    });
}

type AboutCommandInput<T extends DocumentCommand['type']> = Omit<CommandInput<T>, 'aboutPersonIds'> & AboutPeopleInput;

/**
 * The command of this type whose free text (change note, reason) may name people: those named
 * are checked (or recorded, when named for the first time) and the text is sealed with their keys.
 */
function documentCommandAbout<T extends DocumentCommand['type']>(type: T) {
  return (
    { expectedRevision, idempotencyKey, aboutPeople, aboutPersonIds, ...data }: AboutCommandInput<T>,
    ctx: Context,
  ) =>
    commandAbout(
      ctx,
      { aboutPeople, aboutPersonIds, idempotencyKey },
      documentDecider,
      documentStreamId(data.slug),
      (ids) => ({ type, data: { ...data, aboutPersonIds: ids } }) as DocumentCommand,
      { expectedRevision, idempotencyKey },
    );
}

const documentNow = (ctx: Context, slug: string) => reload(ctx.loaders.document, slug, 'Document');

async function withDraft(ctx: Context, slug: string): Promise<{ document: DocumentRow; draft: DraftRow | null }> {
  return { document: await documentNow(ctx, slug), draft: await ctx.loaders.draft.load(slug) };
}

async function withVersion(
  ctx: Context,
  slug: string,
  label: string,
): Promise<{ document: DocumentRow; version: VersionRow }> {
  const document = await documentNow(ctx, slug);
  return { document, version: await loadVersion(ctx, document, label) };
}

const documentSuccess = (name: string) =>
  builder.objectRef<{ document: DocumentRow }>(name).implement({
    fields: (t) => ({ document: t.field({ type: DocumentRef, resolve: (r) => r.document }) }),
  });

const draftSuccess = (name: string) =>
  builder.objectRef<{ document: DocumentRow; draft: DraftRow | null }>(name).implement({
    fields: (t) => ({
      document: t.field({ type: DocumentRef, resolve: (r) => r.document }),
      draft: t.field({ type: DraftRef, nullable: true, resolve: (r) => r.draft }),
    }),
  });

const versionSuccess = (name: string) =>
  builder.objectRef<{ document: DocumentRow; version: VersionRow }>(name).implement({
    fields: (t) => ({
      document: t.field({ type: DocumentRef, resolve: (r) => r.document }),
      version: t.field({ type: VersionRef, resolve: (r) => r.version }),
    }),
  });

editorMutation('registerDocument', {
  success: documentSuccess,
  input: (t) => ({
    slug: t.string({ required: true }),
    title: t.string({ required: true }),
    kind: t.field({ type: DocumentKindEnum, required: true }),
    idempotencyKey: idempotencyKeyField(t),
  }),
  command: documentCommand('RegisterDocument'),
  readBack: async (_recorded, { slug }, ctx) => ({ document: await documentNow(ctx, slug) }),
});

editorMutation('publishVersion', {
  success: versionSuccess,
  input: (t) => ({
    slug: t.string({ required: true }),
    label: t.string({ required: true }),
    publishedOn: t.field({ type: 'Date', required: true }),
    changeNote: t.string({ required: true }),
    sections: t.field({ type: [SectionInput], required: true }),
    ...aboutPeopleFields(t, 'change note'),
    ...commandFields(t),
  }),
  command: documentCommandAbout('PublishVersion'),
  readBack: (_recorded, { slug, label }, ctx) => withVersion(ctx, slug, label),
});

editorMutation('saveDraft', {
  description: 'Create or replace the draft of the next version',
  success: draftSuccess,
  input: (t) => ({
    slug: t.string({ required: true }),
    label: t.string({ required: true }),
    changeNote: t.string({ required: true }),
    sections: t.field({ type: [SectionInput], required: true }),
    ...aboutPeopleFields(t, 'change note'),
    ...commandFields(t),
  }),
  command: documentCommandAbout('SaveDraft'),
  readBack: (_recorded, { slug }, ctx) => withDraft(ctx, slug),
});

editorMutation('reviseSection', {
  description: 'Change one section of the open draft',
  success: draftSuccess,
  input: (t) => ({
    slug: t.string({ required: true }),
    label: t.string({ required: true }),
    key: t.string({ required: true }),
    heading: t.string({ required: true }),
    body: t.string({ required: true }),
    ...commandFields(t),
  }),
  command: documentCommand('ReviseSection'),
  readBack: (_recorded, { slug }, ctx) => withDraft(ctx, slug),
});

editorMutation('discardDraft', {
  success: draftSuccess,
  input: (t) => ({
    slug: t.string({ required: true }),
    reason: t.string(),
    ...aboutPeopleFields(t, 'reason'),
    ...commandFields(t),
  }),
  command: documentCommandAbout('DiscardDraft'),
  readBack: (_recorded, { slug }, ctx) => withDraft(ctx, slug),
});

editorMutation('publishDraft', {
  description: 'Publish the open draft as a new version',
  success: versionSuccess,
  input: (t) => ({
    slug: t.string({ required: true }),
    label: t.string({ required: true }),
    publishedOn: t.field({ type: 'Date', required: true }),
    ...commandFields(t),
  }),
  command: documentCommand('PublishDraft'),
  readBack: (_recorded, { slug, label }, ctx) => withVersion(ctx, slug, label),
});

editorMutation('correctVersion', {
  description: 'Fix the text of a published version without making a new version',
  success: versionSuccess,
  input: (t) => ({
    slug: t.string({ required: true }),
    label: t.string({ required: true }),
    sections: t.field({ type: [SectionInput], required: true }),
    reason: t.string({ required: true }),
    ...aboutPeopleFields(t, 'reason'),
    ...commandFields(t),
  }),
  command: documentCommandAbout('CorrectVersion'),
  readBack: (_recorded, { slug, label }, ctx) => withVersion(ctx, slug, label),
});

editorMutation('withdrawDocument', {
  description: 'Take a document out of listings; its history stays readable',
  success: documentSuccess,
  input: (t) => ({
    slug: t.string({ required: true }),
    reason: t.string({ required: true }),
    ...aboutPeopleFields(t, 'reason'),
    ...commandFields(t),
  }),
  command: documentCommandAbout('WithdrawDocument'),
  readBack: async (_recorded, { slug }, ctx) => ({ document: await documentNow(ctx, slug) }),
});
