// Plain-text measures shared by the domain (comparisons) and the read models (word counts), so
// both count a body's words the same way.

/** How many runs of non-white-space `text` has (what /\S+/g would match), without building the matches. */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i += 1) {
    const space = isWhiteSpace(text.charCodeAt(i));
    if (!space && !inWord) words += 1;
    inWord = !space;
  }
  return words;
}

/** The characters JavaScript's \s matches: ASCII space and controls, and Unicode's spaces and separators. */
export function isWhiteSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const BLANK_LINE = /\n[ \t\r\f\v]*\n/;

/** The paragraphs of a body: its blank-line-separated blocks, trimmed, empty ones dropped. */
export function splitParagraphs(body: string): string[] {
  return body
    .split(BLANK_LINE)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** A section's paragraphs from its body and, when stored, their printed numbers (matched by order). */
export function paragraphsOf(
  body: string,
  numbers?: readonly (string | null)[] | null,
): { number: string | null; text: string }[] {
  return splitParagraphs(body).map((text, i) => ({ number: numbers?.[i] ?? null, text }));
}
