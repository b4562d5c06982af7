// The seed corpus of guidance documents, checked on its own: these tests import nothing from the
// project but the corpus, so they hold whatever happens to the event catalogue or the comparison
// code. (The comparison of versions end to end is covered by tests/e2e/documents.e2e.test.ts.)
import { describe, expect, it } from 'vitest';
import { seedDocuments, type SeedDocument, type SeedVersion } from '../../src/seed/documents.ts';

const SECTION_KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const KINDS = ['STATUTORY_GUIDANCE', 'PRACTICE_GUIDANCE', 'POLICY_PAPER', 'NEWS_ITEM', 'SHORT_FILM', 'RESOURCE'];

function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const doc = (slug: string): SeedDocument => {
  const found = seedDocuments.find((d) => d.slug === slug);
  if (!found) throw new Error(`no seed document ${slug}`);
  return found;
};
const WT = doc('working-together-to-safeguard-children');
const version = (label: string): SeedVersion => {
  const found = WT.versions.find((v) => v.label === label);
  if (!found) throw new Error(`no Working Together version ${label}`);
  return found;
};
const keys = (v: SeedVersion) => v.sections.map((s) => s.key);
const section = (label: string, key: string) => {
  const found = version(label).sections.find((s) => s.key === key);
  if (!found) throw new Error(`no section ${key} in ${label}`);
  return found;
};

const WT_2018_KEYS = [
  'introduction',
  'assessing-need',
  'organisational-responsibilities',
  'multi-agency-arrangements',
  'improving-practice',
  'child-death-reviews',
];
const WT_2023_KEYS = [
  'introduction',
  'shared-responsibility',
  'multi-agency-arrangements',
  'assessing-need',
  'organisational-responsibilities',
  'improving-practice',
  'child-death-reviews',
];

describe('isRealDate (the helper these tests rely on)', () => {
  it('accepts real dates and refuses impossible or badly written ones', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2023-02-29')).toBe(false);
    expect(isRealDate('2023-12-32')).toBe(false);
    expect(isRealDate('2023-12-1')).toBe(false);
    expect(isRealDate('15/12/2023')).toBe(false);
  });
});

describe('the seed corpus follows the rules editors are held to', () => {
  it('has unique, well-formed slugs, non-empty titles and known kinds', () => {
    const slugs = seedDocuments.map((d) => d.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const d of seedDocuments) {
      expect(d.slug).toMatch(SLUG);
      expect(d.title.trim(), d.slug).not.toBe('');
      expect(KINDS, d.slug).toContain(d.kind);
      expect(d.versions.length, d.slug).toBeGreaterThan(0);
    }
  });

  it('gives each document uniquely labelled versions with real, strictly increasing dates', () => {
    for (const d of seedDocuments) {
      const labels = d.versions.map((v) => v.label);
      expect(new Set(labels).size, d.slug).toBe(labels.length);
      for (const v of d.versions) {
        expect(v.label.trim(), d.slug).not.toBe('');
        expect(isRealDate(v.publishedOn), `${d.slug} ${v.label} ${v.publishedOn}`).toBe(true);
      }
      for (let i = 1; i < d.versions.length; i++) {
        expect(d.versions[i]!.publishedOn > d.versions[i - 1]!.publishedOn, `${d.slug} ${d.versions[i]!.label}`).toBe(
          true,
        );
      }
    }
  });

  it('gives every version a change note of one or two sentences and a source', () => {
    for (const d of seedDocuments) {
      for (const v of d.versions) {
        const where = `${d.slug} ${v.label}`;
        expect(v.changeNote.trim(), where).not.toBe('');
        expect(v.source.trim(), where).not.toBe('');
        const sentences = v.changeNote.split(/(?<=[.!?])\s+(?=[A-Z])/).filter((s) => s.trim() !== '');
        expect(sentences.length, where).toBeGreaterThanOrEqual(1);
        expect(sentences.length, where).toBeLessThanOrEqual(2);
      }
    }
  });

  it('gives every section a valid key, unique within its version, a heading and a body of 2 to 5 paragraphs', () => {
    for (const d of seedDocuments) {
      for (const v of d.versions) {
        const where = `${d.slug} ${v.label}`;
        expect(v.sections.length, where).toBeGreaterThan(0);
        expect(new Set(keys(v)).size, where).toBe(v.sections.length);
        for (const s of v.sections) {
          expect(s.key, where).toMatch(SECTION_KEY);
          expect(s.heading.trim(), `${where} ${s.key}`).not.toBe('');
          expect(s.heading, `${where} ${s.key}`).toBe(s.heading.trim());
          const paragraphs = s.body.split('\n\n');
          expect(paragraphs.length, `${where} ${s.key}`).toBeGreaterThanOrEqual(2);
          expect(paragraphs.length, `${where} ${s.key}`).toBeLessThanOrEqual(5);
          for (const p of paragraphs) {
            expect(p.trim(), `${where} ${s.key}`).not.toBe('');
            expect(p, `${where} ${s.key}: no stray whitespace or single line breaks`).toBe(p.trim());
            expect(p, `${where} ${s.key}`).not.toContain('\n');
          }
        }
      }
    }
  });

  it('records the circular’s other items with the kinds and dates the brief names', () => {
    expect(doc('childrens-social-care-national-framework')).toMatchObject({
      kind: 'STATUTORY_GUIDANCE',
      versions: [{ publishedOn: '2023-12-15' }],
    });
    expect(doc('inspecting-local-authority-childrens-services').versions[0]!.publishedOn).toBe('2024-02-02');
    expect(doc('basw-age-assessment-practice-guide').kind).toBe('PRACTICE_GUIDANCE');
    expect(doc('kinship-care-strategy').kind).toBe('POLICY_PAPER');
    const kinds = new Set(seedDocuments.map((d) => d.kind));
    expect(kinds.has('NEWS_ITEM') || kinds.has('RESOURCE') || kinds.has('SHORT_FILM')).toBe(true);
    // Where the circular gives no date, its issue date stands in and the change note says so.
    for (const d of seedDocuments) {
      for (const v of d.versions) {
        if (v.publishedOn === '2024-03-01') expect(v.changeNote, d.slug).toMatch(/gives no (publication )?date/);
      }
    }
    const framework = doc('childrens-social-care-national-framework')
      .versions[0]!.sections.map((s) => s.body)
      .join('\n\n');
    expect(framework).toContain('15 December 2023');
    expect(framework).toContain('20 December 2024');
    expect(framework).toContain('Improving Practice with Children, Young People and Families');
  });
});

