// The evidence table of the TASP seed: every board and membership fact the seed records, with the
// interval the archive allows for it, the reasoning and the issue it comes from. The seed loader
// records each fact on its latest day with this interval; tests hold the service to the table.
import type { Dating, EvidenceSubject } from './evidence.ts';
import { taspIssues, type SeedIssue } from './tasp.ts';

export type SeedFactKind = 'APPOINTMENT' | 'BOARD_SIZE' | 'ADMISSION' | 'FIGURES' | 'TERMS';

export interface SeedFact {
  /** A stable name for the fact in this table. */
  key: string;
  subject: Exclude<EvidenceSubject, 'ASSOCIATION'>;
  kind: SeedFactKind;
  /** The fact in a few words, e.g. "Nasima Patel appointed" or "83 of 131 partnerships". */
  what: string;
  dating: Dating;
  source: string;
  issue: string;
}

function figuresText(f: NonNullable<SeedIssue['figures']>): string {
  if (f.members !== undefined && f.eligible !== undefined) return `${f.members} of ${f.eligible} partnerships`;
  if (f.members !== undefined) return `${f.members} partnerships`;
  return `${f.coverage}% of partnerships`;
}

/** The facts of one issue, in the order the loader records them. */
export function factsOf(issue: SeedIssue): SeedFact[] {
  const base = { dating: issue.dating, source: issue.source, issue: issue.slug };
  const facts: SeedFact[] = [];
  for (const [i, a] of (issue.appointments ?? []).entries()) {
    facts.push({
      ...base,
      key: `appointment:${issue.slug}:${i}`,
      subject: 'BOARD',
      kind: 'APPOINTMENT',
      what: `${a.name} appointed`,
    });
  }
  if (issue.boardSize) {
    facts.push({
      ...base,
      key: `board-size:${issue.keyDate}`,
      subject: 'BOARD',
      kind: 'BOARD_SIZE',
      what: `${issue.boardSize.size} trustees`,
    });
  }
  for (const m of issue.admissions ?? []) {
    facts.push({
      ...base,
      dating: m.dating ?? issue.dating,
      key: `member:${m.name}`,
      subject: 'MEMBERSHIP',
      kind: 'ADMISSION',
      what: `${m.name} joined`,
    });
  }
  if (issue.figures) {
    facts.push({
      ...base,
      key: `membership-figures:${issue.keyDate}`,
      subject: 'MEMBERSHIP',
      kind: 'FIGURES',
      what: figuresText(issue.figures),
    });
  }
  if (issue.terms) {
    facts.push({
      ...base,
      key: `membership-terms:${issue.keyDate}`,
      subject: 'MEMBERSHIP',
      kind: 'TERMS',
      what: `standard fee £${issue.terms.standardFee}`,
    });
  }
  return facts;
}

/** Every board and membership fact of the seed, issue by issue. */
export function seedFacts(): SeedFact[] {
  return taspIssues.flatMap(factsOf);
}
