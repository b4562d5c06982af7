// Reads an HTML document into sections and paragraphs with parse5 (the WHATWG parsing algorithm,
// so any HTML a browser would show parses the way the browser shows it). Pure: no I/O.
//
// Headings h1..h6 start sections of levels 1..6. Paragraphs are the document's blocks: <p>, list
// items, table rows, <pre>, and loose text between blocks. An item of an ordered list takes the
// number the list prints for it (`start`, `value`, `reversed`); any other paragraph keeps a number
// printed at its start ("12. …", "2.3 …").
import { parse } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import { splitPrintedNumber, type ParagraphText, type ParsedSection } from '../structure.ts';
import { ImportBuilder } from './builder.ts';
import { checkHtmlNesting, checkNesting } from './nesting.ts';

const childrenOf = (n: Node): Node[] | undefined => ('childNodes' in n ? n.childNodes : undefined);

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const HEADING = /^h([1-6])$/;
/** Elements whose content is never shown as text. */
const HIDDEN = new Set([
  'head',
  'script',
  'style',
  'template',
  'noscript',
  'nav',
  'svg',
  'math',
  'iframe',
  'object',
  'button',
  'select',
]);
/** Elements that end the paragraph before them and start a new one. */
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'header',
  'hgroup',
  'hr',
  'html',
  'li',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'caption',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
]);

const isElement = (n: Node): n is Element => 'tagName' in n;
const attribute = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value ?? null;

/** The text an element shows, white space collapsed; nested blocks are included (used for headings and items). */
function textOf(node: Node, skipLists = false): string {
  const parts: string[] = [];
  const visit = (n: Node) => {
    if (n.nodeName === '#text' && 'value' in n) parts.push(n.value);
    if (!isElement(n)) return;
    if (HIDDEN.has(n.tagName)) return;
    if (skipLists && (n.tagName === 'ol' || n.tagName === 'ul')) return;
    if (n.tagName === 'br') parts.push(' ');
    for (const c of n.childNodes) visit(c);
    if (BLOCKS.has(n.tagName) || n.tagName === 'td' || n.tagName === 'th') parts.push(' ');
  };
  visit(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** Numbers an ordered list prints for its items, as HTML's list-owner rules give them. */
function itemNumbers(list: Element, items: Element[]): string[] {
  const reversed = attribute(list, 'reversed') !== null;
  const start = Number.parseInt(attribute(list, 'start') ?? '', 10);
  let next = Number.isFinite(start) ? start : reversed ? items.length : 1;
  return items.map((item) => {
    const value = Number.parseInt(attribute(item, 'value') ?? '', 10);
    if (Number.isFinite(value)) next = value;
    const n = next;
    next += reversed ? -1 : 1;
    return String(n);
  });
}

export function parseHtml(html: string): ParsedSection[] {
  checkHtmlNesting(html);
  const builder = new ImportBuilder();
  const document = parse(html);
  checkNesting<Node>(document, childrenOf);
  let loose: string[] = [];
  const flushLoose = () => {
    const text = loose.join('').replace(/\s+/g, ' ').trim();
    loose = [];
    if (text) builder.paragraph(splitPrintedNumber(text));
  };

  const walk = (node: Node): void => {
    if (node.nodeName === '#text' && 'value' in node) {
      loose.push(node.value);
      return;
    }
    if (!isElement(node)) {
      if ('childNodes' in node) for (const c of node.childNodes) walk(c);
      return;
    }
    const tag = node.tagName;
    if (HIDDEN.has(tag)) return;
    if (!BLOCKS.has(tag)) {
      // Inline content (links, emphasis, spans) belongs to the paragraph being gathered.
      if (tag === 'br') loose.push(' ');
      for (const c of node.childNodes) walk(c);
      return;
    }
    flushLoose();
    const heading = HEADING.exec(tag);
    if (heading) {
      builder.heading(textOf(node), Number(heading[1]));
      return;
    }
    if (
      tag === 'p' ||
      tag === 'pre' ||
      tag === 'dt' ||
      tag === 'dd' ||
      tag === 'tr' ||
      tag === 'caption' ||
      tag === 'figcaption'
    ) {
      const text = textOf(node);
      if (text) builder.paragraph(splitPrintedNumber(text));
      return;
    }
    if (tag === 'ol' || tag === 'ul') {
      const items = node.childNodes.filter((c): c is Element => isElement(c) && c.tagName === 'li');
      const numbers = tag === 'ol' ? itemNumbers(node, items) : items.map(() => null);
      items.forEach((item, i) => {
        const text = textOf(item, true);
        const own: ParagraphText = numbers[i] ? { number: numbers[i]!, text } : splitPrintedNumber(text);
        if (text) builder.paragraph(own);
        // Lists nested in the item follow it as paragraphs of their own.
        for (const c of item.childNodes) if (isElement(c) && (c.tagName === 'ol' || c.tagName === 'ul')) walk(c);
      });
      return;
    }
    for (const c of node.childNodes) walk(c);
    flushLoose();
  };
  walk(document);
  flushLoose();
  return builder.sections();
}

/** True when the text holds at least one element that is not one the parser invents (html, head, body). */
export function hasMarkup(html: string): boolean {
  checkHtmlNesting(html);
  const document = parse(html);
  checkNesting<Node>(document, childrenOf);
  const found = (n: Node): boolean => {
    if (isElement(n) && !['html', 'head', 'body'].includes(n.tagName)) return true;
    return 'childNodes' in n && n.childNodes.some(found);
  };
  return found(document);
}
