// The history pages, rendered on the server from the GraphQL schema's answers (as a public reader
// sees them): /documents/<slug> lists a document's versions with their dates and change notes;
// /documents/<slug>/compare/<from>/<to> shows what changed between two versions, section by
// section, insertions and deletions marked in the text and in words, moved and renamed sections
// labelled, each change linked to the change notes of the versions in between.
//
// Paragraph-level comparison, once the schema has it, slots in at `sectionBody`: add its fields to
// SECTION_CHANGE_FIELDS and render them there; the rest of the page stays as it is.
import type { DiffPart, SectionChange as ComparedSection } from '../domain/documents/comparisonTypes.ts';
import { html, Html, page, segment } from './html.ts';

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

/** A section change as SECTION_CHANGE_FIELDS asks for it: the comparison's own shape less the key on each side. */
type SectionChange = Omit<ComparedSection, 'fromKey' | 'toKey'>;

const HISTORY_QUERY = /* GraphQL */ `
  query DocumentHistoryPage($slug: String!) {
    document(slug: $slug) {
      slug title kind
      versions { label publishedOn changeNote wordCount corrections { correctedAt reason } }
    }
  }
`;

/** The fields of each section change the compare page renders (paragraphs join here). */
const SECTION_CHANGE_FIELDS =
  'change key fromHeading toHeading fromPosition toPosition moved renamed matchedBy similarity wordsAdded wordsRemoved diff { kind text }';

const COMPARE_QUERY = /* GraphQL */ `
  query DocumentComparePage($slug: String!, $from: String!, $to: String!) {
    document(slug: $slug) {
      slug title
      versions { label publishedOn }
      compare(from: $from, to: $to) {
        from { label publishedOn }
        to { label publishedOn }
        summary { added removed modified unchanged moved renamed wordsAdded wordsRemoved }
        changeNotes { label note publishedOn }
        sections { ${SECTION_CHANGE_FIELDS} }
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
      summary: Record<
        'added' | 'removed' | 'modified' | 'unchanged' | 'moved' | 'renamed' | 'wordsAdded' | 'wordsRemoved',
        number
      >;
      changeNotes: { label: string; note: string; publishedOn: string }[];
      sections: SectionChange[];
    };
  } | null;
  if (!doc) throw new PageError(404, `There is no document called “${slug}”.`);
  const c = doc.compare;
  const s = c.summary;
  const title = `${doc.title}: what changed from ${c.from.label} to ${c.to.label}`;
  const notesAnchor = c.changeNotes.length === 1 ? `note-${c.changeNotes[0]!.label}` : 'change-notes';
  const changed = c.sections.filter((x) => x.change !== 'UNCHANGED' || x.moved || x.renamed);
  const unchanged = c.sections.filter((x) => !changed.includes(x));
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
</ul>
<p>In the text below, <ins><span class="visually-hidden">inserted text: </span>inserted words are underlined</ins> and <del><span class="visually-hidden">deleted text: </span>deleted words are struck through</del>; each change is also named in words.</p>
</section>
<section aria-labelledby="changes-heading">
<h2 id="changes-heading">Sections that changed (${changed.length})</h2>
${changed.length === 0 ? html`<p>No section changed.</p>` : ''}
${changed.map((x) => sectionChange(x, notesAnchor))}
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

function sectionChange(x: SectionChange, notesAnchor: string): Html {
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
${sectionBody(x)}
<p><a href="#${notesAnchor}">Why: the change notes</a></p>
</article>`;
}

/** The section's text with its changes marked; where paragraph-level changes will be rendered. */
function sectionBody(x: SectionChange): Html {
  if (x.change === 'UNCHANGED') return html``;
  if (x.change === 'ADDED')
    return html`<div class="body"><ins><span class="visually-hidden">inserted text: </span>${x.diff.map((p) => p.text)}</ins></div>`;
  if (x.change === 'REMOVED')
    return html`<div class="body"><del><span class="visually-hidden">deleted text: </span>${x.diff.map((p) => p.text)}</del></div>`;
  return html`<div class="body">${x.diff.map(diffPart)}</div>`;
}

function diffPart(p: DiffPart): Html {
  if (p.kind === 'ADDED')
    return html`<ins><span class="visually-hidden">[inserted: </span>${p.text}<span class="visually-hidden">]</span></ins>`;
  if (p.kind === 'REMOVED')
    return html`<del><span class="visually-hidden">[deleted: </span>${p.text}<span class="visually-hidden">]</span></del>`;
  return html`${p.text}`;
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
