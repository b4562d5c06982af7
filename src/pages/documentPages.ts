// The history pages, rendered on the server from the GraphQL schema's answers (as a public reader
// sees them): /documents/<slug> lists a document's versions with their dates and change notes;
// /documents/<slug>/compare/<from>/<to> shows what changed between two versions, section by
// section and, within each section, paragraph by paragraph (src/pages/paragraphChanges.ts):
// insertions and deletions marked in the text and in words, moved and renamed sections and moved
// paragraphs labelled, each change linked to the change notes of the versions in between.
import { html, Html, page, segment } from './html.ts';
import {
  PARAGRAPH_CHANGE_FIELDS,
  PARAGRAPH_LIMITS,
  ParagraphLayout,
  type ParagraphChange,
} from './paragraphChanges.ts';

/** Runs one GraphQL operation as a public reader; resolves to its data, or throws a PageError. */
export type RunQuery = (query: string, variables: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** A page that cannot be shown: its HTTP status and what to tell the reader. */
export class PageError extends Error {
  constructor(
    readonly status: 400 | 404 | 500 | 503,
    message: string,
  ) {
    super(message);
    this.name = 'PageError';
  }
}

interface Version {
  label: string;
  publishedOn: string;
  changeNote: string;
  wordCount: number;
  corrections: { correctedAt: string; reason: string }[];
}

interface SectionChange {
  change: 'ADDED' | 'REMOVED' | 'MODIFIED' | 'UNCHANGED';
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
  similarity: number | null;
  wordsAdded: number;
  wordsRemoved: number;
}

const HISTORY_QUERY = /* GraphQL */ `
  query DocumentHistoryPage($slug: String!) {
    document(slug: $slug) {
      slug title kind
      versions { label publishedOn changeNote wordCount corrections { correctedAt reason } }
    }
  }
`;

/** The fields of each section change the compare page renders (its text is drawn paragraph by paragraph). */
const SECTION_CHANGE_FIELDS =
  'change key fromKey toKey fromHeading toHeading fromPosition toPosition moved renamed matchedBy similarity wordsAdded wordsRemoved';

const SUMMARY_FIELDS = [
  'added',
  'removed',
  'modified',
  'unchanged',
  'moved',
  'renamed',
  'wordsAdded',
  'wordsRemoved',
  'paragraphsAdded',
  'paragraphsRemoved',
  'paragraphsModified',
  'paragraphsMoved',
  'paragraphsUnchanged',
] as const;

const COMPARE_QUERY = /* GraphQL */ `
  query DocumentComparePage($slug: String!, $from: String!, $to: String!) {
    document(slug: $slug) {
      slug title
      versions { label publishedOn }
      compare(from: $from, to: $to) {
        from { label publishedOn }
        to { label publishedOn }
        summary { ${SUMMARY_FIELDS.join(' ')} }
        changeNotes { label note publishedOn }
        sections { ${SECTION_CHANGE_FIELDS} }
        paragraphs { ${PARAGRAPH_CHANGE_FIELDS} }
      }
    }
  }
`;

function documentPath(slug: string): string {
  return `/documents/${segment(slug)}`;
}

function comparePath(slug: string, from: string, to: string): string {
  return `${documentPath(slug)}/compare/${segment(from)}/${segment(to)}`;
}

export async function historyPage(run: RunQuery, slug: string): Promise<string> {
  const data = await run(HISTORY_QUERY, { slug });
  const doc = data.document as { slug: string; title: string; kind: string; versions: Version[] } | null;
  if (!doc) throw new PageError(404, `There is no document called “${slug}”.`);
  const versions = doc.versions;
  const latest = versions.at(-1);
  const content = html`
<h1>${doc.title}</h1>
<p class="muted">${humanKind(doc.kind)} · ${versions.length} published ${versions.length === 1 ? 'version' : 'versions'}</p>
${versions.length >= 2 ? compareForm(doc.slug, versions, versions[0]!.label, latest!.label) : ''}
<h2 id="versions">Versions, oldest first</h2>
${versions.length === 0 ? html`<p>No version has been published yet.</p>` : ''}
<ol class="versions">
${versions.map((v, i) => {
  const previous = versions[i - 1];
  return html`<li id="version-${v.label}">
<h3>Version ${v.label}</h3>
<p>Published <time datetime="${v.publishedOn}">${longDate(v.publishedOn)}</time> · ${v.wordCount.toLocaleString('en-GB')} words</p>
<p><strong>Change note:</strong> ${v.changeNote}</p>
${v.corrections.length ? html`<p>Corrected since publication:</p><ul>${v.corrections.map((c) => html`<li><time datetime="${c.correctedAt}">${longDate(c.correctedAt.slice(0, 10))}</time>: ${c.reason}</li>`)}</ul>` : ''}
${previous ? html`<p><a href="${comparePath(doc.slug, previous.label, v.label)}">What changed from ${previous.label} to ${v.label}</a></p>` : ''}
</li>`;
})}
</ol>`;
  return page(doc.title, content, [{ href: documentPath(doc.slug), label: doc.title }]);
}

function compareForm(slug: string, versions: Version[] | { label: string }[], from: string, to: string): Html {
  const options = (selected: string) =>
    versions.map(
      (v) => html`<option value="${v.label}"${v.label === selected ? new Html(' selected') : ''}>${v.label}</option>`,
    );
  return html`<form class="pick" method="get" action="${documentPath(slug)}/compare" aria-labelledby="pick-heading">
<h2 id="pick-heading" class="visually-hidden">Compare two versions</h2>
<label>From version <select name="from">${options(from)}</select></label>
<label>To version <select name="to">${options(to)}</select></label>
<button type="submit">Compare</button>
</form>`;
}

export async function comparePage(run: RunQuery, slug: string, from: string, to: string): Promise<string> {
  const data = await run(COMPARE_QUERY, { slug, from, to });
  const doc = data.document as {
    slug: string;
    title: string;
    versions: { label: string; publishedOn: string }[];
    compare: {
      from: { label: string; publishedOn: string };
      to: { label: string; publishedOn: string };
      summary: Record<(typeof SUMMARY_FIELDS)[number], number>;
      changeNotes: { label: string; note: string; publishedOn: string }[];
      sections: SectionChange[];
      paragraphs: ParagraphChange[];
    };
  } | null;
  if (!doc) throw new PageError(404, `There is no document called “${slug}”.`);
  const c = doc.compare;
  const s = c.summary;
  const title = `${doc.title}: what changed from ${c.from.label} to ${c.to.label}`;
  const notesAnchor = c.changeNotes.length === 1 ? `note-${c.changeNotes[0]!.label}` : 'change-notes';
  const changed = c.sections.filter((x) => x.change !== 'UNCHANGED' || x.moved || x.renamed);
  const unchanged = c.sections.filter((x) => !changed.includes(x));
  const paragraphs = new ParagraphLayout(c.sections, changed, c.paragraphs);
  const content = html`
<h1>${doc.title}</h1>
<p class="muted">What changed from version ${c.from.label} (<time datetime="${c.from.publishedOn}">${longDate(c.from.publishedOn)}</time>) to version ${c.to.label} (<time datetime="${c.to.publishedOn}">${longDate(c.to.publishedOn)}</time>)</p>
${compareForm(doc.slug, doc.versions, c.from.label, c.to.label)}
<section aria-labelledby="summary-heading">
<h2 id="summary-heading">Summary</h2>
<ul class="summary">
<li><strong>${s.added}</strong> sections added</li>
<li><strong>${s.removed}</strong> sections removed</li>
<li><strong>${s.modified}</strong> sections modified</li>
<li><strong>${s.moved}</strong> sections moved</li>
<li><strong>${s.renamed}</strong> sections renamed</li>
<li><strong>${s.unchanged}</strong> sections unchanged</li>
<li><strong>${s.wordsAdded.toLocaleString('en-GB')}</strong> words added</li>
<li><strong>${s.wordsRemoved.toLocaleString('en-GB')}</strong> words removed</li>
<li><strong>${s.paragraphsAdded.toLocaleString('en-GB')}</strong> paragraphs added</li>
<li><strong>${s.paragraphsRemoved.toLocaleString('en-GB')}</strong> paragraphs removed</li>
<li><strong>${s.paragraphsModified.toLocaleString('en-GB')}</strong> paragraphs modified</li>
<li><strong>${s.paragraphsMoved.toLocaleString('en-GB')}</strong> paragraphs moved</li>
<li><strong>${s.paragraphsUnchanged.toLocaleString('en-GB')}</strong> paragraphs unchanged</li>
</ul>
<p>In the text below, <ins><span class="visually-hidden">inserted text: </span>inserted words are underlined</ins> and <del><span class="visually-hidden">deleted text: </span>deleted words are struck through</del>; each change is also named in words. Paragraphs are named by the number the document prints before them or, where it prints none, by their place in their section; unchanged paragraphs are counted, not shown.</p>
${paragraphs.hiddenCount ? paragraphLimitNotice(paragraphs) : ''}
</section>
<section aria-labelledby="changes-heading">
<h2 id="changes-heading">Sections that changed (${changed.length})</h2>
${changed.length === 0 ? html`<p>No section changed.</p>` : ''}
${changed.map((x) => sectionChange(x, notesAnchor, paragraphs))}
</section>
${
  unchanged.length
    ? html`<section aria-labelledby="unchanged-heading">
<h2 id="unchanged-heading">Sections that did not change (${unchanged.length})</h2>
<details><summary>Show the ${unchanged.length} unchanged ${unchanged.length === 1 ? 'section' : 'sections'}</summary>
<ul>${unchanged.map((x) => html`<li>${x.toHeading ?? x.fromHeading ?? x.key}</li>`)}</ul>
</details>
</section>`
    : ''
}
<section aria-labelledby="change-notes">
<h2 id="change-notes" tabindex="-1">Change notes of the versions in between</h2>
${c.changeNotes.length === 0 ? html`<p>No version was published between these two.</p>` : ''}
<ol class="versions">
${c.changeNotes.map((n) => html`<li id="note-${n.label}" tabindex="-1"><h3>Version ${n.label}, <time datetime="${n.publishedOn}">${longDate(n.publishedOn)}</time></h3><p>${n.note}</p></li>`)}
</ol>
</section>`;
  return page(title, content, [
    { href: documentPath(doc.slug), label: doc.title },
    { href: comparePath(doc.slug, c.from.label, c.to.label), label: `${c.from.label} to ${c.to.label}` },
  ]);
}

const CHANGE_WORDS: Record<SectionChange['change'], string> = {
  ADDED: 'Added',
  REMOVED: 'Removed',
  MODIFIED: 'Modified',
  UNCHANGED: 'Text unchanged',
};

/** Why some paragraph changes are counted rather than shown, and where to find them all. */
function paragraphLimitNotice(paragraphs: ParagraphLayout): Html {
  const total = paragraphs.changedCount;
  const shown = total - paragraphs.hiddenCount;
  return html`<p class="notice" id="paragraph-limit" tabindex="-1"><strong>Not every paragraph is shown.</strong> These versions differ in ${total.toLocaleString('en-GB')} paragraphs; to keep the page readable it shows the first ${shown.toLocaleString('en-GB')}, in document order (at most ${PARAGRAPH_LIMITS.changes} paragraphs and ${PARAGRAPH_LIMITS.characters.toLocaleString('en-GB')} characters of their text), and counts the rest in their sections. Compare versions closer together, or ask the GraphQL API (<code>compare { paragraphs }</code> at <a href="/graphql">/graphql</a>) for every change.</p>`;
}

function sectionChange(x: SectionChange, notesAnchor: string, paragraphs: ParagraphLayout): Html {
  const heading = x.toHeading ?? x.fromHeading ?? x.key;
  const id = `section-${x.key}`;
  return html`<article class="change ${x.change}" aria-labelledby="${id}">
<h3 id="${id}">${heading}</h3>
<ul class="labels" aria-label="What happened to this section">
<li>${CHANGE_WORDS[x.change]}</li>
${x.moved ? html`<li>Moved: was section ${x.fromPosition ?? '?'}, now section ${x.toPosition ?? '?'}</li>` : ''}
${x.renamed ? html`<li>Renamed: was “${x.fromHeading ?? ''}”</li>` : ''}
${x.matchedBy === 'SIMILARITY' ? html`<li>Matched by similar text${x.similarity === null ? '' : ` (${Math.round(x.similarity * 100)}%)`}</li>` : ''}
</ul>
${x.change === 'MODIFIED' ? html`<p class="muted">${x.wordsAdded} words added, ${x.wordsRemoved} removed.</p>` : ''}
${paragraphs.render(x, notesAnchor)}
<p><a href="#${notesAnchor}">Why: the change notes</a></p>
</article>`;
}

function humanKind(kind: string): string {
  const words = kind.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** 2023-12-15 → 15 December 2023 (GOV.UK's style). */
function longDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  const month = MONTHS[Number(m) - 1];
  return month ? `${Number(d)} ${month} ${y}` : iso;
}

/** The reader-facing page for a PageError. */
export function errorPage(error: PageError): string {
  const title =
    error.status === 404
      ? 'Page not found'
      : error.status === 400
        ? 'That address is not valid'
        : error.status === 503
          ? 'Please try again shortly'
          : 'Something went wrong';
  return page(
    title,
    html`<h1>${title}</h1><p>${error.message}</p><p><a href="/graphql">The GraphQL API</a> lists every document.</p>`,
  );
}
