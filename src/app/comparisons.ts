// Comparisons of two versions. A version's text changes only through recorded events, so a
// comparison is cached by (document, each side's label and the position of the event that last
// set its text): a correction or a newer draft gives a new key, never a stale answer.
import { blame, type BlamedParagraph } from '../domain/documents/blame.ts';
import { compareSections, type SectionComparison } from '../domain/documents/compare.ts';
import {
  compareParagraphs,
  type ParagraphComparison,
  type StructuredSectionText,
} from '../domain/documents/paragraphs.ts';
import type { VersionRow } from '../projections/documentQueries.ts';

/** One side of a comparison: a published version or an editor's draft. */
export interface ComparedVersion {
  row: VersionRow;
  /** Changes whenever the side's text may have changed. */
  contentKey: string;
  sections(): StructuredSectionText[];
}

export interface Comparison extends SectionComparison {
  slug: string;
  from: VersionRow;
  to: VersionRow;
  /** Every paragraph's fate, computed on first use and kept with the comparison (as `summary` and `sections` are). */
  paragraphs(): ParagraphComparison;
}

/** Blame of one version: its paragraphs by section key, each naming the versions (by index into those given) that introduced and last changed it. */
export interface VersionBlame {
  bySection: Map<string, BlamedParagraph[]>;
}

/** An LRU map: the least recently used entry goes first when it is full. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly capacity: number) {}

  get(key: string, make: () => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const value = make();
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
    return value;
  }
}

export class ComparisonService {
  private readonly cache: Lru<Comparison>;
  private readonly blames: Lru<VersionBlame>;

  constructor(capacity = 256) {
    this.cache = new Lru(capacity);
    this.blames = new Lru(capacity);
  }

  compare(slug: string, from: ComparedVersion, to: ComparedVersion): Comparison {
    const key = `${slug}\u0000${from.row.label}\u0000${from.contentKey}\u0000${to.row.label}\u0000${to.contentKey}`;
    return this.cache.get(key, () => {
      const fromSections = from.sections();
      const toSections = to.sections();
      // Each level is compared the first time it is read and then kept: a reader asking only for
      // paragraphs does not pay for every section's word diff, nor one asking only for sections
      // for the paragraph pairing.
      let sections: SectionComparison | null = null;
      const bySection = () => (sections ??= compareSections(fromSections, toSections));
      let paragraphs: ParagraphComparison | null = null;
      return {
        slug,
        from: from.row,
        to: to.row,
        get summary() {
          return bySection().summary;
        },
        get sections() {
          return bySection().sections;
        },
        paragraphs: () => (paragraphs ??= compareParagraphs(fromSections, toSections)),
      };
    });
  }

  /**
   * Blame for the last of `versions` (oldest first): which of them introduced and last changed
   * each of its paragraphs. Cached by the versions' labels and content keys.
   */
  blame(slug: string, versions: readonly ComparedVersion[]): VersionBlame {
    const key = [slug, ...versions.map((v) => `${v.row.label}\u0000${v.contentKey}`)].join('\u0001');
    return this.blames.get(key, () => {
      const bySection = new Map<string, BlamedParagraph[]>();
      for (const p of blame(versions.map((v) => v.sections()))) {
        const list = bySection.get(p.sectionKey);
        if (list) list.push(p);
        else bySection.set(p.sectionKey, [p]);
      }
      return { bySection };
    });
  }
}
