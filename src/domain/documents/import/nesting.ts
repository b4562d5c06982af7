// Bounds on how deeply a document nests. Two checks:
//   - before parsing, a linear scan of the text refuses markup that opens more than
//     MAX_MARKUP_NESTING levels of elements (HTML) or MAX_MARKDOWN_NESTING levels of block quotes and
//     lists (Markdown). The parsers' time grows faster than the text with depth: remark spends
//     seconds on a few thousand characters of nested "- " or ">" markers and never finishes on
//     100,000 of them; parse5 takes seconds over a megabyte of unclosed "<table><tr><td>". So the
//     scan runs first, and a refused document costs one pass over its text.
//   - after parsing, checkNesting walks the tree without recursion and refuses one deeper than
//     MAX_NESTING, since the readers walk their trees recursively (a backstop for any nesting the
//     scan counts differently from the parser).
// Both answer with a ValidationError on `content`. No guidance document comes near these limits:
// GOV.UK publications nest elements about 20 deep, and Markdown guidance lists and quotes rarely
// go past 4 levels.
import { ValidationError } from '../../errors.ts';
import { containerMarkerEnd, skipBlanks } from './markdownBounds.ts';

/** Levels of nested elements (HTML) or nodes (Markdown) a parsed document may have. */
export const MAX_NESTING = 200;

/** Levels of open elements an HTML document may nest, counted by `checkHtmlNesting` before parsing. */
export const MAX_MARKUP_NESTING = 100;

/**
 * Block quote and list markers (">", "-", "*", "+", "1." or "1)") one Markdown line may open, each
 * two columns of leading indentation counting as one more (a list nested by indentation), checked
 * by `checkMarkdownNesting` before parsing. Lower than for HTML: remark's time grows with the square
 * of this depth on every line (100 lines nested 99 deep take seconds).
 */
export const MAX_MARKDOWN_NESTING = 16;

function tooDeep(limit: number): ValidationError {
  return new ValidationError([{ path: 'content', message: `the document nests more than ${limit} levels deep` }]);
}

/** ValidationError on `content` when the tree under `root` is deeper than MAX_NESTING. */
export function checkNesting<T>(root: T, children: (node: T) => readonly T[] | undefined): void {
  const stack: [T, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_NESTING) throw tooDeep(MAX_NESTING);
    for (const child of children(node) ?? []) stack.push([child, depth + 1]);
  }
}

// ---------------------------------------------------------------------------------------------
// Markdown: per line, the container markers that open it (CommonMark block quotes and list items)
// ---------------------------------------------------------------------------------------------

const isBlank = (c: number) => c === 0x20 || c === 0x09;

/**
 * ValidationError on `content` when a line of the Markdown opens more than `limit` block quotes and
 * list items: its markers (">", a bullet "-", "*" or "+", or an ordered "1." / "1)" followed by
 * white space) plus one level for every two columns of indentation before the first of them (a tab
 * to the next multiple of 4). Linear in the text's length.
 */
export function checkMarkdownNesting(markdown: string, limit = MAX_MARKDOWN_NESTING): void {
  const n = markdown.length;
  let at = 0;
  while (at < n) {
    let end = markdown.indexOf('\n', at);
    if (end < 0) end = n;
    let column = 0;
    let k = at;
    for (; k < end && isBlank(markdown.charCodeAt(k)); k += 1) {
      column += markdown.charCodeAt(k) === 0x09 ? 4 - (column % 4) : 1;
    }
    let depth = Math.floor(column / 2);
    for (;;) {
      k = skipBlanks(markdown, k, end);
      if (k >= end) break;
      const next = containerMarkerEnd(markdown, k, end);
      if (next < 0) break;
      depth += 1;
      if (depth > limit) throw tooDeep(limit);
      k = next;
    }
    if (depth > limit) throw tooDeep(limit);
    at = end + 1;
  }
}

