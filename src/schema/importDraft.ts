// importDraft: a document in HTML, Markdown or DOCX becomes the draft of a new version.
import { importDraftCommand } from '../app/importDocument.ts';
import { IMPORT_LIMITS } from '../domain/documents/import/index.ts';
import type { DocumentRow, DraftRow } from '../projections/documentQueries.ts';
import { builder } from './builder.ts';
import { DocumentRef, runDocumentCommand } from './document.ts';
import { DraftRef } from './editorial.ts';
import { MUTATION_ERRORS } from './errors.ts';

const DocumentFormatEnum = builder.enumType('DocumentFormat', {
  description: 'A file format importDraft reads',
  values: {
    HTML: { description: 'HTML (a GOV.UK HTML publication, a saved web page): headings h1..h6 start sections' },
    MARKDOWN: { description: 'CommonMark: # headings start sections' },
    DOCX: { description: "A Word document, base64-encoded: Word's heading styles start sections" },
  },
});

const ImportDraftInput = builder.inputType('ImportDraftInput', {
  fields: (t) => ({
    slug: t.string({ required: true }),
    label: t.string({ required: true, description: 'Label of the version the draft will become' }),
    changeNote: t.string({ required: true }),
    format: t.field({ type: DocumentFormatEnum, required: true }),
    content: t.string({
      required: true,
      description: `The document: its text, or for DOCX the file base64-encoded; at most ${IMPORT_LIMITS.contentLength} characters`,
    }),
    expectedRevision: t.int(),
    idempotencyKey: t.string(),
  }),
});

const ImportDraftSuccess = builder.objectRef<{ document: DocumentRow; draft: DraftRow | null }>('ImportDraftSuccess').implement({
  fields: (t) => ({
    document: t.field({ type: DocumentRef, resolve: (r) => r.document }),
    draft: t.field({ type: DraftRef, nullable: true, resolve: (r) => r.draft }),
  }),
});

builder.mutationField('importDraft', (t) =>
  t.field({
    type: ImportDraftSuccess,
    description:
      'Read a document and save it as the draft of a new version (replacing any open draft): headings become sections with their levels and printed numbers, paragraphs keep theirs, and section keys carry over from the latest published version by heading or content. publishDraft publishes it',
    authScopes: { editor: true },
    errors: { types: MUTATION_ERRORS, union: { name: 'ImportDraftResult' } },
    args: { input: t.arg({ type: ImportDraftInput, required: true }) },
    resolve: async (_root, { input: { expectedRevision, idempotencyKey, ...request } }, ctx) => {
      const command = await importDraftCommand(ctx.services.documents, request);
      const document = await runDocumentCommand(ctx, request.slug, command, { expectedRevision, idempotencyKey });
      ctx.loaders.draft.clear(document.slug);
      return { document, draft: await ctx.loaders.draft.load(document.slug) };
    },
  }),
);
