// A bound on how many blocks a Markdown document may have, checked before remark parses it.
// remark keeps tens of kilobytes of heap per block it reads (about 30 KB for a one-word list item:
// 80,000 "- item" lines took 2.5 GB), so the character limit on content alone lets a 4,000,000
// character document of tiny blocks exhaust the heap and stop the server for everyone. The scan is
// one linear pass over the text and counts at least as many blocks as remark finds (see
// `countMarkdownBlocks`), so a document it lets through parses within a bounded heap.
import { ValidationError } from '../../errors.ts';

/**
 * Blocks (headings, paragraphs, list items, block quotes, code blocks) a Markdown document may
 * have. Statutory guidance runs to a few thousand: Working Together 2023 has about 1,500
 * paragraphs and list items.
 */
export const MAX_MARKDOWN_BLOCKS = 10_000;

const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/**
 * Where the container marker at `k` of a line ending at `end` stops, or -1 when none starts there:
 * a block quote ">", or a list marker ("-", "*", "+", or up to nine digits and "." or ")") that
 * white space or the line's end follows, as CommonMark reads them ("-x" and "1.x" are text). Both
 * pre-parse checks walk a line's markers with it: the block count here and the nesting depth
 * (nesting.ts).
 */
export function containerMarkerEnd(markdown: string, k: number, end: number): number {
  const c = markdown.charCodeAt(k);
  if (c === 0x3e) return k + 1;
  let next = -1;
  if (c === 0x2d || c === 0x2a || c === 0x2b) next = k + 1;
  else if (isDigit(c)) {
    let d = k;
    while (d < end && d - k < 9 && isDigit(markdown.charCodeAt(d))) d += 1;
    const close = markdown.charCodeAt(d);
    if (d < end && (close === 0x2e || close === 0x29)) next = d + 1;
  }
  return next < 0 || (next < end && !isBlank(markdown.charCodeAt(next))) ? -1 : next;
}

/** The position of the first character at or after `k` (before `end`) that is not white space. */
export function skipBlanks(markdown: string, k: number, end: number): number {
  while (k < end && isBlank(markdown.charCodeAt(k))) k += 1;
  return k;
}

/**
 * An upper estimate of the blocks remark makes of `markdown`: every non-blank line that follows a
 * blank line (or starts the text) or starts with a heading "#", a fence "```" / "~~~", or a block
 * quote or list marker (">", "-", "*", "+", "1." or "1)") counts one block, and each further
 * marker opening the same line one more (a quote or list item inside it). Lazy continuation lines
 * of a paragraph count nothing. Linear in the text's length.
 */
export function countMarkdownBlocks(markdown: string, stopAfter = Number.POSITIVE_INFINITY): number {
  const n = markdown.length;
  let blocks = 0;
  let previousBlank = true;
  let at = 0;
  while (at < n && blocks <= stopAfter) {
    let end = markdown.indexOf('\n', at);
    if (end < 0) end = n;
    let k = at;
    while (k < end && isBlank(markdown.charCodeAt(k))) k += 1;
    if (k >= end) {
      previousBlank = true;
      at = end + 1;
      continue;
    }
    let markers = 0;
    for (;;) {
      k = skipBlanks(markdown, k, end);
      if (k >= end) break;
      const next = containerMarkerEnd(markdown, k, end);
      if (next < 0) break;
      markers += 1;
      k = next;
    }
    const c = k < end ? markdown.charCodeAt(k) : -1;
    const opens = previousBlank || markers > 0 || c === 0x23 || c === 0x60 || c === 0x7e;
    blocks += Math.max(opens ? 1 : 0, markers);
    previousBlank = false;
    at = end + 1;
  }
  return blocks;
}

/** ValidationError on `content` when the Markdown has more than `limit` blocks as `countMarkdownBlocks` counts them. */
export function checkMarkdownBlocks(markdown: string, limit = MAX_MARKDOWN_BLOCKS): void {
  if (countMarkdownBlocks(markdown, limit) > limit) {
    throw new ValidationError([
      {
        path: 'content',
        message: `a Markdown document may have at most ${limit} blocks (headings, paragraphs, list items, quotes)`,
      },
    ]);
  }
}
