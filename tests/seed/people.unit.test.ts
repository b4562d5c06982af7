// Everyone the seed names has a record with a key of their own, and every seeded text naming a
// person is sealed with that key, so erasing any of them erases every text about them. The seed
// is a fixed corpus: this list holds every person its texts name. A new speaker, author or
// trustee added to the seed without a record fails here, as does a text naming someone in a field
// that is not sealed with their key.
import { describe, expect, it } from 'vitest';
import { taspIssues, type SeedIssue } from '../../src/seed/tasp.ts';

/** Every person the seed's texts name, with how a text names them. */
const SEED_PEOPLE: { name: string; named: RegExp }[] = [
  { name: 'Richard Burrows', named: /\bBurrows\b/ },
  { name: 'Deborah Hodes', named: /\bHodes\b/ },
  { name: 'Nazir Afzal', named: /\bAfzal\b/ },
  { name: 'Nasima Patel', named: /\bPatel\b/ },
  { name: 'Sir Alan Wood', named: /\bAlan Wood\b/ },
  { name: 'Vicky Ford', named: /\bVicky Ford\b/ },
  { name: 'Anne Whyte', named: /\bWhyte\b/ },
  { name: 'Dez Holmes', named: /\bDez Holmes\b/ },
  { name: 'Claudia Bernard', named: /\bClaudia Bernard\b/ },
  { name: 'John Coleman', named: /\bJohn Coleman\b/ },
  { name: 'Fran Pearson', named: /\bFran Pearson\b/ },
];

/** How a text introduces a person: an honorific or a post-nominal, or "with/by/of <Name Surname>". */
const LOOKS_LIKE_A_PERSON = [
  /\b(?:Sir|Dame|Lord|Lady|Baroness|Professor|Prof\.|Dr\.?|Mr\.?|Mrs\.?|Ms\.?)\s+\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+)*/gu,
  /\b\p{Lu}\p{L}+\s+\p{Lu}\p{L}+(?=\s+(?:MP|OBE|CBE|MBE|KC|QC)\b)/gu,
  /\b(?:trustees?|Remembering|podcast with|webinar with|tribute to)\s*:?\s+\p{Lu}\p{L}+\s+\p{Lu}\p{L}+/gu,
];

const namedIn = (text: string | undefined): string[] =>
  text ? SEED_PEOPLE.filter((p) => p.named.test(text)).map((p) => p.name) : [];

/** Each text of an issue with the people whose keys seal it (see src/events/catalogue and loadTasp). */
function textsOf(issue: SeedIssue): { where: string; text: string; sealedFor: string[] }[] {
  const itemPeople = (i: SeedIssue['items'][number]) => [...(i.about ?? []), ...(i.people ?? [])];
  const everyone = [...new Set(issue.items.flatMap(itemPeople))];
  const texts = [
    // The publication's title, its note and source are sealed with the keys of everyone its items are about.
    { where: 'title', text: issue.title, sealedFor: everyone },
    { where: 'dateNote', text: issue.dateNote, sealedFor: everyone },
    { where: 'source', text: issue.source, sealedFor: everyone },
    ...issue.items.flatMap((item, i) => [
      { where: `items.${i}.title`, text: item.title, sealedFor: itemPeople(item) },
      { where: `items.${i}.summary`, text: item.summary, sealedFor: itemPeople(item) },
    ]),
    ...(issue.appointments ?? []).map((a, i) => ({
      where: `appointments.${i}.note`,
      text: a.note,
      sealedFor: [a.name],
    })),
    ...(issue.admissions ?? []).map((a, i) => ({
      where: `admissions.${i}.note`,
      text: `${a.note}`,
      sealedFor: a.kind === 'INDIVIDUAL' ? [a.name] : [],
    })),
    // Board-size, figures and terms events are about no one: their notes are public.
    ...(issue.boardSize ? [{ where: 'boardSize.note', text: issue.boardSize.note, sealedFor: [] }] : []),
    ...(issue.figures ? [{ where: 'figures.note', text: issue.figures.note, sealedFor: [] }] : []),
    ...(issue.terms ? [{ where: 'terms.note', text: issue.terms.note, sealedFor: [] }] : []),
  ];
  return texts.map((t) => ({ ...t, where: `${issue.slug} ${t.where}` }));
}

describe('the people the seed names', () => {
  const trustees = new Set(taspIssues.flatMap((i) => (i.appointments ?? []).map((a) => a.name)));
  const individuals = new Set(
    taspIssues.flatMap((i) => (i.admissions ?? []).filter((a) => a.kind === 'INDIVIDUAL').map((a) => a.name)),
  );
  const recordedOnTheirOwn = new Set(taspIssues.flatMap((i) => i.items.flatMap((item) => item.people ?? [])));

  it('each have a record with a key: a trustee appointment, an individual membership, or a person record from an item', () => {
    const withoutRecord = SEED_PEOPLE.map((p) => p.name).filter(
      (n) => !trustees.has(n) && !individuals.has(n) && !recordedOnTheirOwn.has(n),
    );
    expect(withoutRecord).toEqual([]);
    // An item's `about` names seeded trustees; its `people` names those who are not.
    for (const issue of taspIssues) {
      for (const item of issue.items) {
        for (const name of item.about ?? []) expect(trustees, `${issue.slug}: ${item.title}`).toContain(name);
        for (const name of item.people ?? [])
          expect(trustees.has(name) || individuals.has(name), `${name} has a record already`).toBe(false);
      }
    }
  });

  it('are named only in texts sealed with their keys', () => {
    const unsealed = taspIssues.flatMap((issue) =>
      textsOf(issue).flatMap(({ where, text, sealedFor }) =>
        namedIn(text)
          .filter((n) => !sealedFor.includes(n))
          .map((n) => `${where}: ${n}`),
      ),
    );
    expect(unsealed).toEqual([]);
  });

  it('are all in the list: no text introduces a person the list does not know', () => {
    const unknown = taspIssues.flatMap((issue) =>
      textsOf(issue).flatMap(({ where, text }) =>
        LOOKS_LIKE_A_PERSON.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[0]))
          .filter((found) => namedIn(found).length === 0)
          .map((found) => `${where}: ${found}`),
      ),
    );
    expect(unknown).toEqual([]);
  });

  it('would be caught: an item naming an unlisted speaker, or a listed person in an unsealed note, fails', () => {
    const issue = taspIssues[0]!;
    const speaker: SeedIssue = {
      ...issue,
      items: [{ category: 'EVENT', title: 'Webinar with Professor Jane Doe', summary: 'A talk.' }],
    };
    expect(
      textsOf(speaker).some(({ text }) =>
        LOOKS_LIKE_A_PERSON.some((p) => [...text.matchAll(p)].some((m) => namedIn(m[0]).length === 0)),
      ),
    ).toBe(true);
    const note: SeedIssue = { ...issue, boardSize: { size: 9, note: 'Reported by Deborah Hodes.' } };
    expect(textsOf(note).some(({ text, sealedFor }) => namedIn(text).some((n) => !sealedFor.includes(n)))).toBe(true);
  });
});
