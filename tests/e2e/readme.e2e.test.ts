// Keeps README.md true: every GraphQL example in it runs against a freshly started server (the seed
// corpus loaded at start, as `npm start` does) with the token its section says it needs, and
// answers without errors, typed mutation errors or a null top-level field.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDITOR_TOKEN, EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

type Example = { section: string; query: string; token: string | undefined };

/** The fenced blocks of one language, each with the `##` section it sits in. */
function blocks(lang: string): { section: string; body: string }[] {
  const out: { section: string; body: string }[] = [];
  let section = '';
  let open: string[] | null = null;
  let openLang = '';
  for (const line of README.split('\n')) {
    if (open === null && line.startsWith('## ')) section = line.slice(3).trim();
    const fence = /^```(\w*)\s*$/.exec(line);
    if (fence && open === null) {
      open = [];
      openLang = fence[1]!;
    } else if (fence && open !== null) {
      if (openLang === lang) out.push({ section, body: open.join('\n') });
      open = null;
    } else if (open !== null) {
      open.push(line);
    }
  }
  return out;
}

/** Splits a block into its top-level operations (comment lines dropped), by balanced braces. */
function operations(body: string): string[] {
  const text = body
    .split('\n')
    .filter((l) => !l.trim().startsWith('#'))
    .join('\n');
  const ops: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    if (text[i] === '}') {
      depth -= 1;
      if (depth === 0) {
        ops.push(text.slice(start, i + 1).trim());
        start = i + 1;
      }
    }
  }
  expect(text.slice(start).trim()).toBe('');
  return ops;
}

/** The token a section's examples are written for. */
const tokenFor = (section: string) =>
  section === 'For auditors' ? AUDITOR_TOKEN : section === 'For editors: a session' ? EDITOR_TOKEN : undefined;

const graphqlExamples: Example[] = blocks('graphql').flatMap(({ section, body }) =>
  operations(body).map((query) => ({ section, query, token: tokenFor(section) })),
);

/** Queries sent from shell examples: `gql '{"query":…}'` (the editor's session, in order) and `curl … -d '{"query":…}'`. */
const shellExamples: Example[] = blocks('sh').flatMap(({ section, body }) =>
  body
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .flatMap((line) => {
      const sent = /^(?:gql|curl .*-d) '(\{"query".*\})'/.exec(line.trim());
      if (!sent || line.includes('http://service/')) return [];
      const token = line.startsWith('gql')
        ? EDITOR_TOKEN
        : line.includes('$AUDITOR_TOKEN')
          ? AUDITOR_TOKEN
          : tokenFor(section);
      return [{ section, query: (JSON.parse(sent[1]!) as { query: string }).query, token }];
    }),
);

function problems(data: Record<string, unknown> | undefined): string[] {
  if (!data) return ['no data'];
  return Object.entries(data).flatMap(([field, value]) => {
    if (value === null) return [`${field} is null`];
    const typename = (value as { __typename?: string }).__typename;
    if (typename && /Error$/.test(typename)) return [`${field} answered ${typename}: ${JSON.stringify(value)}`];
    return [];
  });
}

describe('README examples', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 120_000);
  afterAll(() => server.stop());

  it('has GraphQL examples for frontends and auditors, and an editor session', () => {
    const sections = new Set([...graphqlExamples, ...shellExamples].map((e) => e.section));
    expect([...sections]).toEqual(
      expect.arrayContaining([
        'For frontends: what changed between Working Together 2018 and 2023?',
        'For auditors',
        'For editors: a session',
        'Proving history',
      ]),
    );
    expect(shellExamples.filter((e) => e.section === 'For editors: a session').length).toBeGreaterThanOrEqual(5);
  });

  it('every example answers without errors on a fresh start, in README order', async () => {
    const failures: string[] = [];
    for (const example of [...graphqlExamples, ...shellExamples]) {
      const res = await server.gql<Record<string, unknown>>(
        example.query,
        {},
        example.token ? { token: example.token } : {},
      );
      const found = [...(res.errors ?? []).map((e) => e.message), ...problems(res.data)];
      if (found.length > 0)
        failures.push(`[${example.section}] ${example.query.replace(/\s+/g, ' ').slice(0, 120)}: ${found.join('; ')}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('knownAt, as the auditors section explains, answers for a time after the seed was recorded and null before it', async () => {
    const last = await server.gql<{ events: { edges: { node: { recordedAt: string } }[] } }>(
      '{ events(last: 1) { edges { node { recordedAt } } } }',
      {},
      { token: AUDITOR_TOKEN },
    );
    const after = last.data!.events.edges[0]!.node.recordedAt;
    const at = (knownAt: string) =>
      server.gql<{ document: { versions: { label: string }[] } | null }>(
        '{ document(slug: "working-together-to-safeguard-children", knownAt: $knownAt) { versions { label } } }'.replace(
          '$knownAt',
          JSON.stringify(knownAt),
        ),
        {},
        { token: AUDITOR_TOKEN },
      );
    expect((await at(after)).data?.document?.versions.length).toBeGreaterThan(0);
    expect((await at('2024-01-01T00:00:00Z')).data?.document).toBeNull();
    const atPosition = await server.gql<{ document: { versions: { label: string }[] } | null }>(
      '{ document(slug: "working-together-to-safeguard-children", atPosition: "10") { versions { label } } }',
      {},
      { token: AUDITOR_TOKEN },
    );
    expect(atPosition.data?.document?.versions.length).toBeGreaterThan(0);
  });
});