describe('Working Together to Safeguard Children', () => {
  it('has the three editions, in order', () => {
    expect(WT).toMatchObject({ title: 'Working Together to Safeguard Children', kind: 'STATUTORY_GUIDANCE' });
    expect(WT.versions.map((v) => [v.label, v.publishedOn])).toEqual([
      ['2018', '2018-07-04'],
      ['2020', '2020-12-09'],
      ['2023', '2023-12-15'],
    ]);
  });

  it('has the chapter order of each edition', () => {
    expect(keys(version('2018'))).toEqual(WT_2018_KEYS);
    expect(keys(version('2020'))).toEqual(WT_2018_KEYS);
    expect(keys(version('2023'))).toEqual(WT_2023_KEYS);
  });

  it('has the 2018 headings', () => {
    expect(version('2018').sections.map((s) => s.heading)).toEqual([
      'Introduction',
      'Assessing need and providing help',
      'Organisational responsibilities',
      'Multi-agency safeguarding arrangements',
      'Improving child protection and safeguarding practice',
      'Child death reviews',
    ]);
  });

  it('2020 differs from 2018 only in the bodies of the chapters the factual update touched', () => {
    const before = version('2018').sections;
    const after = version('2020').sections;
    expect(after.map((s) => [s.key, s.heading])).toEqual(before.map((s) => [s.key, s.heading]));
    const identical = after.filter((s, i) => s.body === before[i]!.body).map((s) => s.key);
    const changed = after.filter((s, i) => s.body !== before[i]!.body).map((s) => s.key);
    expect(identical).toEqual(['child-death-reviews']);
    expect(changed).toEqual([
      'introduction',
      'assessing-need',
      'organisational-responsibilities',
      'multi-agency-arrangements',
      'improving-practice',
    ]);
  });

  // Every item of the list of changes in the TASP Spring 2021 newsletter, and the chapter it lands in.
  const FACTUAL_CHANGES: [item: string, key: string, text: RegExp][] = [
    ['information sharing without consent', 'assessing-need', /do not require consent/],
    ['lawful basis other than consent', 'assessing-need', /public interest or exercising official authority/],
    ['domestic abuse and coercive control', 'assessing-need', /controlling or coercive behaviour/],
    ['children as victims of domestic abuse in their own right', 'assessing-need', /victims in their own right/],
    ['homelessness duty to refer', 'assessing-need', /section 213B of the Housing Act 1996/],
    ['missing children', 'assessing-need', /missing children/],
    ['children of offenders', 'assessing-need', /offender/],
    ['children in mental health inpatient settings', 'assessing-need', /mental health inpatient setting/],
    ['contextual safeguarding retitled', 'assessing-need', /risk outside the home/],
    ['CSE/CSA toolkit', 'assessing-need', /toolkit and framework on child sexual exploitation and abuse/],
    ['Appendix B link on fabricated or induced illness removed', 'assessing-need', /fabricated or induced illness/],
    [
      'armed forces',
      'organisational-responsibilities',
      /armed forces, whose section is shortened and given current contact details/,
    ],
    [
      'VCSE, faith-based and private sector paragraph',
      'organisational-responsibilities',
      /private sector organisations is clarified/,
    ],
    ['Public Health England footnote', 'organisational-responsibilities', /Public Health England/],
    ['alignment with KCSIE 2020', 'organisational-responsibilities', /2020 edition/],
    ['multi-agency arrangements clarified', 'multi-agency-arrangements', /clarifying material/],
    ['table on notification, rapid review and local review', 'improving-practice', /new table/i],
    ['safeguarding definition names mental and physical health', 'introduction', /mental and physical health/],
    ['domestic abuse referred to in the introduction', 'introduction', /domestic abuse/],
    ['school staff and mental health', 'organisational-responsibilities', /mental health problems can be a sign/],
    ['allegations against people in positions of trust', 'organisational-responsibilities', /conduct outside work/],
  ];

  it.each(FACTUAL_CHANGES)('2020 reflects the factual change “%s” in %s', (_item, key, text) => {
    expect(section('2020', key).body).toMatch(text);
    expect(section('2018', key).body).not.toMatch(text);
  });

  it('names the factual changes in the 2020 change note', () => {
    const note = version('2020').changeNote;
    for (const fact of [
      'consent',
      'coercive control',
      'homelessness',
      'missing children',
      'children of offenders',
      'KCSIE 2020',
      'Appendix B',
      'armed forces',
      'Public Health England',
      'table',
    ]) {
      expect(note).toContain(fact);
    }
  });

  it('2023 adds a chapter, moves the arrangements forward and renames two chapters, removing none', () => {
    const from = keys(version('2018'));
    const to = keys(version('2023'));
    expect(to.filter((k) => !from.includes(k))).toEqual(['shared-responsibility']);
    expect(from.filter((k) => !to.includes(k))).toEqual([]);
    // Only the arrangements change place relative to the other chapters kept from 2018.
    const kept = to.filter((k) => from.includes(k));
    expect(kept).not.toEqual(from);
    const withoutMoved = (ks: string[]) => ks.filter((k) => k !== 'multi-agency-arrangements');
    expect(withoutMoved(kept)).toEqual(withoutMoved(from));
    expect(kept.indexOf('multi-agency-arrangements')).toBeLessThan(kept.indexOf('assessing-need'));
  });

  it('has the 2023 headings: one new, two renamed, the rest as before', () => {
    const headings = Object.fromEntries(version('2023').sections.map((s) => [s.key, s.heading]));
    expect(headings).toEqual({
      introduction: 'Introduction',
      'shared-responsibility': 'A shared responsibility',
      'multi-agency-arrangements': 'Multi-agency safeguarding arrangements',
      'assessing-need': 'Providing help, support and protection',
      'organisational-responsibilities': 'Organisational responsibilities',
      'improving-practice': 'Learning from serious child safeguarding incidents',
      'child-death-reviews': 'Child death reviews',
    });
  });

  it('2023 reflects the revision: integrated care boards, lead and delegated partners, a chair, education, practice standards', () => {
    const arrangements = section('2023', 'multi-agency-arrangements').body;
    for (const fact of [
      'integrated care boards',
      'lead safeguarding partner',
      'delegated safeguarding partner',
      'partnership chair',
      'relevant agencies',
    ]) {
      expect(arrangements).toContain(fact);
    }
    expect(section('2023', 'assessing-need').body).toContain('multi-agency child protection practice standards');
    expect(section('2023', 'assessing-need').body).toContain('family help');
    expect(section('2023', 'child-death-reviews').body).toContain('integrated care boards');
    expect(section('2018', 'multi-agency-arrangements').body).toContain('clinical commissioning group');
    const note = version('2023').changeNote;
    for (const fact of ['multi-agency', 'child-centred', 'whole-family', 'child protection practice'])
      expect(note).toContain(fact);
  });
});

describe('Working Together: structure, and corrections against the public record', () => {
  it('says lead safeguarding partners should appoint delegated partners, and brings care leavers into the learning chapter', () => {
    expect(section('2023', 'multi-agency-arrangements').body).toMatch(
      /should appoint a delegated safeguarding partner/,
    );
    expect(section('2023', 'improving-practice').body).toMatch(/care leaver under the age of 25/);
  });

  it('prints chapter numbers, the introduction unnumbered', () => {
    expect(version('2023').sections.map((s) => s.number ?? null)).toEqual([null, '1', '2', '3', '4', '5', '6']);
    expect(version('2018').sections.map((s) => s.number ?? null)).toEqual([null, '1', '2', '3', '4', '5']);
  });

  it('first mentions coercive control in 2020', () => {
    const mentions = WT.versions.map((v) => v.sections.some((s) => /coercive control/i.test(s.body)));
    expect(mentions).toEqual([false, true, false]);
  });
});
