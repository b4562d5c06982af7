// A version as a tree: sections with a level, an optional parent and the number the document
// prints, made of paragraphs with their printed numbers. Pure: no I/O.
//
// A section's text is stored once, as its body; its paragraphs are the body's blank-line-separated
// blocks, so a body typed by hand and one built from paragraphs read back the same. Printed
// paragraph numbers, when the document has them, are kept beside the body, one per paragraph.

import { paragraphsOf, splitParagraphs } from '../../events/text.ts';

export { paragraphsOf, splitParagraphs };

export interface ParagraphText {
  /** The number the document prints before the paragraph ("3", "2.4"), or null when it prints none. */
  number: string | null;
  text: string;
}

/** A section as an importer reads it, before it has a key. */
export interface ParsedSection {
  heading: string;
  /** 1 for a chapter, 2 for a section within it, and so on (HTML h1..h6, Markdown #..######). */
  level: number;
  /** The number printed before the heading ("2", "2.3"), without a trailing full stop. */
  number: string | null;
  paragraphs: ParagraphText[];
}

/** A section of a structured version. */
export interface StructuredSection extends ParsedSection {
  key: string;
  /** Key of the nearest earlier section of a lower level, or null for a top-level section. */
  parentKey: string | null;
}

/** A paragraph's text as a body block: white space runs within it become one space, so no blank line splits it. */
export function normaliseParagraph(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The body that stores these paragraphs (their texts, each normalised, separated by a blank line). */
export function bodyOf(paragraphs: readonly ParagraphText[]): string {
  return paragraphs
    .map((p) => normaliseParagraph(p.text))
    .filter((t) => t !== '')
    .join('\n\n');
}

/**
 * The printed numbers of paragraphs, or undefined when none has one (the common case for text
 * typed by hand, which then stores nothing extra).
 */
export function paragraphNumbersOf(paragraphs: readonly ParagraphText[]): (string | null)[] | undefined {
  const kept = paragraphs.filter((p) => normaliseParagraph(p.text) !== '');
  return kept.some((p) => p.number !== null) ? kept.map((p) => p.number) : undefined;
}

/**
 * A number printed at the start of a heading or paragraph, followed by white space and text:
 * "12. …", "2.3 …", "2.3. …". A bare number without a full stop ("2023 saw …") is text, not a
 * number, except at the start of a heading (see HEADING_NUMBER). Applied to text already taken out
 * of the markup.
 */
const PRINTED_NUMBER = /^(\d{1,4}(?:\.\d{1,4}){0,5})(\.?)[ \t\u00a0]+(?=\S)/;

/**
 * Headings in Word and PDF guidance often print a chapter's number with no full stop ("1
 * Introduction", "12 Annex"). A heading that starts with one or two digits, a space and a capital
 * letter is read as numbered; a year or a count ("2023 changes", "3 things to know") stays text.
 */
const HEADING_NUMBER = /^\d{1,2}[ \t\u00a0]+\p{Lu}/u;

/**
 * Splits a printed number from the start of a heading or paragraph, if it has one. `heading` also
 * reads a bare chapter number (HEADING_NUMBER).
 */
export function splitPrintedNumber(text: string, heading = false): ParagraphText {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  const match = PRINTED_NUMBER.exec(trimmed);
  if (!match) return { number: null, text: trimmed };
  const bare = match[2] === '' && !match[1]!.includes('.');
  if (bare && !(heading && HEADING_NUMBER.test(trimmed))) return { number: null, text: trimmed };
  return { number: match[1]!, text: trimmed.slice(match[0].length).trim() };
}

/** Each section's parent: the nearest earlier section of a lower level. */
export function parentKeys(sections: readonly { key: string; level: number }[]): (string | null)[] {
  const open: { key: string; level: number }[] = [];
  return sections.map((s) => {
    while (open.length > 0 && open.at(-1)!.level >= s.level) open.pop();
    const parent = open.at(-1)?.key ?? null;
    open.push(s);
    return parent;
  });
}
