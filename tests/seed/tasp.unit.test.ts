import { describe, expect, it } from 'vitest';
import {
  ARCHIVE_HEADINGS,
  importOrder,
  newsletterSlugFromHeading,
  seasonStart,
  taspIssues,
} from '../../src/seed/tasp.ts';

describe('the TASP seed', () => {
  it('dates an issue named by its season on the first day of that season', () => {
    expect(seasonStart('spring', 2020)).toBe('2020-03-01');
    expect(seasonStart('summer', 2021)).toBe('2021-06-01');
    expect(seasonStart('autumn', 2022)).toBe('2022-09-01');
    expect(seasonStart('winter', 2020)).toBe('2020-12-01');
  });

  it('maps every heading of the archive, whatever its dashes and capitals, to one slug per issue', () => {
    expect(newsletterSlugFromHeading('NEWSLETTER – SPRING 2021')).toBe('tasp-newsletter-spring-2021');
    expect(newsletterSlugFromHeading('Newsletter - Winter 2020')).toBe('tasp-newsletter-winter-2020');
    const slugs = ARCHIVE_HEADINGS.map(newsletterSlugFromHeading);
    expect(slugs).toHaveLength(8);
    expect(new Set(slugs).size).toBe(6);
    expect(() => newsletterSlugFromHeading('Annual report 2021')).toThrow();
  });

  it('imports the archive as printed, repeats included, then the circular, each resolved to a known issue', () => {
    const order = importOrder().map((i) => i.slug);
    expect(order).toHaveLength(9);
    expect(order.filter((s) => s === 'tasp-newsletter-winter-2020')).toHaveLength(2);
    expect(order.filter((s) => s === 'tasp-newsletter-summer-2021')).toHaveLength(2);
    expect(new Set(order)).toEqual(new Set(taspIssues.map((i) => i.slug)));
  });

  it('gives every issue a source, a date note and items, and never records Chris Miller as a trustee', () => {
    for (const issue of taspIssues) {
      expect(issue.source).toMatch(/Spring|Summer|Autumn|Winter/);
      expect(issue.dateNote).toContain(issue.publishedOn);
      expect(issue.items.length).toBeGreaterThan(0);
    }
    const trustees = taspIssues.flatMap((i) => i.appointments ?? []).map((a) => a.name);
    expect(trustees).toEqual(['Richard Burrows', 'Deborah Hodes', 'Nazir Afzal', 'Nasima Patel']);
  });
});
