import { describe, expect, it } from 'vitest';
import { blame } from '../../src/domain/documents/blame.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import { importSections, type DocumentFormat } from '../../src/domain/documents/import/index.ts';
import { compareParagraphs, type StructuredSectionText } from '../../src/domain/documents/paragraphs.ts';
import { bodyOf, paragraphNumbersOf, type StructuredSection } from '../../src/domain/documents/structure.ts';
import {
  ADDED_PARAGRAPH,
  MOVED,
  toDocxBase64,
  toHtml,
  toMarkdown,
  VERSION_1,
  VERSION_2,
  type FixtureSection,
} from '../support/guidance.ts';

const RENDER: Record<DocumentFormat, (s: FixtureSection[]) => string | Promise<string>> = {
  HTML: toHtml,
  MARKDOWN: toMarkdown,
  DOCX: toDocxBase64,
};

const asText = (sections: StructuredSection[]): StructuredSectionText[] =>
  sections.map((s, i) => ({
    key: s.key,
    heading: s.heading,
    position: i + 1,
    body: bodyOf(s.paragraphs),
    paragraphNumbers: paragraphNumbersOf(s.paragraphs),
  }));

const previousOf = (sections: StructuredSection[]) =>
  sections.map((s) => ({ key: s.key, heading: s.heading, level: s.level, body: bodyOf(s.paragraphs) }));

describe.each(['HTML', 'MARKDOWN', 'DOCX'] as const)('importing %s', (format) => {
  it('given a document with three levels of headings and numbered paragraphs, when imported, then keeps its tree and numbers', async () => {
    const sections = await importSections(format, await RENDER[format](VERSION_1), []);
    expect(sections.map((s) => [s.key, s.level, s.parentKey, s.number, s.heading])).toEqual([
      ['introduction', 1, null, '1', 'Introduction'],
      ['scope', 2, 'introduction', '1.1', 'Scope'],
      ['who-this-is-for', 3, 'scope', '1.1.1', 'Who this is for'],
      ['multi-agency-safeguarding-arrangements', 1, null, '2', 'Multi-agency safeguarding arrangements'],
      ['lead-safeguarding-partners', 2, 'multi-agency-safeguarding-arrangements', '2.1', 'Lead safeguarding partners'],
      ['working-with-schools', 1, null, '3', 'Working with schools'],
    ]);
    expect(sections.flatMap((s) => s.paragraphs.map((p) => p.number))).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
    expect(sections[3]!.paragraphs[1]!.text).toBe(MOVED.from);
  });

  it('given a second version, when imported against the first, then keys carry over, the paragraph comparison and blame say what happened', async () => {
    const first = await importSections(format, await RENDER[format](VERSION_1), []);
    const second = await importSections(format, await RENDER[format](VERSION_2), previousOf(first));
    // The renamed chapter keeps its key (matched by content); the others by heading.
    expect(second.map((s) => s.key)).toEqual(first.map((s) => s.key));
    expect(second[5]!.heading).toBe('Education and childcare settings');

    const { summary, paragraphs } = compareParagraphs(asText(first), asText(second));
    expect(summary).toEqual({
      paragraphsAdded: 1,
      paragraphsRemoved: 0,
      paragraphsModified: 1,
      paragraphsUnchanged: 8,
      paragraphsMoved: 1,
      paragraphsMovedAcrossSections: 1,
    });
    const moved = paragraphs.filter((p) => p.moved);
    expect(moved).toEqual([
      expect.objectContaining({
        change: 'MODIFIED',
        fromSectionKey: 'multi-agency-safeguarding-arrangements',
        toSectionKey: 'working-with-schools',
        fromNumber: '6',
        toNumber: '8',
        movedAcrossSections: true,
        text: MOVED.to,
        // "wrong." became "wrong at home.": the word "wrong." is replaced, so 4 added and 2 removed.
        wordsAdded: 4,
        wordsRemoved: 2,
      }),
    ]);
    expect(moved[0]!.similarity).toBeGreaterThan(0.6);
    expect(moved[0]!.diff.filter((d) => d.kind !== 'SAME').map((d) => d.text.trim())).toEqual([
      'should',
      'must',
      'at home',
    ]);
    expect(paragraphs.filter((p) => p.change === 'ADDED')).toEqual([
      expect.objectContaining({ toSectionKey: 'scope', toNumber: '4', text: ADDED_PARAGRAPH }),
    ]);

    const blamed = blame([asText(first), asText(second)]);
    expect(blamed.map((p) => [p.number, p.introducedIn, p.lastChangedIn])).toEqual([
      ['1', 0, 0],
      ['2', 0, 0],
      ['3', 0, 0],
      ['4', 1, 1],
      ['5', 0, 0],
      ['6', 0, 0],
      ['7', 0, 0],
      ['8', 0, 1],
      ['9', 0, 0],
      ['10', 0, 0],
    ]);
  });
});

