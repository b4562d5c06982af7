// Two versions of a small guidance document, written once and rendered as HTML, Markdown and
// DOCX, for the import tests. Version 2 moves paragraph 6 (education and childcare settings) from
// chapter 2 to chapter 3 with an edit, renames chapter 3, and adds one paragraph to section 1.1.
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';

export interface FixtureSection {
  number: string;
  heading: string;
  level: 1 | 2 | 3;
  paragraphs: [number: string, text: string][];
}

const EDUCATION_V1 =
  'Education and childcare settings should be involved in local safeguarding arrangements, because they see children every day and often notice first when something is wrong.';
const EDUCATION_V2 =
  'Education and childcare settings must be involved in local safeguarding arrangements, because they see children every day and often notice first when something is wrong at home.';
export const ADDED_PARAGRAPH =
  'Voluntary, charity and faith organisations also hold safeguarding duties and should know who to contact locally.';

export const VERSION_1: FixtureSection[] = [
  {
    number: '1',
    heading: 'Introduction',
    level: 1,
    paragraphs: [
      [
        '1',
        'This guidance sets out how organisations and agencies should work together to safeguard and promote the welfare of children.',
      ],
      ['2', 'It applies to every local authority, integrated care board and chief officer of police in England.'],
    ],
  },
  {
    number: '1.1',
    heading: 'Scope',
    level: 2,
    paragraphs: [
      [
        '3',
        'The guidance covers children up to the age of eighteen, including unborn children where concerns arise before birth.',
      ],
    ],
  },
  {
    number: '1.1.1',
    heading: 'Who this is for',
    level: 3,
    paragraphs: [
      [
        '4',
        'Practitioners, managers and senior leaders in every agency that works with children and families should read it.',
      ],
    ],
  },
  {
    number: '2',
    heading: 'Multi-agency safeguarding arrangements',
    level: 1,
    paragraphs: [
      [
        '5',
        'The three safeguarding partners share equal responsibility for the local arrangements and must agree how they will work together.',
      ],
      ['6', EDUCATION_V1],
    ],
  },
  {
    number: '2.1',
    heading: 'Lead safeguarding partners',
    level: 2,
    paragraphs: [
      [
        '7',
        'Each partner names a lead safeguarding partner, the head of the organisation, who is accountable for its contribution.',
      ],
    ],
  },
  {
    number: '3',
    heading: 'Working with schools',
    level: 1,
    paragraphs: [
      [
        '8',
        'Schools and colleges play a vital part in keeping children safe, and designated safeguarding leads coordinate their response.',
      ],
      [
        '9',
        'Local arrangements should set out how schools share information with partners and take part in reviews of practice.',
      ],
    ],
  },
];

export const VERSION_2: FixtureSection[] = [
  VERSION_1[0]!,
  { ...VERSION_1[1]!, paragraphs: [VERSION_1[1]!.paragraphs[0]!, ['4', ADDED_PARAGRAPH]] },
  { ...VERSION_1[2]!, paragraphs: [['5', VERSION_1[2]!.paragraphs[0]![1]]] },
  { ...VERSION_1[3]!, paragraphs: [['6', VERSION_1[3]!.paragraphs[0]![1]]] },
  { ...VERSION_1[4]!, paragraphs: [['7', VERSION_1[4]!.paragraphs[0]![1]]] },
  {
    number: '3',
    heading: 'Education and childcare settings',
    level: 1,
    paragraphs: [
      ['8', EDUCATION_V2],
      ['9', VERSION_1[5]!.paragraphs[0]![1]],
      ['10', VERSION_1[5]!.paragraphs[1]![1]],
    ],
  },
];

export const MOVED = { from: EDUCATION_V1, to: EDUCATION_V2 };

/**
 * A harder pair for carried-over keys: chapter 3 starts with one paragraph, and version 2 renames
 * it, moves the education paragraph into it with an edit and adds a paragraph to it, so most of the
 * renamed chapter's text is new to it.
 */
export const SHORT_CHAPTER_V1: FixtureSection[] = [
  ...VERSION_1.slice(0, 5),
  { ...VERSION_1[5]!, paragraphs: [VERSION_1[5]!.paragraphs[0]!] },
];

export const SHORT_CHAPTER_V2: FixtureSection[] = [
  ...VERSION_1.slice(0, 3),
  { ...VERSION_1[3]!, paragraphs: [VERSION_1[3]!.paragraphs[0]!] },
  { ...VERSION_1[4]!, paragraphs: [['6', VERSION_1[4]!.paragraphs[0]![1]]] },
  {
    number: '3',
    heading: 'Education and childcare settings',
    level: 1,
    paragraphs: [
      ['7', EDUCATION_V2],
      ['8', VERSION_1[5]!.paragraphs[0]![1]],
      ['9', ADDED_PARAGRAPH],
    ],
  },
];

/** A heading as documents print it: "2. Title", "2.1 Title". */
const printed = (s: FixtureSection) => `${s.number}${s.number.includes('.') ? '' : '.'} ${s.heading}`;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** GOV.UK-style HTML: numbered headings, numbered paragraphs in <p>, a navigation block to skip. */
export function toHtml(sections: FixtureSection[]): string {
  const body = sections
    .map((s) => {
      const h = `h${s.level + 1}`;
      const paragraphs = s.paragraphs.map(([n, t]) => `<p>${n}. ${escapeHtml(t)}</p>`).join('\n');
      return `<${h} id="s${s.number}">${escapeHtml(printed(s))}</${h}>\n${paragraphs}`;
    })
    .join('\n');
  // Headings start at h2 under a page title, as published pages do; levels are relative.
  return `<!doctype html><html><head><title>Guidance</title><style>p{}</style></head><body>
<nav><a href="#s1">Contents</a></nav><main>\n${body}\n</main></body></html>`;
}

/** Markdown with numbered headings and each chapter's paragraphs as an ordered list. */
export function toMarkdown(sections: FixtureSection[]): string {
  return sections
    .map((s) => {
      const items = s.paragraphs.map(([n, t]) => `${n}. ${t}`).join('\n\n');
      return `${'#'.repeat(s.level)} ${printed(s)}\n\n${items}\n`;
    })
    .join('\n');
}

const LEVELS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const;

/** A Word document built with the docx library, base64-encoded as importDraft takes it. */
export async function toDocxBase64(sections: FixtureSection[]): Promise<string> {
  const children = sections.flatMap((s) => [
    new Paragraph({ text: printed(s), heading: LEVELS[s.level - 1] }),
    ...s.paragraphs.map(([n, t]) => new Paragraph({ text: `${n}. ${t}` })),
  ]);
  const buffer = await Packer.toBuffer(new Document({ sections: [{ children }] }));
  return Buffer.from(buffer).toString('base64');
}
