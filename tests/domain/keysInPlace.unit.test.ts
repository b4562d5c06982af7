// A section keeps an earlier section's key by standing in its place only when whole paragraphs
// carry over: a new section at the same printed number that quotes a sentence of the earlier
// one does not take its key.
import { describe, expect, it } from 'vitest';
import { assignKeys, type PreviousSection } from '../../src/domain/documents/keys.ts';
import type { ParsedSection } from '../../src/domain/documents/structure.ts';

const chapter = (number: string, heading: string, paragraphs: string[]): ParsedSection => ({
  heading,
  level: 1,
  number,
  paragraphs: paragraphs.map((text) => ({ number: null, text })),
});
const previousOf = (sections: ParsedSection[]): PreviousSection[] =>
  assignKeys(sections, []).map((s) => ({
    key: s.key,
    heading: s.heading,
    level: s.level,
    number: s.number,
    body: s.paragraphs.map((p) => p.text).join('\n\n'),
  }));

const introduction =
  'This protocol sets out how agencies in the borough work together to keep children safe from abuse and neglect.';
const escalation = [
  'Disagreements between agencies about whether a threshold has been met should be escalated promptly, first to line managers and then to the safeguarding partners.',
  'Schools and early years settings see children every day and are well placed to notice changes in behaviour, attendance or appearance that may indicate abuse.',
  'The police are responsible for investigating crimes against children and should attend strategy discussions whenever a criminal offence may have been committed.',
];
const learning =
  'When a child dies or is seriously harmed and abuse or neglect is suspected, the partners decide within fifteen working days whether a review is needed.';
const before = [
  chapter('1', 'Introduction', [introduction]),
  chapter('2', 'Escalation', escalation),
  chapter('3', 'Learning', [learning]),
];

describe('assignKeys by place, against a section that quotes an earlier one', () => {
  it('given chapter 2 removed and a new chapter 2 that is one sentence quoted from it, when keyed, then the new chapter gets a new key', () => {
    const after = [
      chapter('1', 'Introduction', [introduction]),
      chapter('2', 'Contacts', ['Schools and early years settings see children every day.']),
      chapter('3', 'Learning', [learning]),
    ];
    expect(assignKeys(after, previousOf(before)).map((s) => s.key)).toEqual(['introduction', 'contacts', 'learning']);
  });

  it('given a one-sentence chapter 2 replaced by a long new chapter 2 with that sentence inside one of its paragraphs, when keyed, then the new chapter gets a new key', () => {
    const sentence = 'Disagreements should be escalated promptly to line managers.';
    const shortBefore = [
      chapter('1', 'Introduction', [introduction]),
      chapter('2', 'Escalation', [sentence]),
      chapter('3', 'Learning', [learning]),
    ];
    const after = [
      chapter('1', 'Introduction', [introduction]),
      chapter('2', 'Complaints procedure', [
        `Families may complain about any agency named in this protocol. ${sentence} Complaints are answered within twenty working days.`,
        escalation[1]!,
        escalation[2]!,
      ]),
      chapter('3', 'Learning', [learning]),
    ];
    expect(assignKeys(after, previousOf(shortBefore)).map((s) => s.key)).toEqual([
      'introduction',
      'complaints-procedure',
      'learning',
    ]);
  });

  it('given chapter 2 renamed after losing two of its three paragraphs, the one kept lightly edited, when keyed, then it keeps its key', () => {
    const after = [
      chapter('1', 'Introduction', [introduction]),
      chapter('2', 'Resolving disagreements', [escalation[0]!.replace('should', 'must')]),
      chapter('3', 'Learning', [learning]),
    ];
    expect(assignKeys(after, previousOf(before)).map((s) => s.key)).toEqual(['introduction', 'escalation', 'learning']);
  });
});

