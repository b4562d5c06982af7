// The shapes of a comparison of two versions: its input sections and its per-section changes.

export interface SectionText {
  key: string;
  heading: string;
  body: string;
  /** 1-based place in its version. */
  position: number;
}

export type SectionChangeType = 'ADDED' | 'REMOVED' | 'MODIFIED' | 'UNCHANGED';
export type DiffKind = 'ADDED' | 'REMOVED' | 'SAME';

export interface DiffPart {
  kind: DiffKind;
  text: string;
}

export interface SectionChange {
  change: SectionChangeType;
  /** The later key when there is one, else the earlier. */
  key: string;
  fromKey: string | null;
  toKey: string | null;
  fromHeading: string | null;
  toHeading: string | null;
  fromPosition: number | null;
  toPosition: number | null;
  moved: boolean;
  renamed: boolean;
  matchedBy: 'KEY' | 'SIMILARITY' | null;
  /** For a pair matched by similarity: how alike the bodies are, 0..1 (see "Similarity of bodies"), to 3 places. */
  similarity: number | null;
  wordsAdded: number;
  wordsRemoved: number;
  diff: DiffPart[];
}

export interface ComparisonSummary {
  added: number;
  removed: number;
  modified: number;
  unchanged: number;
  moved: number;
  renamed: number;
  wordsAdded: number;
  wordsRemoved: number;
}

export interface SectionComparison {
  summary: ComparisonSummary;
  sections: SectionChange[];
}
