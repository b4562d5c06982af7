// Turns a document in HTML, Markdown or Word (.docx) into the sections of a version, with keys
// carried over from the previous version. Pure: the content is in memory, nothing is fetched or
// stored; bad content is a ValidationError on `content`.
import { ValidationError } from '../../errors.ts';
import { LIMITS } from '../decide.ts';
import { assignKeys, type PreviousSection } from '../keys.ts';
import type { ParsedSection, StructuredSection } from '../structure.ts';
import { isZip, parseDocx } from './docx.ts';
import { checkZipBounds, ZipRefusal } from './zipBounds.ts';
import { hasMarkup, parseHtml } from './html.ts';
import { htmlBlocks, parseMarkdown } from './markdown.ts';

export const DOCUMENT_FORMATS = ['HTML', 'MARKDOWN', 'DOCX'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export const IMPORT_LIMITS = {
  /** Characters of content: text for HTML and Markdown, base64 for DOCX (about 3 MB of file). */
  contentLength: 4_000_000,
  /**
   * Sections (headings) in one document: as many as a version may have (decide.ts LIMITS), checked
   * before keying them against the previous version, which grows with their square, so a document
   * the version would refuse is refused before that work.
   */
  sections: LIMITS.sections,
} as const;

const invalid = (message: string) => new ValidationError([{ path: 'content', message }]);

/** Base64 as RFC 4648 writes it (standard alphabet, padded), white space allowed between lines. */
function decodeBase64(content: string): Uint8Array {
  const compact = content.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    throw invalid('a DOCX document must be given as base64');
  }
  return Buffer.from(compact, 'base64');
}

async function parse(format: DocumentFormat, content: string): Promise<ParsedSection[]> {
  switch (format) {
    case 'HTML':
      if (content.includes('\u0000')) throw invalid('this is not HTML: it holds NUL characters (binary data)');
      if (!hasMarkup(content)) throw invalid('this is not HTML: it has no elements');
      return parseHtml(content);
    case 'MARKDOWN': {
      if (content.includes('\u0000')) throw invalid('this is not Markdown: it holds NUL characters (binary data)');
      const blocks = htmlBlocks(content);
      if (blocks.total > 0 && blocks.html === blocks.total)
        throw invalid('this is HTML, not Markdown: import it with format HTML');
      return parseMarkdown(content);
    }
    case 'DOCX': {
      const bytes = decodeBase64(content);
      if (!isZip(bytes)) throw invalid('this is not a DOCX document: a DOCX file is a zip archive');
      try {
        checkZipBounds(bytes);
      } catch (error) {
        if (error instanceof ZipRefusal) {
          throw invalid(
            error.malformed
              ? `this is not a DOCX document Word can open: ${error.message}`
              : `this DOCX document is refused: ${error.message}`,
          );
        }
        throw error;
      }
      try {
        return await parseDocx(bytes);
      } catch (error) {
        if (error instanceof ValidationError) throw error;
        throw invalid(
          `this is not a DOCX document Word can open: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
}

/** Drops headings with no text and no subsections under them (a "Contents" heading over a skipped navigation block). */
function withoutEmptyLeaves(sections: ParsedSection[]): ParsedSection[] {
  const kept: ParsedSection[] = [];
  for (let i = sections.length - 1; i >= 0; i -= 1) {
    const s = sections[i]!;
    if (s.paragraphs.length > 0 || (kept.at(-1)?.level ?? 0) > s.level) kept.push(s);
  }
  return kept.reverse();
}

/**
 * The sections of a document given in `format` (DOCX as base64), keyed against `previous` (the
 * previous version's sections, in order; empty for a first version). ValidationError on
 * `content` when it is over IMPORT_LIMITS.contentLength, not the declared format, over IMPORT_LIMITS.sections
 * sections, nested deeper than MAX_MARKUP_NESTING (HTML) or MAX_MARKDOWN_NESTING (Markdown) before parsing or MAX_NESTING after (nesting.ts), a DOCX archive over ZIP_LIMITS (zipBounds.ts: bytes once inflated, entries), or has no headings or no text.
 */
export async function importSections(
  format: DocumentFormat,
  content: string,
  previous: readonly PreviousSection[],
): Promise<StructuredSection[]> {
  if (content.length > IMPORT_LIMITS.contentLength) {
    throw invalid(`must be at most ${IMPORT_LIMITS.contentLength} characters (this is ${content.length})`);
  }
  const parsed = withoutEmptyLeaves(await parse(format, content));
  if (parsed.length === 0)
    throw invalid('the document has no headings with text under them: each section starts at a heading');
  if (parsed.length > IMPORT_LIMITS.sections)
    throw invalid(`must have at most ${IMPORT_LIMITS.sections} sections (this has ${parsed.length})`);
  return assignKeys(parsed, previous);
}
