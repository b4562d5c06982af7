// The compare page draws paragraph changes inside their sections, over HTTP: the seed's 2018→2023
// comparison (paragraphs without printed numbers) shows its word changes in <ins>/<del>, the
// paragraph 2023 moved into the multi-agency chapter labelled with where it came from, and
// unchanged paragraphs counted rather than printed; an imported document with numbered paragraphs
// names them by number; a comparison that changes more paragraphs than a page shows counts the
// rest and says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARAGRAPH_LIMITS } from '../../src/pages/paragraphChanges.ts';
import { toHtml, VERSION_1, VERSION_2 } from '../support/guidance.ts';
import { mutate, startTestServer, type TestServer } from '../support/server.ts';

const SEED = 'working-together-to-safeguard-children';
const RESULT = `__typename ... on Error { message code }`;
const REGISTER = `mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { ${RESULT} } }`;
const IMPORT = `mutation($input: ImportDraftInput!) { importDraft(input: $input) { ${RESULT} } }`;
const PUBLISH = `mutation($input: PublishDraftInput!) { publishDraft(input: $input) { ${RESULT} } }`;

/** The HTML of one section's article on the compare page. */
function article(html: string, key: string): string {
  const start = html.indexOf(`<article class="change `, html.indexOf(`aria-labelledby="section-${key}"`) - 60);
  expect(start, `section ${key} is drawn`).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</article>', start));
}

describe('the compare page draws paragraph changes', () => {
  let server: TestServer;
  let origin: string;
  beforeAll(async () => {
    server = await startTestServer();
    origin = new URL(server.url).origin;
  });
  afterAll(() => server.stop());

  async function comparePage(slug: string, from: string, to: string): Promise<string> {
    const res = await fetch(`${origin}/documents/${slug}/compare/${from}/${to}`);
    expect(res.status).toBe(200);
    return res.text();
  }

  async function publish(slug: string, label: string, format: 'HTML' | 'MARKDOWN', content: string, on: string) {
    const imported = await mutate(server, IMPORT, { slug, label, changeNote: `Edition ${label}`, format, content });
    expect(imported.__typename).toBe('ImportDraftSuccess');
    expect((await mutate(server, PUBLISH, { slug, label, publishedOn: on })).__typename).toBe('PublishDraftSuccess');
  }

  it('given the seed 2018→2023, then words are marked per paragraph, the moved paragraph says where from, unchanged ones are counted', async () => {
    const html = await comparePage(SEED, '2018', '2023');
    const intro = article(html, 'introduction');
    expect(intro).toContain('<h4 id="paragraph-introduction-1-name">Paragraph 1</h4>');
    expect(intro).toContain(
      '<ins><span class="visually-hidden">[inserted: </span>help, support<span class="visually-hidden">]</span></ins>',
    );
    expect(intro).toContain(
      '<del><span class="visually-hidden">[deleted: </span>safeguard<span class="visually-hidden">]</span></del>',
    );
    expect(intro).toContain('Former paragraph 4</h4>');
    // The education paragraph went from chapter "Organisational responsibilities" into the
    // multi-agency chapter: labelled where it lands, and noted where it left.
    expect(article(html, 'multi-agency-arrangements')).toMatch(
      /<li>Moved from paragraph 3 in <a href="#section-organisational-responsibilities">“Organisational responsibilities”<\/a><\/li>/,
    );
    const left = article(html, 'organisational-responsibilities');
    expect(left).toContain(
      'Paragraph 3 moved to another section: now <a href="#paragraph-multi-agency-arrangements-3">paragraph 3 of “Multi-agency safeguarding arrangements”</a>.',
    );
    // The chapter reads in order: what stayed, and after each paragraph what followed it in 2018 and left.
    const order = [
      '1 unchanged paragraph, not shown',
      'Former paragraph 2</h4>',
      'Paragraph 3 moved to another section',
      'Former paragraph 4</h4>',
      '>Paragraph 2</h4>',
    ].map((text) => left.indexOf(text));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Unchanged paragraphs are counted in place, their text left out.
    expect(article(html, 'child-death-reviews')).toContain('1 unchanged paragraph, not shown');
    expect(html).not.toContain('The process begins with the immediate response to');
    expect(html).toMatch(/<strong>1<\/strong> paragraphs moved/);
    expect(html).not.toContain('id="paragraph-limit"');
  });

  it('given numbered paragraphs, then a paragraph moved to another chapter is named by its printed number', async () => {
    const slug = 'numbered-guidance';
    expect(
      (await mutate(server, REGISTER, { slug, title: 'Numbered guidance', kind: 'STATUTORY_GUIDANCE' })).__typename,
    ).toBe('RegisterDocumentSuccess');
    await publish(slug, 'v1', 'HTML', toHtml(VERSION_1), '2024-01-10');
    await publish(slug, 'v2', 'HTML', toHtml(VERSION_2), '2024-06-10');
    const html = await comparePage(slug, 'v1', 'v2');
    expect(html).toMatch(/<h4 id="[^"]+">Paragraph 8<\/h4>/);
    expect(html).toMatch(
      /<li>Moved from paragraph 6 in <a href="#section-[^"]+">“Multi-agency safeguarding arrangements”<\/a><\/li>/,
    );
    expect(html).toContain('Paragraph 6 moved to another section: now <a href="#paragraph-');
    expect(html).toContain('<ins><span class="visually-hidden">inserted text: </span>Voluntary, charity and faith');
    expect(html).toMatch(/unchanged paragraphs? \(\d+( to \d+)?\), not shown/);
  });

  it('given more changed paragraphs than a page shows, then it shows the first ones, counts the rest and says so', async () => {
    const slug = 'long-guidance';
    const count = PARAGRAPH_LIMITS.changes + 12;
    const version = (suffix: string) =>
      `# Arrangements\n\n${Array.from({ length: count }, (_, i) => `Clause ${i + 1} of the arrangements applies to every partner ${suffix}.`).join('\n\n')}\n`;
    expect(
      (await mutate(server, REGISTER, { slug, title: 'Long guidance', kind: 'STATUTORY_GUIDANCE' })).__typename,
    ).toBe('RegisterDocumentSuccess');
    await publish(slug, 'v1', 'MARKDOWN', version('in the area'), '2024-01-10');
    await publish(slug, 'v2', 'MARKDOWN', version('in the whole area'), '2024-06-10');
    const html = await comparePage(slug, 'v1', 'v2');
    expect(html.match(/<li class="para MODIFIED"/g)).toHaveLength(PARAGRAPH_LIMITS.changes);
    expect(html).toContain(`These versions differ in ${count} paragraphs`);
    expect(html).toContain(`it shows the first ${PARAGRAPH_LIMITS.changes}, in document order`);
    expect(html).toContain('12 more changed paragraphs in this section not shown: <a href="#paragraph-limit">why</a>');
    expect(html).toContain(`Clause ${PARAGRAPH_LIMITS.changes} of the arrangements`);
    expect(html).not.toContain(`Clause ${PARAGRAPH_LIMITS.changes + 1} of the arrangements`);
  });
});
