// Turns a document file into the command that saves it as the draft of a new version: the
// content is read (HTML, Markdown or DOCX) and its section keys carried over from the latest
// published version, so the draft compares with it by key. Used by the importDraft mutation and
// the import-document command line.
import type { DocumentCommand } from '../domain/documents/decide.ts';
import type { DocumentFormat } from '../domain/documents/import/index.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { DocumentQueries } from '../projections/documentQueries.ts';
import type { ImportReader } from './importReader.ts';

export interface ImportDraftRequest {
  slug: string;
  label: string;
  changeNote: string;
  format: DocumentFormat;
  /** The document's text; a DOCX file base64-encoded. */
  content: string;
}

/**
 * The SaveDraft command for an imported document. NotFoundError when the document is not
 * registered; ValidationError on `content` when the content cannot be read (see importSections)
 * or takes longer than the reader's time budget; BusyError when the reader's queue is full; the
 * signal's reason once `signal` fires (ImportReader.read, which reads it in a worker thread).
 */
export async function importDraftCommand(
  documents: DocumentQueries,
  reader: ImportReader,
  request: ImportDraftRequest,
  signal?: AbortSignal,
): Promise<DocumentCommand> {
  const { slug, label, changeNote, format, content } = request;
  if (documents.documents([slug]).length === 0) throw new NotFoundError('document', slug);
  const latest = documents.versions([slug]).at(-1);
  const previous = latest ? documents.sections([latest]) : [];
  const sections = await reader.read(format, content, previous, signal);
  return {
    type: 'SaveDraft',
    data: {
      slug,
      label,
      changeNote,
      sections: sections.map((s) => ({
        key: s.key,
        heading: s.heading,
        paragraphs: s.paragraphs,
        parentKey: s.parentKey,
        number: s.number,
        level: s.level,
      })),
    },
  };
}

/** The format a file's name says it is in: .html/.htm, .md/.markdown, .docx; null for any other. */
export function formatOfFile(name: string): DocumentFormat | null {
  const extension = name.toLowerCase().split('.').pop();
  if (extension === 'html' || extension === 'htm') return 'HTML';
  if (extension === 'md' || extension === 'markdown') return 'MARKDOWN';
  if (extension === 'docx') return 'DOCX';
  return null;
}
