import { describe, expect, it } from 'vitest';
import { compareSections } from '../../src/domain/documents/compare.ts';
import { isRealDate, SECTION_KEY_PATTERN } from '../../src/events/catalogue.ts';
import { seedDocuments } from '../../src/seed/documents.ts';

const wt = seedDocuments.find((d) => d.slug === 'working-together-to-safeguard-children')!;
const version = (label: string) => wt.versions.find((v) => v.label === label)!;
const asText = (label: string) => version(label).sections.map((s, i) => ({ ...s, position: i + 1 }));

describe('the seed corpus', () => {
  it('follows the rules editors are held to', () => {
    for (const doc of seedDocuments) {
      const labels = doc.versions.map((v) => v.label);
      expect(new Set(labels).size, doc.slug).toBe(labels.length);
      const dates = doc.versions.map((v) => v.publishedOn);
      expect([...dates].sort(), doc.slug).toEqual(dates);
      for (const v of doc.versions) {
        expect(isRealDate(v.publishedOn)).toBe(true);
        expect(v.changeNote.trim()).not.toBe('');
        expect(v.source.trim()).not.toBe('');
        const keys = v.sections.map((s) => s.key);
        expect(new Set(keys).size).toBe(keys.length);
        for (const s of v.sections) {
          expect(s.key).toMatch(SECTION_KEY_PATTERN);
          expect(s.heading.trim()).not.toBe('');
          expect(s.body.trim()).not.toBe('');
        }
      }
    }
  });

  it('gives Working Together the chapter order of each edition', () => {
    expect(version('2018').sections.map((s) => s.key)).toEqual([
      'introduction',
      'assessing-need',
      'organisational-responsibilities',
      'multi-agency-arrangements',
      'improving-practice',
      'child-death-reviews',
    ]);
    expect(version('2020').sections.map((s) => [s.key, s.heading])).toEqual(version('2018').sections.map((s) => [s.key, s.heading]));
    expect(version('2023').sections.map((s) => s.key)).toEqual([
      'introduction',
      'shared-responsibility',
      'multi-agency-arrangements',
      'assessing-need',
      'organisational-responsibilities',
      'improving-practice',
      'child-death-reviews',
    ]);
  });

  it('shows the 2020 factual update as changed chapters only: none moved, renamed, added or removed', () => {
    const { summary } = compareSections(asText('2018'), asText('2020'));
    expect(summary).toMatchObject({ added: 0, removed: 0, moved: 0, renamed: 0, unchanged: 2, modified: 4 });
    const notes = version('2020').changeNote;
    for (const fact of ['consent', 'coercive control', 'homelessness', 'KCSIE 2020', 'children of offenders']) {
      expect(notes).toContain(fact);
    }
  });

  it('shows the 2023 restructuring: a new first chapter, arrangements moved forward, two chapters renamed', () => {
    const { summary, sections } = compareSections(asText('2018'), asText('2023'));
    const byKey = new Map(sections.map((s) => [s.key, s]));
    expect(byKey.get('shared-responsibility')?.change).toBe('ADDED');
    expect(sections.filter((s) => s.moved).map((s) => s.key)).toEqual(['multi-agency-arrangements']);
    expect(sections.filter((s) => s.renamed).map((s) => [s.key, s.toHeading])).toEqual([
      ['assessing-need', 'Providing help, support and protection'],
      ['improving-practice', 'Learning from serious child safeguarding incidents'],
    ]);
    expect(summary.removed).toBe(0);
  });
});
