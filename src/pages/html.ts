// What every server-rendered page shares: escaping, the page frame (landmarks, skip link) and one
// stylesheet, inlined and allowed by its hash, readable on a phone and printable. Nothing on a page
// is loaded from anywhere else.
import { createHash } from 'node:crypto';

/** Escapes text for HTML element content and quoted attribute values (the five XML specials). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A template tag that escapes every interpolated value unless it is already `Html`. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = string | number | Html | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}

const STYLES = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #505a5f; --line: #b1b4b6; --added: #e6f4ea; --added-ink: #0b5d1e; --removed: #fde8e8; --removed-ink: #942514; --focus: #ffdd00; --link: #1d4f91; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); background: #fff; }
a { color: var(--link); text-underline-offset: 0.15em; }
a:focus, summary:focus, button:focus, select:focus { outline: 3px solid var(--focus); outline-offset: 0; box-shadow: 0 0 0 5px var(--ink); }
.skip { position: absolute; left: -9999px; top: 0; background: var(--focus); color: var(--ink); padding: 0.5rem 1rem; }
.skip:focus { left: 0; }
header, main, footer { max-width: 52rem; margin: 0 auto; padding: 0 1rem; }
header { border-bottom: 4px solid var(--ink); padding-top: 1rem; padding-bottom: 0.5rem; }
header p { margin: 0; font-weight: 600; }
footer { border-top: 1px solid var(--line); margin-top: 3rem; padding-top: 1rem; padding-bottom: 2rem; color: var(--muted); font-size: 0.9375rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 1.5rem 0 1rem; }
h2 { font-size: 1.5rem; margin: 2rem 0 0.75rem; }
h3 { font-size: 1.1875rem; margin: 0 0 0.5rem; }
.muted { color: var(--muted); }
.versions { list-style: none; padding: 0; margin: 0; }
.versions li { border-left: 4px solid var(--line); padding: 0.5rem 0 0.5rem 1rem; margin-bottom: 1rem; }
.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 0.5rem; padding: 0; list-style: none; }
.summary li { border: 1px solid var(--line); padding: 0.5rem; }
.summary strong { display: block; font-size: 1.5rem; }
.change { border: 1px solid var(--line); border-left-width: 6px; padding: 0.75rem 1rem; margin: 1rem 0; break-inside: avoid; }
.change.ADDED { border-left-color: var(--added-ink); }
.change.REMOVED { border-left-color: var(--removed-ink); }
.change.MODIFIED { border-left-color: var(--link); }
.labels { margin: 0 0 0.5rem; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 0.5rem; }
.labels li { border: 1px solid var(--ink); padding: 0 0.5rem; font-size: 0.875rem; font-weight: 600; }
.body { white-space: pre-wrap; overflow-wrap: anywhere; }
.paras { list-style: none; padding: 0; margin: 0.75rem 0 0; }
.para { border-left: 4px solid var(--line); padding: 0.25rem 0 0.25rem 0.75rem; margin: 0 0 0.75rem; }
.para h4 { font-size: 1rem; margin: 0 0 0.25rem; }
.para.ADDED { border-left-color: var(--added-ink); }
.para.REMOVED { border-left-color: var(--removed-ink); }
.para.MODIFIED, .para.moved { border-left-color: var(--link); border-left-style: double; border-left-width: 6px; }
.para.same, .para.more, .para.moved-out { color: var(--muted); font-style: italic; }
.para .body { margin: 0.25rem 0; }
.para .why { margin: 0; font-size: 0.9375rem; }
.notice { border: 3px solid var(--ink); padding: 0.75rem 1rem; }
ins { background: var(--added); color: var(--added-ink); text-decoration: underline; text-decoration-thickness: 2px; }
del { background: var(--removed); color: var(--removed-ink); text-decoration: line-through; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
form.pick { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: end; }
form.pick label { display: flex; flex-direction: column; font-weight: 600; }
form.pick select, form.pick button { font: inherit; padding: 0.25rem 0.5rem; min-height: 2.75rem; }
details summary { cursor: pointer; min-height: 2.75rem; padding: 0.5rem 0; }
@media (max-width: 40rem) { body { font-size: 1rem; } h1 { font-size: 1.5rem; } }
@media print {
  .skip, nav, form.pick, footer { display: none; }
  header, main { max-width: none; padding: 0; }
  a { color: inherit; }
  a[href^="/"]::after { content: " (" attr(href) ")"; font-size: 0.8em; }
  ins { background: none; }
  del { background: none; }
  .change { border-color: #000; }
  .para { border-left-color: #000; break-inside: avoid; }
  .para .why { display: none; }
  details > *:not(summary) { display: block; }
}
`;

/** The Content-Security-Policy of every page: its one inline stylesheet, links and same-origin forms, nothing else. */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLES).digest('base64')}'`,
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A whole page: language, title, skip link, banner, main landmark with the content, footer. */
export function page(title: string, content: Html, breadcrumbs: { href: string; label: string }[] = []): string {
  return `<!doctype html>${
    html`<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Safeguarding guidance history</title>
<style>${new Html(STYLES)}</style>
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<header><p>Safeguarding guidance history</p>
${breadcrumbs.length ? html`<nav aria-label="Breadcrumb"><ol class="labels">${breadcrumbs.map((b) => html`<li><a href="${b.href}">${b.label}</a></li>`)}</ol></nav>` : ''}
</header>
<main id="content" tabindex="-1">
${content}
</main>
<footer><p>Every change shown here comes from the service's append-only event log. The same data is available as GraphQL at <a href="/graphql">/graphql</a>.</p></footer>
</body>
</html>`.text
  }`;
}

/** A URL path segment for a slug or a version label (escaped again when put in an attribute). */
export function segment(value: string): string {
  return encodeURIComponent(value);
}
