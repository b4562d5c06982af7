// Paragraph changes on the compare page, drawn inside the section they now belong to (a removed
// paragraph inside the section it left): added and removed paragraphs whole, modified ones word by
// word, moved ones labelled with where they came from, unchanged ones counted rather than shown.
// A comparison of two long versions can change thousands of paragraphs, so the page shows the
// first PARAGRAPH_LIMITS.changes of them in document order (and at most PARAGRAPH_LIMITS.characters
// of their text) and counts the rest, saying so; GraphQL's `compare { paragraphs }` has them all.
import { html, type Html } from './html.ts';

export interface DiffPart {
  kind: 'ADDED' | 'REMOVED' | 'SAME';
  text: string;
}

/** One `ParagraphChange` of the schema, with the fields the page reads. */
export interface ParagraphChange {
  change: 'ADDED' | 'REMOVED' | 'MODIFIED' | 'UNCHANGED';
  fromSectionKey: string | null;
  toSectionKey: string | null;
  fromIndex: number | null;
  toIndex: number | null;
  fromNumber: string | null;
  toNumber: string | null;
  moved: boolean;
  movedAcrossSections: boolean;
  wordsAdded: number;
  wordsRemoved: number;
  text: string;
  diff: DiffPart[];
}

/** The fields of `Comparison.paragraphs` the page asks for. */
export const PARAGRAPH_CHANGE_FIELDS =
  'change fromSectionKey toSectionKey fromIndex toIndex fromNumber toNumber moved movedAcrossSections wordsAdded wordsRemoved text diff { kind text }';

/** A section of the comparison as the paragraph labels name it: its keys and headings on either side. */
export interface SectionSides {
  key: string;
  fromKey: string | null;
  toKey: string | null;
  fromHeading: string | null;
  toHeading: string | null;
}

/**
 * How much paragraph text one compare page shows: changed paragraphs (added, removed, modified or
 * moved), counted in document order, and characters of their text. What is over either limit is
 * counted in its section and named in the page's notice.
 */
export const PARAGRAPH_LIMITS = { changes: 200, characters: 200_000 } as const;

/** A paragraph in a section's list: its change, or (`away`) a note that it moved to another section. */
interface Entry {
  p: ParagraphChange;
  away: boolean;
}

/** The paragraph changes of a comparison, placed in their sections and cut to the page's limits. */
export class ParagraphLayout {
  private readonly bySection = new Map<string, Entry[]>();
  private readonly sectionByFromKey = new Map<string, SectionSides>();
  private readonly sectionByToKey = new Map<string, SectionSides>();
  private readonly shown = new Set<ParagraphChange>();
  /** Paragraphs added, removed, modified or moved. */
  readonly changedCount: number;

  /**
   * `sections` are every section of the comparison; `drawn` those whose articles the page draws, in
   * page order (the limits are spent in that order).
   */
  constructor(
    sections: readonly SectionSides[],
    drawn: readonly SectionSides[],
    paragraphs: readonly ParagraphChange[],
  ) {
    for (const s of sections) {
      if (s.fromKey) this.sectionByFromKey.set(s.fromKey, s);
      if (s.toKey) this.sectionByToKey.set(s.toKey, s);
    }
    const kept = new Map<string, ParagraphChange[]>();
    const departures = new Map<string, Entry[]>();
    for (const p of paragraphs) {
      const home = this.homeOf(p);
      if (home && p.toSectionKey !== null) push(kept, home.key, p);
      else if (home) push(departures, home.key, { p, away: false });
      if (p.movedAcrossSections && p.fromSectionKey) {
        const left = this.sectionByFromKey.get(p.fromSectionKey);
        if (left && left !== home) push(departures, left.key, { p, away: true });
      }
    }
    for (const s of sections) this.bySection.set(s.key, inPlace(s, kept.get(s.key) ?? [], departures.get(s.key) ?? []));
    this.changedCount = paragraphs.filter(isChanged).length;
    let characters = 0;
    for (const s of drawn)
      for (const { p, away } of this.bySection.get(s.key) ?? []) {
        if (away || !isChanged(p)) continue;
        if (this.shown.size >= PARAGRAPH_LIMITS.changes) return;
        if (characters + p.text.length > PARAGRAPH_LIMITS.characters) return;
        characters += p.text.length;
        this.shown.add(p);
      }
  }