describe('assignKeys by place, when a chapter is inserted before a renamed one', () => {
  // Distinct words per paragraph, so similarity depends only on how many paragraphs two texts share.
  const para = (n: number) => Array.from({ length: 20 }, (_, k) => `p${n}w${k}`).join(' ');
  const numbered = (number: string | null, heading: string, paragraphs: number[]): ParsedSection => ({
    heading,
    level: 1,
    number,
    paragraphs: paragraphs.map((n) => ({ number: null, text: para(n) })),
  });
  const keysOf = (after: ParsedSection[], before: ParsedSection[]) =>
    assignKeys(after, previousOf(before)).map((s) => s.key);

  // Chapter 3 (Arrangements) renamed and grown, with a chapter inserted before it and one of
  // Roles' paragraphs moved into it.
  const INSERTION_BEFORE = [
    numbered('1', 'Introduction', [1, 2]),
    numbered('2', 'Roles', [3, 4]),
    numbered('3', 'Arrangements', [5]),
    numbered('4', 'Learning', [7]),
  ];
  const INSERTION_AFTER = [
    numbered('1', 'Introduction', [1, 2]),
    numbered('2', 'Roles', [3]),
    numbered('3', 'Disagreements', [9]),
    numbered('4', 'Local arrangements', [5, 4, 6]),
    numbered('5', 'Learning', [7]),
  ];

  it('given chapter 3 renamed and grown, pushed to 4 by a new chapter 3, when keyed, then it keeps its key beside the same next chapter', () => {
    const before = INSERTION_BEFORE;
    const after = INSERTION_AFTER;
    expect(keysOf(after, before)).toEqual(['introduction', 'roles', 'disagreements', 'arrangements', 'learning']);
  });

  it('given the same without printed numbers, when keyed, then it keeps its key beside the same next chapter', () => {
    const unnumbered = (sections: ParsedSection[]) => sections.map((s) => ({ ...s, number: null }));
    const before = unnumbered(INSERTION_BEFORE);
    const after = unnumbered(INSERTION_AFTER);
    expect(keysOf(after, before)).toEqual(['introduction', 'roles', 'disagreements', 'arrangements', 'learning']);
  });

  it('given chapter 3 renamed and grown, pulled up to 2 by the removal of chapter 2, when keyed, then it keeps its key beside the same next chapter', () => {
    const before = [
      numbered('1', 'Introduction', [1, 2]),
      numbered('2', 'Roles', [3, 4]),
      numbered('3', 'Arrangements', [5]),
      numbered('4', 'Learning', [7]),
    ];
    const after = [
      numbered('1', 'Introduction', [1, 2, 3]),
      numbered('2', 'Local arrangements', [5, 4, 6]),
      numbered('3', 'Learning', [7]),
    ];
    expect(keysOf(after, before)).toEqual(['introduction', 'arrangements', 'learning']);
  });
});

describe('assignKeys by place, when paragraphs were merged or split', () => {
  const para = (n: number) => Array.from({ length: 20 }, (_, k) => `p${n}w${k}`).join(' ');
  const chapterOf = (number: string, heading: string, paragraphs: string[]): ParsedSection => ({
    heading,
    level: 1,
    number,
    paragraphs: paragraphs.map((text) => ({ number: null, text })),
  });
  const before = [
    chapterOf('1', 'Introduction', [para(1)]),
    chapterOf('2', 'Arrangements', [para(2), para(3), para(4)]),
    chapterOf('3', 'Learning', [para(9)]),
  ];
  const grown = [para(5), para(6), para(7), para(8), para(10)];

  it('given chapter 2 renamed, its three paragraphs merged into one and five added, when keyed, then it keeps its key', () => {
    const after = [
      chapterOf('1', 'Introduction', [para(1)]),
      chapterOf('2', 'Local arrangements', [[para(2), para(3), para(4)].join(' '), ...grown]),
      chapterOf('3', 'Learning', [para(9)]),
    ];
    expect(assignKeys(after, previousOf(before)).map((s) => s.key)).toEqual([
      'introduction',
      'arrangements',
      'learning',
    ]);
  });

  it('given chapter 2 renamed, one of its paragraphs split in three and five added, when keyed, then it keeps its key', () => {
    const long = [para(2), para(3), para(4)].join(' ');
    const joined = [chapterOf('1', 'Introduction', [para(1)]), chapterOf('2', 'Arrangements', [long]), before[2]!];
    const after = [
      chapterOf('1', 'Introduction', [para(1)]),
      chapterOf('2', 'Local arrangements', [para(2), para(3), para(4), ...grown]),
      chapterOf('3', 'Learning', [para(9)]),
    ];
    expect(assignKeys(after, previousOf(joined)).map((s) => s.key)).toEqual([
      'introduction',
      'arrangements',
      'learning',
    ]);
  });
});
