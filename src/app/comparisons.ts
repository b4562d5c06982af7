// Comparisons of two versions. A version's text changes only through recorded events, so a
// comparison is cached by (document, each side's label and the position of the event that last
// set its text): a correction or a newer draft gives a new key, never a stale answer.
import { compareSections, type SectionComparison, type SectionText } from '../domain/documents/compare.ts';
import type { VersionRow } from '../projections/documentQueries.ts';

/** One side of a comparison: a published version or an editor's draft. */
export interface ComparedVersion {
  row: VersionRow;
  /** Changes whenever the side's text may have changed. */
  contentKey: string;
  sections(): SectionText[];
}

export interface Comparison extends SectionComparison {
  slug: string;
  from: VersionRow;
  to: VersionRow;
}

export class ComparisonService {
  private readonly cache = new Map<string, Comparison>();

  constructor(private readonly capacity = 256) {}

  compare(slug: string, from: ComparedVersion, to: ComparedVersion): Comparison {
    const key = `${slug}\u0000${from.row.label}\u0000${from.contentKey}\u0000${to.row.label}\u0000${to.contentKey}`;
    const hit = this.cache.get(key);
    if (hit) {
      // Refresh its place so the least recently used entry is the one evicted.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const result = { slug, from: from.row, to: to.row, ...compareSections(from.sections(), to.sections()) };
    this.cache.set(key, result);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value!);
    return result;
  }
}