  /** How many changed paragraphs the page leaves out (0 when it shows them all). */
  get hiddenCount(): number {
    return this.changedCount - this.shown.size;
  }

  /** The section's paragraphs, changed ones drawn and unchanged runs counted; empty when it has none. */
  render(section: SectionSides, notesAnchor: string): Html {
    const entries: Html[] = [];
    let same: ParagraphChange[] = [];
    let hidden = 0;
    const flushSame = () => {
      if (same.length) entries.push(unchangedRun(same));
      same = [];
    };
    for (const { p, away } of this.bySection.get(section.key) ?? []) {
      if (away) {
        flushSame();
        entries.push(this.movedAway(p));
        continue;
      }
      if (!isChanged(p)) {
        same.push(p);
        continue;
      }
      flushSame();
      if (this.shown.has(p)) entries.push(this.paragraph(p, section, notesAnchor));
      else hidden += 1;
    }
    flushSame();
    if (hidden)
      entries.push(
        html`<li class="para more">${hidden} more changed ${hidden === 1 ? 'paragraph' : 'paragraphs'} in this section not shown: <a href="#paragraph-limit">why</a></li>`,
      );
    if (!entries.length) return html``;
    return html`<ol class="paras" aria-label="Paragraphs of “${section.toHeading ?? section.fromHeading ?? section.key}”">${entries}</ol>`;
  }

  private homeOf(p: ParagraphChange): SectionSides | undefined {
    return p.toSectionKey !== null
      ? this.sectionByToKey.get(p.toSectionKey)
      : p.fromSectionKey !== null
        ? this.sectionByFromKey.get(p.fromSectionKey)
        : undefined;
  }

  private paragraph(p: ParagraphChange, section: SectionSides, notesAnchor: string): Html {
    const removed = p.change === 'REMOVED';
    const name = removed ? `former ${paragraphName(p.fromNumber, p.fromIndex)}` : paragraphName(p.toNumber, p.toIndex);
    const id = anchorOf(p);
    return html`<li class="para ${p.change}${p.moved ? ' moved' : ''}" id="${id}">
<h4 id="${id}-name">${capitalise(name)}</h4>
<ul class="labels" aria-label="What happened to this paragraph">
<li>${PARAGRAPH_CHANGE_WORDS[p.change]}</li>
${this.moveLabel(p, section)}
</ul>
${p.change === 'MODIFIED' ? html`<p class="muted">${p.wordsAdded} words added, ${p.wordsRemoved} removed.</p>` : ''}
<p class="body">${paragraphText(p)}</p>
<p class="why"><a href="#${notesAnchor}" aria-describedby="${id}-name">Why: the change notes</a></p>
</li>`;
  }

  private moveLabel(p: ParagraphChange, section: SectionSides): Html | '' {
    const was = paragraphName(p.fromNumber, p.fromIndex);
    if (p.movedAcrossSections && p.fromSectionKey) {
      const left = this.sectionByFromKey.get(p.fromSectionKey);
      const heading = left?.fromHeading ?? p.fromSectionKey;
      return html`<li>Moved from ${was} in <a href="#section-${left?.key ?? p.fromSectionKey}">“${heading}”</a></li>`;
    }
    if (p.moved)
      return html`<li>Moved within “${section.toHeading ?? section.fromHeading ?? section.key}”: was ${was}</li>`;
    if (p.fromNumber !== null && p.toNumber !== null && p.fromNumber !== p.toNumber)
      return html`<li>Renumbered: was ${was}</li>`;
    return '';
  }