// ---------------------------------------------------------------------------------------------
// HTML: the open elements as the HTML parsing algorithm would nest them, approximately
//
// Start and end tags are read as the HTML tokenizer reads them (comments, doctypes and the text of
// raw-text elements skipped, quoted attribute values may hold ">"). A start tag opens a level
// unless it is void or self-closing; an end tag closes up to the nearest open element of its name.
// Elements whose start tag closes an open one of their kind (p, li, dt/dd, tr, td/th, option, a,
// headings, …; within the enclosing table or list, as the parser scopes them) replace it instead
// of nesting, so an unclosed "<p>" or "<li>" per paragraph is not counted as depth. Elements the
// parser never nests (html, head, body, and a form inside a form) open nothing.
// ---------------------------------------------------------------------------------------------

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
  'basefont',
  'bgsound',
  'frame',
  'image',
  'menuitem',
]);
/** Elements whose content is text up to their own end tag (scripting enabled, as parse5 parses). */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);
const NEVER_NESTED = new Set(['html', 'head', 'body', 'frameset']);
/** Boundaries of the parser's default scope: an element below is not closed from outside these. */
const SCOPE = ['table', 'td', 'th', 'caption', 'template', 'object', 'marquee', 'applet', 'html', 'svg', 'math'];
const TABLE_SCOPE = ['table', 'template', 'html'];
/** Start tags that close an open element of the same kind, searching out from the innermost open element up to one of `stops`. */
const SAME_KIND: Record<string, { kind: string; stops: readonly string[] }> = {
  p: { kind: 'p', stops: [...SCOPE, 'button'] },
  li: { kind: 'li', stops: [...SCOPE, 'ol', 'ul'] },
  dt: { kind: 'dd/dt', stops: [...SCOPE, 'dl'] },
  dd: { kind: 'dd/dt', stops: [...SCOPE, 'dl'] },
  option: { kind: 'option', stops: [...SCOPE, 'select', 'datalist'] },
  optgroup: { kind: 'optgroup', stops: [...SCOPE, 'select'] },
  tr: { kind: 'tr', stops: TABLE_SCOPE },
  td: { kind: 'td/th', stops: [...TABLE_SCOPE, 'tr'] },
  th: { kind: 'td/th', stops: [...TABLE_SCOPE, 'tr'] },
  thead: { kind: 'table section', stops: TABLE_SCOPE },
  tbody: { kind: 'table section', stops: TABLE_SCOPE },
  tfoot: { kind: 'table section', stops: TABLE_SCOPE },
  caption: { kind: 'caption', stops: TABLE_SCOPE },
  colgroup: { kind: 'colgroup', stops: TABLE_SCOPE },
  a: { kind: 'a', stops: SCOPE },
  button: { kind: 'button', stops: SCOPE },
  nobr: { kind: 'nobr', stops: SCOPE },
  h1: { kind: 'heading', stops: SCOPE },
  h2: { kind: 'heading', stops: SCOPE },
  h3: { kind: 'heading', stops: SCOPE },
  h4: { kind: 'heading', stops: SCOPE },
  h5: { kind: 'heading', stops: SCOPE },
  h6: { kind: 'heading', stops: SCOPE },
  rb: { kind: 'ruby text', stops: [...SCOPE, 'ruby'] },
  rt: { kind: 'ruby text', stops: [...SCOPE, 'ruby'] },
  rtc: { kind: 'ruby text', stops: [...SCOPE, 'ruby'] },
  rp: { kind: 'ruby text', stops: [...SCOPE, 'ruby'] },
};
/** Start tags that close an open <p> first (HTML's "close a p element" for block-level elements). */
const CLOSES_P = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'center',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'header',
  'hgroup',
  'hr',
  'listing',
  'main',
  'menu',
  'nav',
  'ol',
  'pre',
  'search',
  'section',
  'summary',
  'table',
  'ul',
  'xmp',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
]);

const isAsciiLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isTagSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;

/**
 * ValidationError on `content` when the HTML opens more than `limit` levels of elements (see above).
 * One pass over the text, each open element pushed and popped once.
 */
export function checkHtmlNesting(html: string, limit = MAX_MARKUP_NESTING): void {
  const lower = html.toLowerCase();
  const n = lower.length;
  /** Open elements: their names, innermost last. */
  const open: string[] = [];
  const openCount = new Map<string, number>();
  const push = (name: string) => {
    open.push(name);
    openCount.set(name, (openCount.get(name) ?? 0) + 1);
    if (open.length > limit) throw tooDeep(limit);
  };
  const popTo = (index: number) => {
    while (open.length > index) {
      const name = open.pop()!;
      openCount.set(name, openCount.get(name)! - 1);
    }
  };
  /** Closes the innermost open element of the kind `name` starts, if one is open within its scope. */
  const closeSameKind = (name: string) => {
    const { kind, stops } = SAME_KIND[name]!;
    for (let i = open.length - 1; i >= 0; i -= 1) {
      const o = open[i]!;
      if (SAME_KIND[o]?.kind === kind) {
        popTo(i);
        return;
      }
      if (stops.includes(o)) return;
    }
  };
  let at = 0;
  while (at < n) {
    const lt = lower.indexOf('<', at);
    if (lt < 0 || lt + 1 >= n) break;
    const c = lower.charCodeAt(lt + 1);
    if (lower.startsWith('<!--', lt)) {
      const close = lower.indexOf('-->', lt + 4);
      at = close < 0 ? n : close + 3;
      continue;
    }
    if (c === 0x21 || c === 0x3f) {
      // Doctype, CDATA or a bogus comment: up to the next ">".
      const close = lower.indexOf('>', lt + 2);
      at = close < 0 ? n : close + 1;
      continue;
    }
    const end = c === 0x2f;
    const nameStart = end ? lt + 2 : lt + 1;
    if (!isAsciiLetter(lower.charCodeAt(nameStart))) {
      // "a < b" is text; "</ >" and the like are bogus comments up to ">".
      at = end ? Math.max(lt + 2, lower.indexOf('>', lt + 2) + 1 || n) : lt + 1;
      continue;
    }
    let k = nameStart;
    while (k < n && !isTagSpace(lower.charCodeAt(k)) && lower.charCodeAt(k) !== 0x2f && lower.charCodeAt(k) !== 0x3e)
      k += 1;
    const name = lower.slice(nameStart, k);
    // Attributes: up to the ">" that is not inside a quoted value.
    while (k < n && lower.charCodeAt(k) !== 0x3e) {
      const q = lower.charCodeAt(k);
      if (q === 0x22 || q === 0x27) {
        const close = lower.indexOf(q === 0x22 ? '"' : "'", k + 1);
        k = close < 0 ? n : close + 1;
      } else k += 1;
    }
    // "/>" closes an element only in SVG and MathML; an HTML "<div/>" stays open.
    const selfClosing = k < n && lower.charCodeAt(k - 1) === 0x2f;
    at = k + 1;
    if (end) {
      if ((openCount.get(name) ?? 0) > 0) popTo(open.lastIndexOf(name));
      continue;
    }
    if (name === 'plaintext') break;
    if (RAW_TEXT.has(name)) {
      const close = lower.indexOf(`</${name}`, at);
      at = close < 0 ? n : close;
      continue;
    }
    if (VOID.has(name) || NEVER_NESTED.has(name)) continue;
    if (selfClosing && ((openCount.get('svg') ?? 0) > 0 || (openCount.get('math') ?? 0) > 0)) continue;
    if (name === 'form' && (openCount.get('form') ?? 0) > 0) continue;
    if (CLOSES_P.has(name)) closeSameKind('p');
    if (SAME_KIND[name]) closeSameKind(name);
    push(name);
  }
}
