import { describe, expect, it } from 'vitest';
import { ASSOCIATION_FACTS, ISSUE_DATING, KNOWN_DISCREPANCIES } from '../../src/seed/evidence.ts';
import { taspIssues } from '../../src/seed/tasp.ts';
import { seedFacts } from '../../src/seed/taspFacts.ts';
import { EXPECTED_FACT_INTERVALS } from '../support/archiveEvidence.ts';

describe('the evidence behind the TASP seed', () => {
  it('dates each issue from its content: Spring 2021 by the webinar of 22 February, Summer 2023 after 27 July', () => {
    expect(ISSUE_DATING['tasp-newsletter-spring-2021']).toMatchObject({ earliest: '2021-01-15', latest: '2021-02-22' });
    expect(ISSUE_DATING['tasp-newsletter-summer-2023']).toMatchObject({ earliest: '2023-07-27', latest: '2023-09-06' });
    for (const issue of taspIssues) {
      expect(issue.dating.earliest <= issue.dating.latest, issue.slug).toBe(true);
      expect(issue.publishedOn).toBe(issue.dating.latest);
      expect(issue.dateNote).toContain(issue.dating.earliest);
      expect(issue.dating.note.length).toBeGreaterThan(40);
    }
  });

  it('gives every seeded fact the interval the archive allows, with its reasoning and source', () => {
    const table = seedFacts().map((f) => [f.what, f.source, f.dating.earliest, f.dating.latest]);
    expect(table).toEqual(EXPECTED_FACT_INTERVALS);
    for (const f of seedFacts()) expect(f.dating.note, f.what).toMatch(/\d{4}/);
  });

  it('moves the facts the season convention dated too late or too early', () => {
    const latest = (what: string) => seedFacts().find((f) => f.what === what)!.dating.latest;
    expect(latest('Nasima Patel appointed') < '2021-03-01').toBe(true); // was 2021-03-01, after the webinar it announces
    expect(latest('83 of 131 partnerships') > '2021-06-01').toBe(true); // was 2021-06-01, before the June reports it cites
    expect(latest('72% of partnerships') > '2023-07-27').toBe(true); // was 2023-06-01, before 27 July
  });

  it('records the smaller facts, the former name first, and the 83/131 versus 78/137 contradiction', () => {
    expect(ASSOCIATION_FACTS[0]!.fact).toContain('AILC');
    expect(KNOWN_DISCREPANCIES[0]).toMatchObject({
      subject: 'membership 2021-22',
      figures: ['83 of 131', '78 of 137'],
    });
    const items = taspIssues.flatMap((i) => i.items.map((item) => `${i.slug} ${item.summary}`));
    expect(items.some((s) => s.startsWith('tasp-newsletter-summer-2023') && s.includes('AILC'))).toBe(true);
  });
});
