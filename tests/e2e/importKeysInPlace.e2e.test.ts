// Section keys carried over by place, seen through comparisons over HTTP, in HTML, Markdown and
// DOCX: a short renamed chapter pushed down by a chapter inserted before it, which also gained a
// moved paragraph and a new one, is still one renamed chapter; a new chapter at the same number
// that only quotes a sentence of a removed chapter is a new chapter, not the old one renamed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDocxBase64, toHtml, toMarkdown, type FixtureSection } from '../support/guidance.ts';
import { mutate, startTestServer, type TestServer } from '../support/server.ts';

const RESULT = `__typename ... on Error { message code }`;
const REGISTER = `mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { ${RESULT} } }`;
const IMPORT = `mutation($input: ImportDraftInput!) { importDraft(input: $input) { ${RESULT} } }`;
const PUBLISH = `mutation($input: PublishDraftInput!) { publishDraft(input: $input) { ${RESULT} } }`;
const RENDER = { HTML: toHtml, MARKDOWN: toMarkdown, DOCX: toDocxBase64 } as const;

const INTRODUCTION =
  'This protocol sets out how agencies in the borough work together to keep children safe from abuse and neglect.';
const HEALTH =
  'Health visitors and midwives are often the first professionals to see a family under stress and should refer concerns without waiting for certainty.';
const POLICE =
  'The police investigate crimes against children and should attend strategy discussions whenever a criminal offence may have been committed.';
const PARTNERS =
  'The three safeguarding partners are the local authority, the integrated care board and the chief officer of police, who share equal responsibility.';
const LEARNING =
  'When a child dies or is seriously harmed and abuse or neglect is suspected, the partners decide within fifteen working days whether a review is needed.';
const DISAGREEMENTS =
  'Disagreements between agencies about whether a threshold has been met are escalated promptly, first to line managers and then to the partners.';
const WAITING =
  'Agencies tell the partners about any case in which a child was harmed while on a waiting list for a service, so that the delay can be examined.';

const chapter = (number: string, heading: string, ...paragraphs: string[]): FixtureSection => ({
  number,
  heading,
  level: 1,
  paragraphs: paragraphs.map((text, i) => [`${number}.${i + 1}`, text]),
});

const VERSION_1 = [
  chapter('1', 'Introduction', INTRODUCTION),
  chapter('2', 'Roles of agencies', HEALTH, POLICE),
  chapter('3', 'Multi-agency arrangements', PARTNERS),
  chapter('4', 'Learning from serious incidents', LEARNING),
];

describe('carried-over section keys by place, over HTTP', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ SEED: 'false' });
  });
  afterAll(() => server.stop());

  async function publishBoth(slug: string, format: keyof typeof RENDER, second: FixtureSection[]) {
    expect((await mutate(server, REGISTER, { slug, title: slug, kind: 'PRACTICE_GUIDANCE' })).__typename).toBe(
      'RegisterDocumentSuccess',
    );
    for (const [label, sections, publishedOn] of [
      ['v1', VERSION_1, '2024-01-10'],
      ['v2', second, '2024-06-10'],
    ] as const) {
      const content = await RENDER[format](sections);
      const imported = await mutate(server, IMPORT, { slug, label, changeNote: `Issue ${label}`, format, content });
      expect(imported.__typename).toBe('ImportDraftSuccess');
      expect((await mutate(server, PUBLISH, { slug, label, publishedOn })).__typename).toBe('PublishDraftSuccess');
    }
    const res = await server.gql<{
      document: {
        compare: {
          sections: { change: string; fromKey: string | null; toKey: string | null; renamed: boolean }[];
          paragraphs: { change: string; fromSectionKey: string | null; toSectionKey: string | null }[];
        };
      };
    }>(`{ document(slug: "${slug}") { compare(from: "v1", to: "v2") {
      sections(change: [ADDED, REMOVED, MODIFIED]) { change fromKey toKey renamed }
      paragraphs(change: [ADDED, REMOVED, MODIFIED]) { change fromSectionKey toSectionKey } } } }`);
    expect(res.errors).toBeUndefined();
    return res.data!.document.compare;
  }

  it.each(['HTML', 'MARKDOWN', 'DOCX'] as const)(
    'given %s v2 with a chapter inserted before chapter 3, which is renamed and gains a moved and a new paragraph, when compared, then chapter 3 is renamed, not removed and added',
    async (format) => {
      const compare = await publishBoth(`inserted-${format.toLowerCase()}`, format, [
        chapter('1', 'Introduction', INTRODUCTION),
        chapter('2', 'Roles of agencies', HEALTH),
        chapter('3', 'Resolving disagreements', DISAGREEMENTS),
        chapter('4', 'Local safeguarding arrangements', PARTNERS, POLICE.replace('should', 'must'), WAITING),
        chapter('5', 'Learning from serious incidents', LEARNING),
      ]);
      expect(compare.sections).toEqual([
        { change: 'MODIFIED', fromKey: 'roles-of-agencies', toKey: 'roles-of-agencies', renamed: false },
        { change: 'ADDED', fromKey: null, toKey: 'resolving-disagreements', renamed: false },
        {
          change: 'MODIFIED',
          fromKey: 'multi-agency-arrangements',
          toKey: 'multi-agency-arrangements',
          renamed: true,
        },
      ]);
      expect(compare.paragraphs).toEqual([
        { change: 'ADDED', fromSectionKey: null, toSectionKey: 'resolving-disagreements' },
        { change: 'MODIFIED', fromSectionKey: 'roles-of-agencies', toSectionKey: 'multi-agency-arrangements' },
        { change: 'ADDED', fromSectionKey: null, toSectionKey: 'multi-agency-arrangements' },
      ]);
    },
  );

  it.each(['HTML', 'MARKDOWN', 'DOCX'] as const)(
    'given %s v2 whose chapter 2 is removed and a new chapter 2 only quotes a sentence of it, when compared, then chapter 2 is removed and the new one added',
    async (format) => {
      const compare = await publishBoth(`quoted-${format.toLowerCase()}`, format, [
        chapter('1', 'Introduction', INTRODUCTION),
        chapter('2', 'Contacts', 'Health visitors should refer concerns without waiting for certainty.'),
        chapter('3', 'Multi-agency arrangements', PARTNERS),
        chapter('4', 'Learning from serious incidents', LEARNING),
      ]);
      expect(compare.sections.map((s) => [s.change, s.fromKey, s.toKey])).toEqual([
        ['REMOVED', 'roles-of-agencies', null],
        ['ADDED', null, 'contacts'],
      ]);
    },
  );
});
