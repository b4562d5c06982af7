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
      while (k < end && isBlank(markdown.charCodeAt(k))) k += 1;
      if (k >= end) break;
      const c = markdown.charCodeAt(k);
      let next = -1;
      if (c === 0x3e) next = k + 1;
      else if ((c === 0x2d || c === 0x2a || c === 0x2b) && (k + 1 >= end || isBlank(markdown.charCodeAt(k + 1))))
        next = k + 1;
      else if (isDigit(c)) {
        let d = k;
        while (d < end && d - k < 9 && isDigit(markdown.charCodeAt(d))) d += 1;
        const close = markdown.charCodeAt(d);
        if (d < end && (close === 0x2e || close === 0x29)) next = d + 1;
      }
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
