// Importing guidance as real documents over HTTP: two versions of a document with three levels of
// headings and numbered paragraphs, in HTML, Markdown and DOCX; the second moves a paragraph to
// another chapter with an edit, renames that chapter and adds a paragraph. The paragraph
// comparison and blame must say exactly that; also when the renamed chapter is short and is the one
// the paragraph moved into and the one that gained a paragraph, so that most of its text is new to
// it. Bad content is refused and appends nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADDED_PARAGRAPH,
  MOVED,
  SHORT_CHAPTER_V1,
  SHORT_CHAPTER_V2,
  toDocxBase64,
  toHtml,
  toMarkdown,
  VERSION_1,
  VERSION_2,
  type FixtureSection,
} from '../support/guidance.ts';
import { expectRefused, mutate, startTestServer, type TestServer } from '../support/server.ts';

const RESULT = `__typename ... on Error { message code } ... on ValidationError { fields { path message } }`;
const REGISTER = `mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { ${RESULT} } }`;
const IMPORT = `mutation($input: ImportDraftInput!) { importDraft(input: $input) { ${RESULT}
  ... on ImportDraftSuccess { document { slug } draft { label sections { key heading level parentKey number } } } } }`;
const PUBLISH = `mutation($input: PublishDraftInput!) { publishDraft(input: $input) { ${RESULT} ... on PublishDraftSuccess { version { label } } } }`;

const RENDER = { HTML: toHtml, MARKDOWN: toMarkdown, DOCX: toDocxBase64 } as const;
type Format = keyof typeof RENDER;

/** Chapter 3's rename, in both pairs of fixture versions. */
const SCHOOLS_RENAMED = {
  key: 'working-with-schools',
  renamed: true,
  fromHeading: 'Working with schools',
  toHeading: 'Education and childcare settings',
};

interface ParagraphChange {
  change: string;
  fromSectionKey: string | null;
  toSectionKey: string | null;
  fromNumber: string | null;
  toNumber: string | null;
  moved: boolean;
  movedAcrossSections: boolean;
  similarity: number | null;
  text: string;
  diff: { kind: string; text: string }[];
}

