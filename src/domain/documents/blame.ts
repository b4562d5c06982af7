// Which version introduced each paragraph and which last changed it, found by following paragraph
// pairs (as the paragraph comparison makes them) back through the versions. Pure.
//
// A paragraph of the first version was introduced and last changed there. In each later version,
// a paragraph paired with one of the version before keeps that one's introduction, and its last
// change unless its text differs (then this version changed it); an unpaired paragraph was
// introduced and last changed in this version. A paragraph moved without edits is not changed.
import { flatten, pairParagraphs, sectionPairing, type StructuredSectionText } from './paragraphs.ts';
import { Vocabulary } from './similarity.ts';

export interface BlamedParagraph {
  sectionKey: string;
  /** 1-based place in its section. */
  index: number;
  number: string | null;
  text: string;
  /** Index (into the versions given) of the version that introduced the paragraph. */
  introducedIn: number;
  /** Index of the version that last changed its text. */
  lastChangedIn: number;
}

/** Blame for every paragraph of the last of `versions` (each a version's sections, oldest first). */
export function blame(versions: readonly (readonly StructuredSectionText[])[]): BlamedParagraph[] {
  // Each version's paragraphs are read for similarity once, though two comparisons see them.
  const vocabulary = new Vocabulary();
  let previous: {
    sections: readonly StructuredSectionText[];
    flat: ReturnType<typeof flatten>;
    paragraphs: BlamedParagraph[];
  } | null = null;
  versions.forEach((sections, v) => {
    const flat = flatten(sections);
    const blamed: BlamedParagraph[] = flat.map((p) => ({
      sectionKey: p.sectionKey,
      index: p.index,
      number: p.number,
      text: p.text,
      introducedIn: v,
      lastChangedIn: v,
    }));
    if (previous) {
      const before = previous.paragraphs;
      const pairs = pairParagraphs(previous.flat, flat, sectionPairing(previous.sections, sections), vocabulary);
      for (const pair of pairs) {
        const earlier = before[pair.from]!;
        const now = blamed[pair.to]!;
        now.introducedIn = earlier.introducedIn;
        if (earlier.text === now.text) now.lastChangedIn = earlier.lastChangedIn;
      }
    }
    previous = { sections, flat, paragraphs: blamed };
  });
  return (previous as { paragraphs: BlamedParagraph[] } | null)?.paragraphs ?? [];
}
