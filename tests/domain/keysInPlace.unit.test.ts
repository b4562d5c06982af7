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