describe('importing guidance documents over HTTP', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ SEED: 'false' });
  });
  afterAll(async () => {
    await server.stop();
  });

  async function importVersion(
    slug: string,
    format: Format,
    sections: FixtureSection[],
    label: string,
    changeNote: string,
    publishedOn: string,
  ) {
    const content = await RENDER[format](sections);
    const imported = await mutate(server, IMPORT, { slug, label, changeNote, format, content });
    expect(imported.__typename).toBe('ImportDraftSuccess');
    const published = await mutate(server, PUBLISH, { slug, label, publishedOn });
    expect(published.__typename).toBe('PublishDraftSuccess');
    return imported;
  }

  /** The v1→v2 paragraph comparison (changed paragraphs only) and the blame of v2. */
  async function compareAndBlame(slug: string) {
    const res = await server.gql<{
      document: {
        compare: {
          summary: Record<string, number>;
          sections: { key: string; renamed: boolean; fromHeading: string; toHeading: string }[];
          paragraphs: ParagraphChange[];
        };
        version: {
          sections: {
            key: string;
            paragraphs: {
              number: string;
              text: string;
              introducedIn: { label: string; changeNote: string };
              lastChangedIn: { label: string; changeNote: string };
            }[];
          }[];
        };
      };
    }>(`{ document(slug: "${slug}") {
    compare(from: "v1", to: "v2") {
      summary { paragraphsAdded paragraphsRemoved paragraphsModified paragraphsUnchanged paragraphsMoved paragraphsMovedAcrossSections }
      sections(change: [MODIFIED, UNCHANGED]) { key renamed fromHeading toHeading }
      paragraphs(change: [ADDED, REMOVED, MODIFIED]) { change fromSectionKey toSectionKey fromNumber toNumber moved movedAcrossSections similarity text diff { kind text } }
    }
    version(label: "v2") { sections { key paragraphs { number text introducedIn { label changeNote } lastChangedIn { label changeNote } } } }
    } }`);
    expect(res.errors).toBeUndefined();
    return res.data!.document;
  }

  it.each(['HTML', 'MARKDOWN', 'DOCX'] as const)(
    'given %s versions with a cross-chapter move, a renamed chapter and an added paragraph, when compared, then the paragraphs and blame say exactly that',
    async (format) => {
      const slug = `imported-${format.toLowerCase()}`;
      expect(
        (await mutate(server, REGISTER, { slug, title: `Imported ${format}`, kind: 'STATUTORY_GUIDANCE' })).__typename,
      ).toBe('RegisterDocumentSuccess');
      const first = await importVersion(slug, format, VERSION_1, 'v1', 'First edition', '2024-01-10');
      const draft = (
        first as unknown as {
          draft: { sections: { key: string; level: number; parentKey: string | null; number: string }[] };
        }
      ).draft;
      expect(draft.sections.map((s) => [s.key, s.level, s.parentKey, s.number])).toEqual([
        ['introduction', 1, null, '1'],
        ['scope', 2, 'introduction', '1.1'],
        ['who-this-is-for', 3, 'scope', '1.1.1'],
        ['multi-agency-safeguarding-arrangements', 1, null, '2'],
        ['lead-safeguarding-partners', 2, 'multi-agency-safeguarding-arrangements', '2.1'],
        ['working-with-schools', 1, null, '3'],
      ]);
      await importVersion(
        slug,
        format,
        VERSION_2,
        'v2',
        'Education moved into its own chapter; voluntary sector added',
        '2025-02-20',
      );

      const { compare, version } = await compareAndBlame(slug);
      expect(compare.summary).toEqual({
        paragraphsAdded: 1,
        paragraphsRemoved: 0,
        paragraphsModified: 1,
        paragraphsUnchanged: 8,
        paragraphsMoved: 1,
        paragraphsMovedAcrossSections: 1,
      });
      expect(compare.sections.filter((s) => s.renamed)).toEqual([SCHOOLS_RENAMED]);
      expect(compare.paragraphs).toEqual([
        expect.objectContaining({
          change: 'ADDED',
          fromSectionKey: null,
          toSectionKey: 'scope',
          toNumber: '4',
          moved: false,
          text: ADDED_PARAGRAPH,
        }),
        expect.objectContaining({
          change: 'MODIFIED',
          fromSectionKey: 'multi-agency-safeguarding-arrangements',
          toSectionKey: 'working-with-schools',
          fromNumber: '6',
          toNumber: '8',
          moved: true,
          movedAcrossSections: true,
          text: MOVED.to,
        }),
      ]);
      expect(compare.paragraphs[1]!.diff.filter((d) => d.kind === 'REMOVED').map((d) => d.text)).toEqual(['should']);

      const blame = version.sections.flatMap((s) =>
        s.paragraphs.map((p) => [s.key, p.number, p.introducedIn.label, p.lastChangedIn.label]),
      );
      expect(blame).toEqual([
        ['introduction', '1', 'v1', 'v1'],
        ['introduction', '2', 'v1', 'v1'],
        ['scope', '3', 'v1', 'v1'],
        ['scope', '4', 'v2', 'v2'],
        ['who-this-is-for', '5', 'v1', 'v1'],
        ['multi-agency-safeguarding-arrangements', '6', 'v1', 'v1'],
        ['lead-safeguarding-partners', '7', 'v1', 'v1'],
        ['working-with-schools', '8', 'v1', 'v2'],
        ['working-with-schools', '9', 'v1', 'v1'],
        ['working-with-schools', '10', 'v1', 'v1'],
      ]);
      const moved = version.sections.find((s) => s.key === 'working-with-schools')!.paragraphs[0]!;
      expect(moved.lastChangedIn.changeNote).toBe('Education moved into its own chapter; voluntary sector added');
      expect(moved.introducedIn.changeNote).toBe('First edition');
    },
  );

  it.each(['HTML', 'MARKDOWN', 'DOCX'] as const)(
    'given %s versions where the renamed chapter is the one the paragraph moved into and the one that gained a paragraph, when compared, then it is one renamed chapter with one move and one addition',
    async (format) => {
      const slug = `short-chapter-${format.toLowerCase()}`;
      await mutate(server, REGISTER, { slug, title: `Short chapter ${format}`, kind: 'STATUTORY_GUIDANCE' });
      await importVersion(slug, format, SHORT_CHAPTER_V1, 'v1', 'First edition', '2024-01-10');
      const note = 'Education joins the schools chapter, now renamed; voluntary sector added';
      const second = (await importVersion(slug, format, SHORT_CHAPTER_V2, 'v2', note, '2025-02-20')) as unknown as {
        draft: { sections: { key: string; number: string }[] };
      };
      expect(second.draft.sections.map((s) => s.key).at(-1)).toBe('working-with-schools');

      const { compare, version } = await compareAndBlame(slug);
      expect(compare.summary).toEqual({
        paragraphsAdded: 1,
        paragraphsRemoved: 0,
        paragraphsModified: 1,
        paragraphsUnchanged: 7,
        paragraphsMoved: 1,
        paragraphsMovedAcrossSections: 1,
      });
      // Every chapter is paired with itself: none removed and added again under a new key.
      expect(compare.sections.map((s) => s.key)).toEqual([
        'introduction',
        'scope',
        'who-this-is-for',
        'multi-agency-safeguarding-arrangements',
        'lead-safeguarding-partners',
        'working-with-schools',
      ]);
      expect(compare.sections.filter((s) => s.renamed)).toEqual([SCHOOLS_RENAMED]);
      expect(compare.paragraphs).toEqual([
        expect.objectContaining({
          change: 'MODIFIED',
          fromSectionKey: 'multi-agency-safeguarding-arrangements',
          toSectionKey: 'working-with-schools',
          fromNumber: '6',
          toNumber: '7',
          moved: true,
          movedAcrossSections: true,
          text: MOVED.to,
        }),
        expect.objectContaining({
          change: 'ADDED',
          fromSectionKey: null,
          toSectionKey: 'working-with-schools',
          toNumber: '9',
          text: ADDED_PARAGRAPH,
        }),
      ]);
      const chapter = version.sections.find((s) => s.key === 'working-with-schools')!;
      expect(chapter.paragraphs.map((p) => [p.number, p.introducedIn.label, p.lastChangedIn.label])).toEqual([
        ['7', 'v1', 'v2'],
        ['8', 'v1', 'v1'],
        ['9', 'v2', 'v2'],
      ]);
      expect(chapter.paragraphs[0]!.lastChangedIn.changeNote).toBe(note);
      expect(chapter.paragraphs[2]!.introducedIn.changeNote).toBe(note);
      expect(
        version.sections
          .filter((s) => s !== chapter)
          .flatMap((s) => s.paragraphs.map((p) => `${p.introducedIn.label}/${p.lastChangedIn.label}`)),
      ).toEqual(Array(6).fill('v1/v1'));
    },
  );

  it('given content that is not the declared format, has no headings, is too large, or a DOCX that is not a zip, when imported, then a ValidationError names content and nothing is appended', async () => {
    const slug = 'import-refusals';
    await mutate(server, REGISTER, { slug, title: 'Refusals', kind: 'STATUTORY_GUIDANCE' });
    const input = (format: Format, content: string) => ({ slug, label: 'v1', changeNote: 'Import', format, content });
    const cases: [Format, string, RegExp][] = [
      ['HTML', 'plain words, no markup at all', /not HTML/],
      ['MARKDOWN', '<html><body><h1>T</h1><p>x</p></body></html>', /HTML, not Markdown/],
      ['MARKDOWN', 'A paragraph without any heading.', /no headings/],
      ['DOCX', Buffer.from('<h1>Not Word</h1>').toString('base64'), /zip archive/],
      ['DOCX', 'this is not base64 at all!', /base64/],
      ['HTML', `<h1>Big</h1><p>${'word '.repeat(850_000)}</p>`, /at most 4000000 characters/],
    ];
    for (const [format, content, message] of cases) {
      const refused = (await expectRefused(server, IMPORT, input(format, content), 'ValidationError')) as unknown as {
        fields: { path: string; message: string }[];
      };
      expect(refused.fields[0]!.path).toBe('content');
      expect(refused.fields[0]!.message).toMatch(message);
    }
  });
});
