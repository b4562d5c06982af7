// kill -9 the real server at random moments while editors publish, 20 rounds. After each
// restart every acknowledged publish is in the log exactly once, the chain verifies and the
// read models equal a full replay.
import { describe, expect, it } from 'vitest';
import { openServices } from '../../src/composition.ts';
import { verify } from '../../src/app/verify.ts';
import { startChildServer } from '../support/child.ts';
import { tempDir } from '../support/tempDir.ts';

const TOKEN = 'crash-editor-token-0123456789';
const AUDITOR = 'crash-auditor-token-0123456789';
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
const WRITERS = 4;

async function gql<T = Record<string, { __typename: string }>>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token = TOKEN,
) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T; errors?: unknown[] };
}

/** What the restarted server says: the chain and read models verify, every acknowledged publish is there once. */
async function checkAfterRestart(url: string, acknowledged: Set<string>) {
  const v = await gql<{ verification: { ok: boolean; readModelsMatch: boolean } }>(
    url,
    '{ verification { ok readModelsMatch checkedEvents } }',
    {},
    AUDITOR,
  );
  expect(v.data?.verification).toMatchObject({ ok: true, readModelsMatch: true });
  const slugs = [...new Set([...acknowledged].map((k) => k.split('/')[0]!))];
  for (const slug of slugs) {
    const r = await gql<{ document: { versions: { label: string }[] } }>(
      url,
      'query($slug: String!) { document(slug: $slug) { versions { label } } }',
      { slug },
    );
    const labels = r.data!.document.versions.map((x) => x.label);
    expect(new Set(labels).size).toBe(labels.length);
    for (const key of acknowledged) if (key.startsWith(`${slug}/`)) expect(labels).toContain(key.split('/')[1]);
  }
}

const REGISTER = 'mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { __typename } }';
const PUBLISH = 'mutation($input: PublishVersionInput!) { publishVersion(input: $input) { __typename } }';

describe('crashes during writes', () => {
  it(`loses no acknowledged write and tears nothing across ${ROUNDS} kill -9 rounds`, async () => {
    const dir = tempDir('sgh-crash-');
    const env = {
      DATA_DIR: dir.path,
      EDITOR_TOKENS: `crash:${TOKEN}`,
      AUDITOR_TOKENS: `audit:${AUDITOR}`,
      SEED: 'false',
    };
    const acknowledged = new Set<string>();
    let attempted = 0;
    try {
      for (let round = 0; round < ROUNDS; round += 1) {
        const server = await startChildServer(env);
        if (round > 0) await checkAfterRestart(server.url, acknowledged);
        let crashed = false;
        const writers = Array.from({ length: WRITERS }, async (_, w) => {
          const slug = `crash-${round}-${w}`;
          const r = await gql(server.url, REGISTER, { input: { slug, title: slug, kind: 'RESOURCE' } }).catch(
            () => null,
          );
          if (r?.data?.registerDocument?.__typename !== 'RegisterDocumentSuccess') return;
          for (let n = 0; !crashed; n += 1) {
            attempted += 1;
            const input = {
              slug,
              label: `v${n}`,
              publishedOn: '2024-01-01',
              changeNote: `round ${round} writer ${w} version ${n}`,
              sections: [{ key: 'body', heading: 'Body', body: `Text ${n} `.repeat(50) }],
            };
            const res = await gql(server.url, PUBLISH, { input }).catch(() => null);
            if (res?.data?.publishVersion?.__typename === 'PublishVersionSuccess') acknowledged.add(`${slug}/v${n}`);
          }
        });
        await new Promise((r) => setTimeout(r, 300 + Math.random() * 1200));
        crashed = true;
        await server.crash();
        await Promise.all(writers);
      }

      // After the last crash: open the log directly and check everything.
      const services = await openServices({ DATA_DIR: dir.path });
      try {
        const seen = new Map<string, number>();
        for await (const e of services.store.readAll()) {
          if (e.type !== 'VersionPublished') continue;
          const d = e.data as { slug: string; label: string };
          const key = `${d.slug}/${d.label}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
        }
        for (const key of acknowledged) expect(seen.get(key), key).toBe(1);
        expect([...seen.values()].every((n) => n === 1)).toBe(true);
        const verdict = await verify(services);
        expect(verdict.ok, verdict.line).toBe(true);
        expect(verdict.readModelsMatch).toBe(true);
        console.log(
          `crash rounds: ${ROUNDS}, publishes attempted ${attempted}, acknowledged ${acknowledged.size}, events ${verdict.checkedEvents}`,
        );
      } finally {
        await services.close();
      }
    } finally {
      dir.remove();
    }
    expect(acknowledged.size).toBeGreaterThan(ROUNDS);
  });
});
