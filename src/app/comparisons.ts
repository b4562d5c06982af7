// Comparisons of two versions. Published versions never change, so a comparison is cached by
// (document, from, to) and the events that produced both versions.
import { compareSections, type SectionComparison } from '../domain/documents/compare.ts';
import type { DocumentQueries, VersionRow } from '../projections/documentQueries.ts';

export interface Comparison extends SectionComparison {
  slug: string;
  from: VersionRow;
  to: VersionRow;
}

export class ComparisonService {
  private readonly cache = new Map<string, Comparison>();

  constructor(
    private readonly documents: DocumentQueries,
    private readonly capacity = 256,
  ) {}

  compare(slug: string, from: VersionRow, to: VersionRow): Comparison {
    const key = `${slug}\u0000${from.label}\u0000${from.position}\u0000${to.label}\u0000${to.position}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const [fromSections, toSections] = [from, to].map((v) => this.documents.sections([{ slug, label: v.label }]));
    const result = { slug, from, to, ...compareSections(fromSections!, toSections!) };
    this.cache.set(key, result);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value!);
    return result;
  }
}
