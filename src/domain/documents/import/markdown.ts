// Reads Markdown (CommonMark) into sections and paragraphs with remark's parser. Pure: no I/O.
//
// ATX and setext headings start sections of their depth; paragraphs, list items, block quotes'
// paragraphs, code blocks and table rows are paragraphs. An ordered list's items take the numbers
// the list prints (its start, counting up); other paragraphs keep a number printed at their start.
import type { Nodes, Root, RootContent } from 'mdast';
import remarkParse from 'remark-parse';
import { checkMarkdownBlocks } from './markdownBounds.ts';
import { checkMarkdownNesting, checkNesting } from './nesting.ts';
import { unified } from 'unified';
import { splitPrintedNumber, type ParsedSection } from '../structure.ts';
import { ImportBuilder } from './builder.ts';

/** The text a node shows: its text, inline code and the text of its children, white space collapsed. */
function textOf(node: Nodes): string {
  const parts: string[] = [];
  const visit = (n: Nodes) => {
    if (n.type === 'list') return;
    if (n.type === 'text' || n.type === 'inlineCode' || n.type === 'code') parts.push(n.value);
    else if (n.type === 'break') parts.push(' ');
    else if (n.type === 'image') parts.push(n.alt ?? '');
    if ('children' in n) for (const c of n.children as Nodes[]) visit(c);
    if (n.type === 'paragraph' || n.type === 'tableCell') parts.push(' ');
  };
  visit(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

export function parseMarkdown(markdown: string): ParsedSection[] {
  const builder = new ImportBuilder();
  checkMarkdownNesting(markdown);
  checkMarkdownBlocks(markdown);
  const tree: Root = unified().use(remarkParse).parse(markdown);
  checkNesting<Nodes>(tree, (n) => ('children' in n ? (n.children as Nodes[]) : undefined));
  const walk = (node: RootContent | Root): void => {
    switch (node.type) {
      case 'heading':
        builder.heading(textOf(node), node.depth);
        return;
      case 'paragraph':
      case 'code':
      case 'tableRow':
        builder.paragraph(splitPrintedNumber(textOf(node)));
        return;
      case 'list':
        node.children.forEach((item, i) => {
          const text = textOf(item);
          builder.paragraph(node.ordered ? { number: String((node.start ?? 1) + i), text } : splitPrintedNumber(text));
          for (const c of item.children) if (c.type === 'list') walk(c);
        });
        return;
      case 'root':
      case 'blockquote':
      case 'table':
        for (const c of node.children) walk(c);
        return;
      default:
        // html, thematic breaks, definitions and footnote definitions carry no paragraph of their own.
        return;
    }
  };
  walk(tree);
  return builder.sections();
}

/** How many top-level blocks of the text remark reads as raw HTML, and how many blocks in all. */
export function htmlBlocks(markdown: string): { html: number; total: number } {
  checkMarkdownNesting(markdown);
  checkMarkdownBlocks(markdown);
  const tree: Root = unified().use(remarkParse).parse(markdown);
  checkNesting<Nodes>(tree, (n) => ('children' in n ? (n.children as Nodes[]) : undefined));
  return { html: tree.children.filter((c) => c.type === 'html').length, total: tree.children.length };
}