  private movedAway(p: ParagraphChange): Html {
    const to = p.toSectionKey === null ? undefined : this.sectionByToKey.get(p.toSectionKey);
    const heading = to?.toHeading ?? p.toSectionKey ?? '';
    const now = paragraphName(p.toNumber, p.toIndex);
    const where = this.shown.has(p)
      ? html`<a href="#${anchorOf(p)}">${now} of “${heading}”</a>`
      : html`${now} of <a href="#section-${to?.key ?? p.toSectionKey ?? ''}">“${heading}”</a>`;
    return html`<li class="para moved-out">${capitalise(paragraphName(p.fromNumber, p.fromIndex))} moved to another section: now ${where}.</li>`;
  }
}

const PARAGRAPH_CHANGE_WORDS: Record<ParagraphChange['change'], string> = {
  ADDED: 'Added',
  REMOVED: 'Removed',
  MODIFIED: 'Modified',
  UNCHANGED: 'Text unchanged',
};

/**
 * A section's list in reading order: the paragraphs it now has in the order of `to`, each followed
 * by the paragraphs that came after it in `from` and left (removed, or moved to another section);
 * those that left before any paragraph that stayed come first.
 */
function inPlace(section: SectionSides, kept: ParagraphChange[], departures: Entry[]): Entry[] {
  const stayed = kept
    .filter((p) => section.fromKey !== null && p.fromSectionKey === section.fromKey && p.fromIndex !== null)
    .sort((a, b) => a.fromIndex! - b.fromIndex!);
  const after = new Map<ParagraphChange | null, Entry[]>();
  for (const d of departures.sort((a, b) => (a.p.fromIndex ?? 0) - (b.p.fromIndex ?? 0))) {
    let anchor: ParagraphChange | null = null;
    for (const p of stayed) {
      if (p.fromIndex! >= (d.p.fromIndex ?? 0)) break;
      anchor = p;
    }
    push(after, anchor, d);
  }
  return [...(after.get(null) ?? []), ...kept.flatMap((p) => [{ p, away: false }, ...(after.get(p) ?? [])])];
}

function isChanged(p: ParagraphChange): boolean {
  return p.change !== 'UNCHANGED' || p.moved;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** "paragraph 3.2" by the number the document prints, else by its 1-based place in its section. */
function paragraphName(number: string | null, index: number | null): string {
  return `paragraph ${number ?? index ?? '?'}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The element id of a drawn paragraph: by its place in `to`, or in `from` once removed. */
function anchorOf(p: ParagraphChange): string {
  return p.toSectionKey !== null
    ? `paragraph-${p.toSectionKey}-${p.toIndex ?? 0}`
    : `paragraph-${p.fromSectionKey ?? ''}-was-${p.fromIndex ?? 0}`;
}

/** A run of unchanged paragraphs in place: how many, and their numbers when the document prints them. */
function unchangedRun(run: ParagraphChange[]): Html {
  const first = run[0]!.toNumber;
  const last = run.at(-1)!.toNumber;
  const numbers = first === null || last === null ? '' : first === last ? ` (${first})` : ` (${first} to ${last})`;
  return html`<li class="para same">${run.length} unchanged ${run.length === 1 ? 'paragraph' : 'paragraphs'}${numbers}, not shown</li>`;
}

/** The paragraph's text with its changes marked, each mark also announced in words. */
function paragraphText(p: ParagraphChange): Html {
  if (p.change === 'ADDED') return html`<ins><span class="visually-hidden">inserted text: </span>${p.text}</ins>`;
  if (p.change === 'REMOVED') return html`<del><span class="visually-hidden">deleted text: </span>${p.text}</del>`;
  if (p.change === 'UNCHANGED') return html`${p.text}`;
  return html`${p.diff.map(diffPart)}`;
}

function diffPart(p: DiffPart): Html {
  if (p.kind === 'ADDED')
    return html`<ins><span class="visually-hidden">[inserted: </span>${p.text}<span class="visually-hidden">]</span></ins>`;
  if (p.kind === 'REMOVED')
    return html`<del><span class="visually-hidden">[deleted: </span>${p.text}<span class="visually-hidden">]</span></del>`;
  return html`${p.text}`;
}
