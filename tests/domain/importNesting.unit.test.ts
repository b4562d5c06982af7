// The scan that refuses deeply nested markup before any parser sees it: it counts nesting as the
// parsers build it (so ordinary documents with unclosed <p> and <li>, or long flat lists, pass),
// and a refusal is a ValidationError on `content`.
import { parse } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';
import { importSections } from '../../src/domain/documents/import/index.ts';
import {
  checkHtmlNesting,
  checkMarkdownNesting,
  MAX_MARKDOWN_NESTING,
  MAX_MARKUP_NESTING,
} from '../../src/domain/documents/import/nesting.ts';
import { containerMarkerEnd, countMarkdownBlocks } from '../../src/domain/documents/import/markdownBounds.ts';

type Node = DefaultTreeAdapterMap['node'];

/** Depth of the deepest element parse5 builds, counting from <html> as 1. */
function parsedDepth(html: string): number {
  let deepest = 0;
  const stack: [Node, number][] = [[parse(html), 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if ('tagName' in node) deepest = Math.max(deepest, depth);
    if ('childNodes' in node) for (const c of node.childNodes) stack.push([c, 'tagName' in c ? depth + 1 : depth]);
  }
  return deepest;
}

function refusal(check: () => void): string {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    const fields = (error as ValidationError).fields;
    expect(fields[0]!.path).toBe('content');
    return fields[0]!.message;
  }
  throw new Error('expected a ValidationError');
}

describe('nesting scan of HTML before parsing', () => {
  it('given elements nested one past the limit, when scanned, then a ValidationError on content names the limit; at the limit it passes', () => {
    const nested = (n: number) => `<h1>T</h1>${'<div>'.repeat(n)}text${'</div>'.repeat(n)}`;
    expect(() => checkHtmlNesting(nested(MAX_MARKUP_NESTING))).not.toThrow();
    expect(refusal(() => checkHtmlNesting(nested(MAX_MARKUP_NESTING + 1)))).toBe(
      `the document nests more than ${MAX_MARKUP_NESTING} levels deep`,
    );
  });

  it.each([
    ['unclosed paragraphs', '<h1>T</h1>' + '<p>paragraph '.repeat(5_000)],
    ['unclosed list items', '<ul>' + '<li>item '.repeat(5_000) + '</ul>'],
    ['a table without end tags', '<table>' + '<tr><td>a<td>b<th>c'.repeat(5_000) + '</table>'],
    ['definition lists without end tags', '<dl>' + '<dt>term<dd>meaning'.repeat(5_000) + '</dl>'],
    ['headings and blocks closing paragraphs', '<div><p>a<h2>b</h2><p>c<ul><li>d</ul></div>'.repeat(5_000)],
    [
      'comments, scripts and quoted ">"',
      `${'<!-- <div> -->'.repeat(500)}<script>${'<div>'.repeat(500)}</script><p title="<div>>">x</p>`,
    ],
    ['void and self-closing elements', '<p>' + '<br><img src=x><hr/><input>'.repeat(5_000)],
  ])('given a flat document with %s, when scanned, then it passes as the parser nests it', (_name, html) => {
    expect(() => checkHtmlNesting(html)).not.toThrow();
    expect(parsedDepth(html)).toBeLessThan(MAX_MARKUP_NESTING);
  });

  it.each([
    ['<div>', '<div>'],
    ['<b>', '<b>'],
    ['<div/> (an HTML element stays open)', '<div/>'],
    ['<div><p> (each div closes the paragraph and nests in the div before)', '<div><p>x'],
    ['<table><tr><td>', '<table><tr><td>'],
    ['<ul><li>', '<ul><li>'],
  ])(
    'given %s repeated, when scanned, then it is refused, and parse5 would indeed nest it that deep',
    (_name, unit) => {
      const html = `<h1>T</h1>${unit.repeat(MAX_MARKUP_NESTING + 10)}`;
      expect(parsedDepth(html)).toBeGreaterThan(MAX_MARKUP_NESTING);
      expect(refusal(() => checkHtmlNesting(html))).toMatch(/nests more than 100 levels deep/);
    },
  );
});

describe('nesting scan of Markdown before parsing', () => {
  it('given block quotes, lists and indentation one past the limit, when scanned, then each is refused; at the limit they pass', () => {
    const n = MAX_MARKDOWN_NESTING;
    for (const [within, past] of [
      ['>'.repeat(n), '>'.repeat(n + 1)],
      ['> '.repeat(n), '> '.repeat(n + 1)],
      ['- '.repeat(n), '- '.repeat(n + 1)],
      ['1. '.repeat(n), '1) '.repeat(n + 1)],
      [`${' '.repeat(2 * (n - 1))}- x`, `${' '.repeat(2 * n)}- x`],
    ]) {
      expect(() => checkMarkdownNesting(`# T\n\n${within} text\n`)).not.toThrow();
      expect(refusal(() => checkMarkdownNesting(`# T\n\n${past} text\n`))).toBe(
        `the document nests more than ${n} levels deep`,
      );
    }
  });

  it('given ordinary Markdown (flat lists, a rule, a quote, words after dashes), when scanned, then it passes', () => {
    const markdown = [
      '# Chapter 1',
      '',
      '1. First numbered paragraph.',
      '2. Second, with a nested list:',
      '   - a point',
      '     - a sub-point',
      '',
      '* * *',
      '',
      '> A quotation.',
      '',
      '-10 degrees is not a list item, and 2023 is not a number either.',
    ].join('\n');
    expect(() => checkMarkdownNesting(markdown.repeat(2_000))).not.toThrow();
  });

  it('given markers with text right after them ("-x", "1.x", "1)x"), when counted and scanned, then neither scan takes them for list items, as CommonMark does not', () => {
    for (const marker of ['-', '*', '+', '1.', '12)']) {
      const glued = `# T\n\nA paragraph\n${`${marker}x\n`.repeat(50)}`;
      const spaced = `# T\n\nA paragraph\n${`${marker} x\n`.repeat(50)}`;
      // The heading and the paragraph; the glued lines continue the paragraph.
      expect(countMarkdownBlocks(glued)).toBe(2);
      expect(countMarkdownBlocks(spaced)).toBe(52);
      expect(containerMarkerEnd(`${marker}x`, 0, marker.length + 1)).toBe(-1);
      expect(containerMarkerEnd(`${marker} x`, 0, marker.length + 2)).toBe(marker.length);
    }
    expect(() => checkMarkdownNesting(`# T\n\n${'-x'.repeat(MAX_MARKDOWN_NESTING + 1)}\n`)).not.toThrow();
    expect(() => checkMarkdownNesting(`# T\n\n${'1.x'.repeat(MAX_MARKDOWN_NESTING + 1)}\n`)).not.toThrow();
  });

  it('given 100,000 nested ">" markers, when imported, then a ValidationError comes back before remark is asked to parse them', async () => {
    await expect(importSections('MARKDOWN', `# T\n\n${'>'.repeat(100_000)} text`, [])).rejects.toThrow(
      /nests more than 16 levels deep/,
    );
  });
});
