// Cacheable public reads by GET: an answer held in memory (served before the gate's queue and
// yoga) and a 304 to If-None-Match, each against node:http sending the same bytes (the limit); and
// the uncached GET against bare graphql-yoga's GET, beside the uncached POST against bare yoga's
// POST in the same run (the goal: the GET path no slower than the POST's ratio to bare yoga).
// Each uncached row also notes the server's CPU time per request (from /proc), steadier than req/s
// on a shared machine.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirWith, type BenchContext } from '../lib/context.ts';
import { getQueryUrl, loadTest, type LoadOptions, type LoadResult } from '../lib/load.ts';
import type { CaseResult } from '../lib/report.ts';
import { startChild, startOurServer, type ChildServer } from '../lib/servers.ts';
import { READ_QUERY } from './http.ts';

async function getOnce(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; etag: string | null }> {
  const res = await fetch(getQueryUrl(url, READ_QUERY), { headers: { accept: 'application/json', ...headers } });
  return { status: res.status, body: await res.text(), etag: res.headers.get('etag') };
}

/** CPU time (user + system) the process has used so far, in ms (Linux clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export async function getReadCases(ctx: BenchContext): Promise<CaseResult[]> {
  const shape = { connections: ctx.quick ? 10 : 50, seconds: ctx.quick ? 2 : 10 };
  const servers: ChildServer[] = [];
  try {
    const ours = await startOurServer('ours', dataDirWith(ctx, 'get-ours', null));
    servers.push(ours);
    const reference = await getOnce(ours.url);
    if (reference.status !== 200 || !reference.etag || reference.body.includes('"errors"'))
      throw new Error(`reference GET failed: ${reference.status} ${reference.body}`);
    const notModified = await getOnce(ours.url, { 'if-none-match': reference.etag });
    if (notModified.status !== 304)
      throw new Error(`If-None-Match with the answer's ETag got ${notModified.status}, not 304`);
    const responseFile = join(ctx.workDir, 'get-response.json');
    writeFileSync(responseFile, reference.body);
    const env = { BENCH_RESPONSE_FILE: responseFile };
    const limit = await startChild('node:http', ['--import', 'tsx', 'bench/baselines/nodeHttp.ts'], env);
    servers.push(limit);
    const yoga = await startChild('bare yoga', ['--import', 'tsx', 'bench/baselines/bareYoga.ts'], env);
    servers.push(yoga);
    const uncached = await startOurServer('ours, cache off', dataDirWith(ctx, 'get-uncached', null), {
      RESPONSE_CACHE_SIZE: '0',
    });
    servers.push(uncached);
    for (const s of [limit, yoga, uncached]) {
      const answer = await getOnce(s.url);
      if (answer.body !== reference.body)
        throw new Error(`${s.name} does not answer the GET with the same bytes as our server`);
    }

    const cpuPerRequest = new Map<LoadResult, number>();
    const measure = async (
      s: ChildServer,
      label: string,
      options: Partial<LoadOptions>,
      expectStatus = 200,
    ): Promise<LoadResult> => {
      await loadTest(s.url, READ_QUERY, { connections: shape.connections, seconds: 1, ...options });
      const cpuBefore = cpuMs(s.pid);
      const r = await loadTest(s.url, READ_QUERY, { ...shape, ...options });
      cpuPerRequest.set(r, (cpuMs(s.pid) - cpuBefore) / Math.max(1, r.requests));
      // autocannon counts every status outside 2xx as non-2xx, 304 included.
      const refused = expectStatus === 200 ? r.non2xx : r.requests - r.non2xx;
      if (r.errors > 0 || refused > 0)
        throw new Error(
          `${s.name} (${label}): ${r.errors} errors, ${refused} answers other than ${expectStatus} under load`,
        );
      ctx.say(
        `  ${s.name}, ${label}: ${Math.round(r.requestsPerSecond)} req/s, p99 ${r.p99Ms} ms, server CPU ${cpuPerRequest.get(r)!.toFixed(3)} ms/request`,
      );
      return r;
    };
    const validator = { 'if-none-match': reference.etag };
    const cachedGet = await measure(ours, 'GET from memory', { method: 'GET' });
    const limitGet = await measure(limit, 'GET', { method: 'GET' });
    const cached304 = await measure(ours, '304', { method: 'GET', headers: validator }, 304);
    const limit304 = await measure(limit, '304', { method: 'GET', headers: validator }, 304);
    const uncachedGet = await measure(uncached, 'GET, cache off', { method: 'GET' });
    const yogaGet = await measure(yoga, 'GET', { method: 'GET' });
    const uncachedPost = await measure(uncached, 'POST, cache off', { method: 'POST' });
    const yogaPost = await measure(yoga, 'POST', { method: 'POST' });

    const getRatio = cachedGet.requestsPerSecond / limitGet.requestsPerSecond;
    const ratio304 = cached304.requestsPerSecond / limit304.requestsPerSecond;
    const uncachedRatio = uncachedGet.requestsPerSecond / yogaGet.requestsPerSecond;
    const postRatio = uncachedPost.requestsPerSecond / yogaPost.requestsPerSecond;
    const load = `${shape.connections} connections, ${shape.seconds} s`;
    const cpu = (r: LoadResult) => cpuPerRequest.get(r)!.toFixed(3);
    const cpuRatio = (baseline: LoadResult, ours: LoadResult) =>
      `${(cpuPerRequest.get(baseline)! / cpuPerRequest.get(ours)!).toFixed(2)}×`;
    return [
      {
        name: `public GET from cache vs node:http same bytes, ${load}`,
        ours: cachedGet.requestsPerSecond,
        baseline: limitGet.requestsPerSecond,
        unit: 'req/s',
        ratio: getRatio,
        goal: '≥ 0.5× node:http',
        pass: getRatio >= 0.5,
        notes: `the ${reference.body.length}-byte answer kept in memory by read-model position, answered before the gate's queue and yoga; p99 ours ${cachedGet.p99Ms} ms, node:http ${limitGet.p99Ms} ms`,
      },
      {
        name: '304 vs node:http',
        ours: cached304.requestsPerSecond,
        baseline: limit304.requestsPerSecond,
        unit: 'req/s',
        ratio: ratio304,
        goal: '≥ 0.5× node:http',
        pass: ratio304 >= 0.5,
        notes: `If-None-Match with the answer's strong ETag; node:http answers 304 without looking; p99 ours ${cached304.p99Ms} ms`,
      },
      {
        name: "uncached GET vs bare yoga's GET",
        ours: uncachedGet.requestsPerSecond,
        baseline: yogaGet.requestsPerSecond,
        unit: 'req/s',
        ratio: uncachedRatio,
        goal: "≥ the uncached POST's ratio (next row)",
        pass: uncachedRatio >= postRatio,
        notes: `RESPONSE_CACHE_SIZE=0: parsed, validated, costed, executed, with the ETag and Cache-Control; server CPU per request ours ${cpu(uncachedGet)} ms, bare yoga ${cpu(yogaGet)} ms (ratio ${cpuRatio(yogaGet, uncachedGet)}); p99 ${uncachedGet.p99Ms} ms`,
      },
      {
        name: "uncached POST vs bare yoga's POST",
        ours: uncachedPost.requestsPerSecond,
        baseline: yogaPost.requestsPerSecond,
        unit: 'req/s',
        ratio: postRatio,
        goal: 'report',
        pass: null,
        notes: `the same servers and query as a POST with a JSON body; server CPU per request ours ${cpu(uncachedPost)} ms, bare yoga ${cpu(yogaPost)} ms (ratio ${cpuRatio(yogaPost, uncachedPost)}); p99 ${uncachedPost.p99Ms} ms`,
      },
    ];
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}
