// importDraft: a document in HTML, Markdown or DOCX becomes the draft of a new version.
import { importDraftCommand } from '../app/importDocument.ts';
import { documentDecider } from '../domain/documents/decide.ts';
import { BusyError } from '../domain/errors.ts';
import { documentStreamId } from '../domain/documents/document.ts';
import { IMPORT_LIMITS } from '../domain/documents/import/index.ts';
import type { DocumentRow, DraftRow } from '../projections/documentQueries.ts';
import { builder } from './builder.ts';
import { DocumentRef } from './document.ts';
import { DraftRef } from './editorial.ts';
import { editorMutation, reload } from './shared/editorMutation.ts';
import { aboutPeopleFields, commandAbout } from './shared/aboutPeople.ts';
import { commandFields } from './shared/inputFields.ts';

const DocumentFormatEnum = builder.enumType('DocumentFormat', {
  description: 'A file format importDraft reads',
  values: {
    HTML: { description: 'HTML (a GOV.UK HTML publication, a saved web page): headings h1..h6 start sections' },
    MARKDOWN: { description: 'CommonMark: # headings start sections' },
    DOCX: { description: "A Word document, base64-encoded: Word's heading styles start sections" },
  },
});

editorMutation('importDraft', {
  description:
    'Read a document and save it as the draft of a new version (replacing any open draft): headings become sections with their levels and printed numbers, paragraphs keep theirs, and section keys carry over from the latest published version by heading or content. publishDraft publishes it',
  // A full queue of documents waiting to be read (IMPORT_PARSE_QUEUE_LIMIT) is no fault of the input.
  errors: [BusyError],
  success: (name) =>
    builder.objectRef<{ document: DocumentRow; draft: DraftRow | null }>(name).implement({
      fields: (t) => ({
        document: t.field({ type: DocumentRef, resolve: (r) => r.document }),
        draft: t.field({ type: DraftRef, nullable: true, resolve: (r) => r.draft }),
      }),
    }),
  input: (t) => ({
    slug: t.string({ required: true }),
    label: t.string({ required: true, description: 'Label of the version the draft will become' }),
    changeNote: t.string({ required: true }),
    format: t.field({ type: DocumentFormatEnum, required: true }),
    content: t.string({
      required: true,
      description: `The document: its text, or for DOCX the file base64-encoded; at most ${IMPORT_LIMITS.contentLength} characters`,
    }),
    ...aboutPeopleFields(t, 'change note'),
    ...commandFields(t),
  }),
  // Reading the content and carrying keys over needs the read models, so it runs before the command.
  command: async ({ expectedRevision, idempotencyKey, aboutPeople, aboutPersonIds, ...request }, ctx) => {
    // The document is read in a worker thread: this request's execution turn serves others meanwhile.
    const saveDraft = await ctx.awayFromTurn(() =>
      importDraftCommand(ctx.services.documents, ctx.services.importReader, request, ctx.signal),
    );
    return commandAbout(
      ctx,
      { aboutPeople, aboutPersonIds, idempotencyKey },
      documentDecider,
      documentStreamId(request.slug),
      (ids) => ({ ...saveDraft, data: { ...saveDraft.data, aboutPersonIds: ids } }) as typeof saveDraft,
      { expectedRevision, idempotencyKey },
    );
  },
  readBack: async (_recorded, { slug }, ctx) => ({
    document: await reload(ctx.loaders.document, slug, 'Document'),
    draft: await ctx.loaders.draft.load(slug),
  }),
});
