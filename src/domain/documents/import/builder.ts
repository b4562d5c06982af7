// Gathers headings and paragraphs, in reading order, into sections: what every format's reader
// hands over. Pure.
import { splitPrintedNumber, type ParagraphText, type ParsedSection } from '../structure.ts';

/** Heading given to text that comes before a document's first heading. */
export const PREAMBLE_HEADING = 'Introduction';

export class ImportBuilder {
  private readonly list: ParsedSection[] = [];
  private preamble: ParagraphText[] = [];

  heading(text: string, level: number): void {
    const { number, text: heading } = splitPrintedNumber(text, true);
    if (heading === '') return;
    this.list.push({ heading, level, number, paragraphs: [] });
  }

  paragraph(p: ParagraphText): void {
    const text = p.text.replace(/\s+/g, ' ').trim();
    if (text === '') return;
    const current = this.list.at(-1);
    (current ? current.paragraphs : this.preamble).push({ number: p.number, text });
  }

  /**
   * The sections read, levels counted from the highest heading used (a page whose chapters are h2
   * under an h1 title that has no text of its own reads as chapters of level 1); text before the
   * first heading becomes a level-1 "Introduction".
   */
  sections(): ParsedSection[] {
    if (this.list.length === 0) return [];
    let list = this.list;
    // A lone title heading with no text, above every other heading, is the document's title.
    if (list.length > 1 && list[0]!.paragraphs.length === 0 && list.slice(1).every((s) => s.level > list[0]!.level))
      list = list.slice(1);
    const top = list.reduce((least, s) => Math.min(least, s.level), Infinity);
    const shifted = list.map((s) => ({ ...s, level: s.level - top + 1 }));
    if (this.preamble.length === 0) return shifted;
    return [{ heading: PREAMBLE_HEADING, level: 1, number: null, paragraphs: this.preamble }, ...shifted];
  }
}
