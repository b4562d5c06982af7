// Time travel by effective date over a small and a large log: the same asOf queries against a
// server over 1,000 events and one over the large log; then the large server's resident memory.
import { getNamedType, isObjectType } from 'graphql';
import { schema } from '../../src/schema/index.ts';
import { dataDirWith, type BenchContext } from '../lib/context.ts';
import { loadTest } from '../lib/load.ts';
import { median, quantile, type CaseResult } from '../lib/report.ts';
import { postQuery, startOurServer, type ChildServer } from '../lib/servers.ts';
import { READ_QUERY } from './http.ts';

const AS_OF = '2021-06-01';

interface AsOfQuery {
  name: string;
  /** The Query field it needs; the case reports "not available" while the schema lacks it. */
  field: string;
  query: string;
}

const QUERIES: AsOfQuery[] = [
  {
    name: 'document.inForce(asOf)',
    field: 'document',
    query: `{ document(slug: "working-together-to-safeguard-children") { inForce(asOf: "${AS_OF}") { label publishedOn } } }`,
  },
  {
    name: 'board(asOf)',
    field: 'board',
    query: `{ board(asOf: "${AS_OF}") { size bestKnownSize meetsConstitution reportedSize trustees { name role appointedOn } } }`,
  },
  {
    name: 'membership(asOf)',
    field: 'membership',
    query: `{ membership(asOf: "${AS_OF}") { tracked { members partnerships otherMembers byRegion { region members } } reported { members } terms { standardFee } } }`,
  },
];

function available(field: string): boolean {
  const f = schema.getQueryType()?.getFields()[field];
  return f !== undefined && isObjectType(getNamedType(f.type));
}

/** Milliseconds of each of `n` sequential requests on one kept-alive connection. */
async function latencies(server: ChildServer, query: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const started = performance.now();
    const { status, body } = await postQuery(server.url, query);
    out.push(performance.now() - started);
    if (status !== 200 || body.includes('"errors"')) throw new Error(`${server.name}: ${body.slice(0, 300)}`);
  }
  return out;
}

export async function asOfCases(ctx: BenchContext): Promise<CaseResult[]> {
  const servers: ChildServer[] = [];
  const results: CaseResult[] = [];
  try {
    // The response cache would answer every repeat from memory; these servers execute each query.
    const uncached = { RESPONSE_CACHE_SIZE: '0' };
    const small = await startOurServer('small log', dataDirWith(ctx, 'asof-small', ctx.smallLog), uncached);
    servers.push(small);
    const largeDir = ctx.largeDataDir ?? dataDirWith(ctx, 'large', ctx.largeLog);
    const large = await startOurServer('large log', largeDir, uncached);
    servers.push(large);
    const requests = ctx.quick ? 200 : 1_500;
    const rounds = 5;
    for (const q of QUERIES) {
      if (!available(q.field)) {
        results.push({
          name: `${q.name}: ${ctx.largeEvents.toLocaleString('en-GB')} vs ${ctx.smallEvents.toLocaleString('en-GB')} events`,
          ours: null,
          baseline: null,
          unit: 'ms p50',
          ratio: null,
          goal: '≤ 2× at 1k',
          pass: null,
          notes: `not available: the schema has no Query.${q.field} yet`,
        });
        continue;
      }
      await latencies(small, q.query, 50);
      await latencies(large, q.query, 50);
      const onSmall: number[] = [];
      const onLarge: number[] = [];
      // Alternating rounds, so a burst of noise on the machine lands on both alike.
      for (let r = 0; r < rounds; r += 1) {
        onSmall.push(...(await latencies(small, q.query, requests / rounds)));
        onLarge.push(...(await latencies(large, q.query, requests / rounds)));
      }
      const [p50Small, p50Large] = [median(onSmall), median(onLarge)];
      const [p99Small, p99Large] = [quantile(onSmall, 0.99), quantile(onLarge, 0.99)];
      ctx.say(
        `  ${q.name}: p50 ${p50Small.toFixed(2)} → ${p50Large.toFixed(2)} ms, p99 ${p99Small.toFixed(2)} → ${p99Large.toFixed(2)} ms`,
      );
      results.push({
        name: `${q.name}: ${ctx.largeEvents.toLocaleString('en-GB')} vs ${ctx.smallEvents.toLocaleString('en-GB')} events`,
        ours: p50Large,
        baseline: p50Small,
        unit: 'ms p50',
        ratio: p50Large / p50Small,
        goal: '≤ 2× at 1k',
        pass: p50Large <= 2 * p50Small,
        notes: `p99 ${p99Large.toFixed(2)} ms vs ${p99Small.toFixed(2)} ms; ${requests} sequential requests each over HTTP on one connection, response cache off`,
      });
    }
    // Serving reads under load as well, then the large server's memory.
    await loadTest(large.url, READ_QUERY, { connections: ctx.quick ? 10 : 50, seconds: ctx.quick ? 2 : 5 });
    const check = await postQuery(large.url, READ_QUERY);
    if (check.status !== 200) throw new Error(`large server failed: ${check.body.slice(0, 200)}`);
    const memory = large.memory();
    ctx.say(`  large-log server RSS ${memory.rssMB.toFixed(0)} MB (peak ${memory.peakMB.toFixed(0)} MB)`);
    results.push({
      name: `server RSS after reads over ${ctx.largeEvents.toLocaleString('en-GB')} events`,
      ours: memory.rssMB,
      baseline: null,
      unit: 'MB',
      ratio: null,
      goal: '< 300 MB',
      pass: memory.rssMB < 300,
      notes: `VmRSS of the server process (node src/cli.ts serve) after the asOf queries and a read load; peak ${memory.peakMB.toFixed(0)} MB`,
    });
    return results;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}
