// The word-level difference between two bodies of a section. Pure: no I/O.
import { diffArrays, diffWords } from 'diff';
import { countWords, isWhiteSpace } from '../../events/text.ts';
import type { DiffPart } from './comparisonTypes.ts';
import { WORD } from './similarity.ts';

// ---------------------------------------------------------------------------------------------
// Word-level diff of two bodies
//
// jsdiff's diffWords takes time that grows with the text's length times the number of edits, which
// for a long, heavily rewritten section runs to tenths of a second. So the bodies are first aligned
// sentence by sentence (cheap: few tokens), and diffWords runs only on each stretch of sentences
// that differ; for ordinary edits the counts come out as diffWords on the whole bodies gives them.
// A stretch needing more than WORD_EDIT_LIMIT edits (words or punctuation marks removed or added;
// 10% of the words of a 600-word section replaced needs ~120) is shown as removed and re-added
// whole: the more readable diff for a passage rewritten that much, and it bounds the time per
// stretch, so even ~60,000 words shuffled in every sentence compare in under a second.
// As with diffWords, the SAME and ADDED parts spell the later body exactly; the SAME and REMOVED
// parts spell the earlier one up to whitespace (a SAME part carries the later whitespace).
// ---------------------------------------------------------------------------------------------

/** A sentence (up to and including its closing punctuation) or a line, with the whitespace after it. */
const SENTENCE = /[^\n.!?]*(?:[.!?]+|\n|$)\s*/g;
const SENTENCE_EDIT_LIMIT = 400;
const WORD_EDIT_LIMIT = 150;

function sentences(text: string): string[] {
  return (text.match(SENTENCE) ?? []).filter((s) => s !== '');
}

/**
 * Fewest words that must be removed or added to turn one text into the other, ignoring order and
 * case. diffWords, which also counts punctuation and minds order and case, needs at least as many
 * for ordinary text, so a stretch over the limit here need not be tried there.
 */
function minimumWordEdits(a: string, b: string): number {
  const count = (text: string) => {
    const bag = new Map<string, number>();
    for (const w of text.toLowerCase().match(WORD) ?? []) bag.set(w, (bag.get(w) ?? 0) + 1);
    return bag;
  };
  const bagA = count(a);
  let edits = 0;
  for (const [w, n] of count(b)) {
    const m = bagA.get(w) ?? 0;
    edits += Math.abs(n - m);
    bagA.delete(w);
  }
  for (const m of bagA.values()) edits += m;
  return edits;
}

function diffStretch(removed: string, added: string): DiffPart[] {
  const whole: DiffPart[] = [
    { kind: 'REMOVED', text: removed },
    { kind: 'ADDED', text: added },
  ];
  if (removed === '' || added === '') return whole;
  if (minimumWordEdits(removed, added) > WORD_EDIT_LIMIT) return whole;
  const parts = diffWords(removed, added, { maxEditLength: WORD_EDIT_LIMIT });
  if (!parts) return whole;
  return parts.map((p): DiffPart => ({ kind: p.added ? 'ADDED' : p.removed ? 'REMOVED' : 'SAME', text: p.value }));
}

export function diffBodies(from: string, to: string): DiffPart[] {
  const raw: DiffPart[] = [];
  const before = sentences(from);
  const after = sentences(to);
  // Sentences are compared ignoring whitespace, as diffWords compares words; a sentence kept is
  // shown as it now is, as diffWords shows kept words.
  const normal = (sentence: string) => sentence.replace(/\s+/g, ' ').trim();
  const aligned = diffArrays(before.map(normal), after.map(normal), { maxEditLength: SENTENCE_EDIT_LIMIT });
  if (!aligned) {
    raw.push(...diffStretch(from, to));
  } else {
    let i = 0;
    let j = 0;
    let removed = '';
    let added = '';
    for (const change of aligned) {
      const n = change.value.length;
      if (change.removed) removed += before.slice(i, (i += n)).join('');
      else if (change.added) added += after.slice(j, (j += n)).join('');
      else {
        raw.push(...diffStretch(removed, added), { kind: 'SAME', text: after.slice(j, j + n).join('') });
        removed = '';
        added = '';
        i += n;
        j += n;
      }
    }
    raw.push(...diffStretch(removed, added));
  }
  // Drop empty parts and join neighbours of one kind (a stretch's diff may end as it was, just
  // before the next unchanged sentence).
  const parts: DiffPart[] = [];
  for (const p of raw) {
    if (p.text === '') continue;
    const last = parts.at(-1);
    if (last?.kind === p.kind) last.text += p.text;
    else parts.push({ ...p });
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Words added and removed
//
// A word is a run of non-white-space characters, as `countWords` and every `wordCount` count them.
// jsdiff splits punctuation from words, so counting the words in each ADDED and REMOVED part
// counted "end" → "end." as one word added and none removed, while the word count did not change.
// Instead a word is kept when it stands whole and untouched in both texts (every character SAME,
// nothing inserted within it, white space or the text's end on both sides in both texts); every
// other word of the later text is added and every other word of the earlier text removed. So
// wordsAdded − wordsRemoved is exactly the change in word count, and a word whose punctuation
// changed counts as one removed and one added.
// ---------------------------------------------------------------------------------------------

/** Words added and removed by a diff whose SAME and ADDED parts spell `to` and SAME and REMOVED parts spell `from` up to white space. */
export function wordChanges(
  diff: readonly DiffPart[],
  from: string,
  to: string,
): { wordsAdded: number; wordsRemoved: number } {
  // The later text is spelt exactly, so each SAME character has its place in `to`; the earlier
  // one only up to white space, so SAME characters are found in `from` by counting the
  // non-white-space characters of the parts that spell it.
  const samePlaceInTo: number[] = [];
  const fromIsSame: boolean[] = [];
  let toOffset = 0;
  for (const part of diff) {
    for (let k = 0; k < part.text.length; k += 1) {
      const space = isWhiteSpace(part.text.charCodeAt(k));
      if (part.kind !== 'ADDED' && !space) fromIsSame.push(part.kind === 'SAME');
      if (part.kind !== 'REMOVED') {
        if (part.kind === 'SAME' && !space) samePlaceInTo.push(toOffset);
        toOffset += 1;
      }
    }
  }
  const spaceInTo = (at: number) => at < 0 || at >= to.length || isWhiteSpace(to.charCodeAt(at));
  let kept = 0;
  let nonSpace = 0;
  let same = 0;
  // The word of `from` being read: the place in `to` of its last character, while it can still be kept.
  let inWord = false;
  let lastInTo: number | null = null;
  const endWord = () => {
    if (inWord && lastInTo !== null && spaceInTo(lastInTo + 1)) kept += 1;
    inWord = false;
  };
  for (let k = 0; k < from.length; k += 1) {
    if (isWhiteSpace(from.charCodeAt(k))) {
      endWord();
      continue;
    }
    const isSame = fromIsSame[nonSpace++] ?? false;
    const placeInTo = isSame ? samePlaceInTo[same++] : undefined;
    if (!inWord) {
      inWord = true;
      lastInTo = placeInTo !== undefined && spaceInTo(placeInTo - 1) ? placeInTo : null;
    } else if (lastInTo !== null) {
      lastInTo = placeInTo === lastInTo + 1 ? placeInTo : null;
    }
  }
  endWord();
  return { wordsAdded: countWords(to) - kept, wordsRemoved: countWords(from) - kept };
}