describe('importing bad input', () => {
  const refused = async (format: DocumentFormat, content: string) => {
    const error = await importSections(format, content, []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).fields[0]!;
  };

  it('refuses plain text declared as HTML, HTML declared as Markdown, and text without headings', async () => {
    expect((await refused('HTML', 'just some words')).message).toMatch(/not HTML/);
    expect((await refused('MARKDOWN', '<html><body><h1>Title</h1><p>Text</p></body></html>')).message).toMatch(
      /HTML, not Markdown/,
    );
    expect((await refused('MARKDOWN', 'a paragraph\n\nanother')).message).toMatch(/no headings/);
    expect((await refused('HTML', '<p>only a paragraph</p>')).message).toMatch(/no headings/);
  });

  it('refuses a DOCX that is not base64, not a zip, or a zip without a Word document', async () => {
    expect((await refused('DOCX', 'not base64!')).message).toMatch(/base64/);
    expect((await refused('DOCX', Buffer.from('# Markdown').toString('base64'))).message).toMatch(/zip archive/);
    const emptyZip = Buffer.from([0x50, 0x4b, 0x03, 0x04, ...new Array(26).fill(0)]).toString('base64');
    expect((await refused('DOCX', emptyZip)).message).toMatch(/Word can open/);
  });

  it('refuses content over the size limit', async () => {
    const field = await refused('MARKDOWN', `# Title\n\n${'word '.repeat(900_000)}`);
    expect(field).toMatchObject({ path: 'content' });
    expect(field.message).toMatch(/at most 4000000 characters/);
  });
});

describe('printed heading numbers without a full stop', () => {
  const headings = [
    '1 Introduction',
    '12 Annex',
    '2023 changes to the guidance',
    '3 things to know',
    '2.3 Scope',
    '4. Roles',
  ];
  const expected = [
    ['1', 'Introduction'],
    ['12', 'Annex'],
    [null, '2023 changes to the guidance'],
    [null, '3 things to know'],
    ['2.3', 'Scope'],
    ['4', 'Roles'],
  ];
  const documents: Record<'HTML' | 'MARKDOWN', string> = {
    HTML: `<html><body>${headings.map((h) => `<h2>${h}</h2><p>${h} is covered here.</p>`).join('')}</body></html>`,
    MARKDOWN: headings.map((h) => `## ${h}\n\n${h} is covered here.\n`).join('\n'),
  };

  it.each(['HTML', 'MARKDOWN'] as const)(
    'given %s headings "1 Introduction" and "12 Annex", when imported, then the number is kept apart; a year or a count starting a heading stays in its text',
    async (format) => {
      const sections = await importSections(format, documents[format], []);
      expect(sections.map((s) => [s.number, s.heading])).toEqual(expected);
      // A paragraph that starts with a bare number is still text.
      expect(sections[0]!.paragraphs[0]).toEqual({ number: null, text: '1 Introduction is covered here.' });
    },
  );
});
