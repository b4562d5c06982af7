// Search and term history on the seed over HTTP: where "coercive control" appears, drafts hidden
// from the public, FTS query syntax read as text, paging; and the seed's cross-chapter move and
// blame at paragraph level.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITOR_TOKEN, mutate, startTestServer, type TestServer } from '../support/server.ts';

const WT = 'working-together-to-safeguard-children';

interface Hits {
  search: {
    edges: {
      cursor: string;
      node: {
        versionLabel: string;
        draft: boolean;
        sectionKey: string;
        paragraphNumber: string | null;
        snippet: string;
        document: { slug: string };
      };
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const SEARCH = `query($text: String!, $slug: String, $first: Int, $after: String) {
  search(text: $text, slug: $slug, first: $first, after: $after) {
    edges { cursor node { versionLabel draft sectionKey paragraphNumber snippet document { slug } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('search and term history over HTTP', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  const search = async (variables: Record<string, unknown>, token?: string) => {
    const res = await server.gql<Hits>(SEARCH, variables, token ? { token } : {});
    expect(res.errors).toBeUndefined();
    return res.data!.search;
  };

  it('given the seed, when "coercive control" is searched, then every hit is in the 2020 version, marked in the snippet', async () => {
    const { edges } = await search({ text: 'coercive control' });
    expect(edges.length).toBeGreaterThan(0);
    for (const { node } of edges) {
      expect(node).toMatchObject({ versionLabel: '2020', draft: false });
      expect(node.snippet).toMatch(/«coercive»\s*«control»|«coercive control»/i);
    }
    expect(edges.some(({ node }) => node.document.slug === WT && node.sectionKey === 'assessing-need')).toBe(true);
  });

  it('given the seed, when asked for the term history of "coercive control", then it first and last appears in 2020', async () => {
    const res = await server.gql<{ document: { termHistory: { version: { label: string }; count: number }[] } }>(
      `{ document(slug: "${WT}") { termHistory(text: "Coercive Control") { version { label } count } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.document.termHistory.map((o) => [o.version.label, o.count])).toEqual([
      ['2018', 0],
      ['2020', 1],
      ['2023', 0],
    ]);
  });

  it('given an open draft, when searched, then editors see its hits and the public does not', async () => {
    const draft = await mutate(
      server,
      `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { __typename } }`,
      {
        slug: WT,
        label: '2026',
        changeNote: 'Trial wording',
        sections: [
          {
            key: 'introduction',
            heading: 'Introduction',
            paragraphs: [{ number: '1', text: 'A zebrafish protocol appears only in this draft.' }],
          },
        ],
      },
    );
    expect(draft.__typename).toBe('SaveDraftSuccess');
    expect((await search({ text: 'zebrafish protocol' })).edges).toEqual([]);
    const staff = await search({ text: 'zebrafish protocol' }, EDITOR_TOKEN);
    expect(staff.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({ versionLabel: '2026', draft: true, sectionKey: 'introduction', paragraphNumber: '1' }),
    ]);
  });

  it('given FTS query syntax as the text, when searched, then it is read as text, not an error', async () => {
    for (const text of ['"', 'NEAR(', 'NEAR(coercive control)', 'coercive AND', '*', 'text: x', '(((']) {
      const { edges } = await search({ text });
      expect(Array.isArray(edges), text).toBe(true);
    }
    expect((await search({ text: '"coercive control"' })).edges.length).toBeGreaterThan(0);
  });

  it('given many hits, when paged with first and after, then pages follow on without repeats', async () => {
    const first = await search({ text: 'safeguarding', slug: WT, first: 3 });
    expect(first.edges).toHaveLength(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await search({ text: 'safeguarding', slug: WT, first: 3, after: first.pageInfo.endCursor });
    expect(second.edges).toHaveLength(3);
    const snippets = (page: typeof first) =>
      page.edges.map((e) => `${e.node.versionLabel}/${e.node.sectionKey}/${e.node.snippet}`);
    expect(snippets(second).filter((s) => snippets(first).includes(s))).toEqual([]);
    const bad = await server.gql(SEARCH, { text: 'x', after: 'bm90LWEtY3Vyc29y' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('given the seed, when 2020 and 2023 are compared by paragraph, then the paragraph on education settings moved across chapters once, and blame names 2018 and 2023', async () => {
    const res = await server.gql<{
      document: {
        compare: {
          summary: { paragraphsMovedAcrossSections: number };
          paragraphs: { change: string; fromSectionKey: string; toSectionKey: string; text: string }[];
        };
        version: {
          sections: {
            key: string;
            paragraphs: {
              text: string;
              introducedIn: { label: string };
              lastChangedIn: { label: string; changeNote: string };
            }[];
          }[];
        };
      };
    }>(`{ document(slug: "${WT}") {
      compare(from: "2020", to: "2023") {
        summary { paragraphsMovedAcrossSections }
        paragraphs(change: [MODIFIED, UNCHANGED]) { change fromSectionKey toSectionKey text }
      }
      version(label: "2023") { sections { key paragraphs { text introducedIn { label } lastChangedIn { label changeNote } } } }
    } }`);
    expect(res.errors).toBeUndefined();
    const { compare, version } = res.data!.document;
    expect(compare.summary.paragraphsMovedAcrossSections).toBe(1);
    const moved = compare.paragraphs.filter((p) => p.fromSectionKey !== p.toSectionKey);
    expect(moved).toEqual([
      expect.objectContaining({
        change: 'MODIFIED',
        fromSectionKey: 'organisational-responsibilities',
        toSectionKey: 'multi-agency-arrangements',
      }),
    ]);
    const education = version.sections
      .find((s) => s.key === 'multi-agency-arrangements')!
      .paragraphs.find((p) => p.text.startsWith('Schools, colleges and other education and childcare settings'))!;
    expect(education.introducedIn.label).toBe('2018');
    expect(education.lastChangedIn.label).toBe('2023');
    expect(education.lastChangedIn.changeNote).toMatch(/stronger role for education/);
  });
});
