// A bounded load test on loopback: 100 clients, 90% reads and 10% writes, for 60 seconds (set
// LOAD_SECONDS to change). No 5xx, and every acknowledged write is there afterwards. The figures
// are printed, not asserted: they are a benchmark, not a pass mark.
import { describe, expect, it } from 'vitest';
import { startChildServer } from '../support/child.ts';
import { tempDir } from '../support/tempDir.ts';

const TOKEN = 'load-editor-token-0123456789';
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 100);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);

const READS = [
  '{ document(slug: "working-together-to-safeguard-children") { versions { label } inForce { sections { heading } } } }',
  '{ document(slug: "working-together-to-safeguard-children") { compare(from: "2018", to: "2023") { summary { added moved renamed } } } }',
  '{ documents(first: 20) { edges { node { slug title versions { label publishedOn } } } } }',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

describe('load', () => {
  it(`serves ${CLIENTS} clients for ${SECONDS} s with no 5xx and no lost write`, async () => {
    const dir = tempDir('sgh-load-');
    const server = await startChildServer({ DATA_DIR: dir.path, EDITOR_TOKENS: `load:${TOKEN}` });
    const post = async (query: string, variables?: unknown) => {
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as { data?: Record<string, { __typename?: string }> } };
    };
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const acknowledged: string[] = [];
    try {
      const deadline = Date.now() + SECONDS * 1000;
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          const slug = `load-${c}`;
          await post('mutation($i: RegisterDocumentInput!) { registerDocument(input: $i) { __typename } }', {
            i: { slug, title: slug, kind: 'NEWS_ITEM' },
          });
          for (let n = 0; Date.now() < deadline; n += 1) {
            const write = Math.random() < 0.1;
            const started = performance.now();
            const { status, body } = write
              ? await post('mutation($i: PublishVersionInput!) { publishVersion(input: $i) { __typename } }', {
                  i: {
                    slug,
                    label: `v${n}`,
                    publishedOn: '2024-01-01',
                    changeNote: 'load',
                    sections: [{ key: 'a', heading: 'A', body: `text ${n}` }],
                  },
                })
              : await post(READS[n % READS.length]!);
            latencies.push(performance.now() - started);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            if (write && body.data?.publishVersion?.__typename === 'PublishVersionSuccess')
              acknowledged.push(`${slug}/v${n}`);
          }
        }),
      );
      const sorted = latencies.sort((a, b) => a - b);
      console.log(
        `load: ${CLIENTS} clients, ${SECONDS} s: ${latencies.length} requests, ${Math.round(latencies.length / SECONDS)} req/s, ` +
          `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, ` +
          `statuses ${JSON.stringify(Object.fromEntries(statuses))}, acknowledged writes ${acknowledged.length}`,
      );
      expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
      const present = new Set<string>();
      for (let c = 0; c < CLIENTS; c += 1) {
        const r = await post('query($s: String!) { document(slug: $s) { versions { label } } }', { s: `load-${c}` });
        const doc = (r.body.data as unknown as { document: { versions: { label: string }[] } }).document;
        for (const v of doc.versions) present.add(`load-${c}/${v.label}`);
      }
      for (const key of acknowledged) expect(present.has(key), key).toBe(true);
    } finally {
      await server.stop();
      dir.remove();
    }
  });
});
