// What changed between two versions of a document, section by section. Pure: no I/O, no clock.
//
// Sections are paired by key first; sections left over on both sides are paired by how similar
// their bodies are. A pair is MODIFIED when its body changed, and `renamed` when its heading did.
// A paired section is `moved` only when its order relative to the other paired sections changed:
// it is outside the longest run of pairs that kept their order, so a section merely pushed down by
// an insertion or a removal elsewhere is not moved.
import { countWords } from '../../events/text.ts';
import { longestIncreasing, pairSections, type Pair } from './pairing.ts';
import { diffBodies, wordChanges } from './wordDiff.ts';

export { countWords };
export { SIMILARITY_THRESHOLD } from './similarity.ts';
export { longestIncreasing, pairSections, roundSimilarity, similarPairs } from './pairing.ts';
export { diffBodies, wordChanges } from './wordDiff.ts';

export type * from './comparisonTypes.ts';
import type { ComparisonSummary, DiffPart, SectionChange, SectionComparison, SectionText } from './comparisonTypes.ts';

// ---------------------------------------------------------------------------------------------
// Changes
// ---------------------------------------------------------------------------------------------

function pairChange(pair: Pair, moved: boolean): SectionChange {
  const { from, to } = pair;
  const same = from.body === to.body;
  const diff: DiffPart[] = same
    ? from.body === ''
      ? []
      : [{ kind: 'SAME', text: from.body }]
    : diffBodies(from.body, to.body);
  const { wordsAdded, wordsRemoved } = same
    ? { wordsAdded: 0, wordsRemoved: 0 }
    : wordChanges(diff, from.body, to.body);
  return {
    change: same ? 'UNCHANGED' : 'MODIFIED',
    key: to.key,
    fromKey: from.key,
    toKey: to.key,
    fromHeading: from.heading,
    toHeading: to.heading,
    fromPosition: from.position,
    toPosition: to.position,
    moved,
    renamed: from.heading !== to.heading,
    matchedBy: pair.matchedBy,
    similarity: pair.similarity,
    wordsAdded,
    wordsRemoved,
    diff,
  };
}

function added(s: SectionText): SectionChange {
  return {
    change: 'ADDED',
    key: s.key,
    fromKey: null,
    toKey: s.key,
    fromHeading: null,
    toHeading: s.heading,
    fromPosition: null,
    toPosition: s.position,
    moved: false,
    renamed: false,
    matchedBy: null,
    similarity: null,
    wordsAdded: countWords(s.body),
    wordsRemoved: 0,
    diff: [{ kind: 'ADDED', text: s.body }],
  };
}

function removed(s: SectionText): SectionChange {
  return {
    change: 'REMOVED',
    key: s.key,
    fromKey: s.key,
    toKey: null,
    fromHeading: s.heading,
    toHeading: null,
    fromPosition: s.position,
    toPosition: null,
    moved: false,
    renamed: false,
    matchedBy: null,
    similarity: null,
    wordsAdded: 0,
    wordsRemoved: countWords(s.body),
    diff: [{ kind: 'REMOVED', text: s.body }],
  };
}

export function compareSections(fromSections: SectionText[], toSections: SectionText[]): SectionComparison {
  const from = [...fromSections].sort((a, b) => a.position - b.position);
  const to = [...toSections].sort((a, b) => a.position - b.position);

  const pairs: Pair[] = pairSections(from, to);
  const inOrder = longestIncreasing(pairs.map((p) => p.from.position));
  const changeOfTo = new Map<SectionText, SectionChange>();
  const changeOfFrom = new Map<SectionText, SectionChange>();
  pairs.forEach((p, i) => {
    const change = pairChange(p, !inOrder.has(i));
    changeOfTo.set(p.to, change);
    changeOfFrom.set(p.from, change);
  });

  // The later version's order, with each removed section right after its predecessor in the
  // earlier version (wherever that predecessor ended up); removed ones with none come first. Each
  // section has at most one removed section right after it: a run of removed sections is a chain.
  const removedAfter = new Map<SectionChange | null, SectionChange>();
  let predecessor: SectionChange | null = null;
  for (const f of from) {
    const paired = changeOfFrom.get(f);
    if (paired) {
      predecessor = paired;
      continue;
    }
    const r = removed(f);
    removedAfter.set(predecessor, r);
    predecessor = r;
  }
  const sections: SectionChange[] = [];
  const emitWithRemovedAfter = (change: SectionChange | null) => {
    if (change) sections.push(change);
    for (let r = removedAfter.get(change); r; r = removedAfter.get(r)) sections.push(r);
  };
  emitWithRemovedAfter(null);
  for (const t of to) emitWithRemovedAfter(changeOfTo.get(t) ?? added(t));

  const summary: ComparisonSummary = {
    added: 0,
    removed: 0,
    modified: 0,
    unchanged: 0,
    moved: 0,
    renamed: 0,
    wordsAdded: 0,
    wordsRemoved: 0,
  };
  for (const s of sections) {
    if (s.change === 'ADDED') summary.added += 1;
    else if (s.change === 'REMOVED') summary.removed += 1;
    else if (s.change === 'MODIFIED') summary.modified += 1;
    else summary.unchanged += 1;
    if (s.moved) summary.moved += 1;
    if (s.renamed) summary.renamed += 1;
    summary.wordsAdded += s.wordsAdded;
    summary.wordsRemoved += s.wordsRemoved;
  }
  return { summary, sections };
}
