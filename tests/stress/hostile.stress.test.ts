// Hostile load on loopback against the real server in a child process (so an exit is seen): 200
// public clients for 60 seconds mixing normal reads, oversized list requests, bodies trickled byte
// by byte and SSE subscribers that never read, while editors write. The server must never exit,
// its RSS must stay under a stated bound, /health must answer within 1 s throughout (probed every
// 250 ms on a new connection from a separate process, so the clients' own load does not delay the
// probe), and every acknowledged write must be there afterwards. The figures are printed.
//
// HOSTILE_STRESS_SECONDS (60), HOSTILE_CLIENTS (200), HOSTILE_RSS_LIMIT_MB (600) and HOSTILE_KINDS
// (read,oversized,slow,stalled) change the run. A watchdog kills the server if its RSS passes twice
// the bound, so a failing run cannot take the machine's memory with it.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startChildServer } from '../support/child.ts';
import { openRawSse } from '../support/rawSse.ts';
import { tempDir } from '../support/tempDir.ts';

const EDITOR = 'hostile-editor-token-0123456789';
const SECONDS = Number(process.env.HOSTILE_STRESS_SECONDS ?? 60);
const CLIENTS = Number(process.env.HOSTILE_CLIENTS ?? 200);
/** The stated bound on the server's resident memory while under this load. */
const RSS_LIMIT_MB = Number(process.env.HOSTILE_RSS_LIMIT_MB ?? 600);
const KINDS = (process.env.HOSTILE_KINDS ?? 'read,oversized,slow,stalled').split(',');
const EDITORS = 4;
/** Ids in one oversized `nodes` request (about 1 MB of body). */
const OVERSIZED_IDS = 20_000;
/** Longest a request of any kind is waited for, so every loop ends. */
const REQUEST_CAP_MS = 40_000;

type Kind = 'read' | 'oversized' | 'slow' | 'stalled';
/** Of every 20 public clients: 8 read, 2 send oversized lists, 5 trickle bodies, 5 subscribe and stall. */
const MIX: Kind[] = [
  ...Array<Kind>(8).fill('read'),
  ...Array<Kind>(2).fill('oversized'),
  ...Array<Kind>(5).fill('slow'),
  ...Array<Kind>(5).fill('stalled'),
];

const READS = [
  '{ document(slug: "working-together-to-safeguard-children") { versions { label } inForce { sections { heading } } } }',
  '{ document(slug: "working-together-to-safeguard-children") { compare(from: "2018", to: "2023") { summary { added moved renamed } } } }',
  '{ documents(first: 20) { edges { node { slug title versions { label publishedOn } } } } }',
];

/** A subscription whose every event is a frame of about 15 KB, so a stalled reader's buffers fill fast. */
const STALLED_SUBSCRIPTION = `subscription { documentChanged { ${Array.from({ length: 30 }, (_, i) => `${'x'.repeat(500)}${i}: slug`).join(' ')} } }`;

class Tally {
  readonly counts = new Map<string, Map<string, number>>();
  add(kind: string, outcome: string | number): void {
    const byOutcome = this.counts.get(kind) ?? new Map<string, number>();
    byOutcome.set(String(outcome), (byOutcome.get(String(outcome)) ?? 0) + 1);
    this.counts.set(kind, byOutcome);
  }
  total(kind: string): number {
    return [...(this.counts.get(kind)?.values() ?? [])].reduce((a, b) => a + b, 0);
  }
  toJSON(): Record<string, Record<string, number>> {
    return Object.fromEntries([...this.counts].map(([k, v]) => [k, Object.fromEntries(v)]));
  }
}

interface Sent {
  status: number | string;
  json?: unknown;
  /** Bytes of an answer too large to keep (drained). */
  drained?: number;
}

/** Sends a request and drains the answer without keeping it; resolves with the status or the failure's kind. */
async function send(url: string, body: string, token?: string): Promise<Sent> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
      signal: AbortSignal.timeout(REQUEST_CAP_MS),
    });
    if (
      res.headers.get('content-type')?.includes('json') &&
      Number(res.headers.get('content-length') ?? 0) < 1_000_000
    ) {
      return { status: res.status, json: await res.json() };
    }
    let drained = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) drained += chunk.length;
    return { status: res.status, drained };
  } catch (error) {
    return { status: (error as Error).name === 'TimeoutError' ? 'client-timeout' : 'network-error' };
  }
}

/** An answer told apart by status, its first error code, and whether it was too large to keep. */
function outcome({ status, json, drained }: Sent): string {
  const code = (json as { errors?: { extensions?: { code?: string } }[] } | undefined)?.errors?.[0]?.extensions?.code;
  return [status, code, drained !== undefined ? `${(drained / 1e6).toFixed(0)}MB+` : undefined]
    .filter((p) => p !== undefined)
    .join(' ');
}

/**
 * Sends a POST whose body arrives one byte every 200 ms; resolves with the status the server
 * answered, `cut` when it closed the connection without an answer, or `unfinished` at `until`.
 */
function trickle(port: number, until: number): Promise<number | string> {
  const body = JSON.stringify({ query: `{ documents(first: 1) { edges { node { slug } } } }`, pad: 'x'.repeat(200) });
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    const finish = (outcome: number | string) => {
      clearInterval(timer);
      socket.destroy();
      resolve(outcome);
    };
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (status) finish(Number(status[1]));
    });
    socket.on('error', () => undefined);
    socket.on('close', () => finish('cut'));
    socket.write(
      `POST /graphql HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`,
    );
    const timer = setInterval(() => {
      if (Date.now() >= until) return finish('unfinished');
      if (sent < body.length) socket.write(body[sent++]!);
    }, 200);
  });
}

/**
 * Probes /health every 250 ms from its own process, each time on a new connection (as a load
 * balancer's check would, so a server that stops accepting connections is seen); prints one
 * latency (ms) and status a line.
 */
const PROBE = `
import { get } from 'node:http';
const [url, until] = [process.argv[1], Number(process.argv[2])];
const once = () => new Promise((resolve) => {
  const req = get(url, { agent: false, timeout: 5000 }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
  req.on('timeout', () => { req.destroy(); resolve('timeout'); });
  req.on('error', (e) => resolve(e.code ?? 'error'));
});
const tick = async () => {
  if (Date.now() >= until) return;
  const started = performance.now();
  const status = await once();
  console.log(JSON.stringify({ ms: performance.now() - started, status }));
  setTimeout(tick, Math.max(0, 250 - (performance.now() - started)));
};
tick();
`;

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

describe('hostile load', () => {
  it(`keeps serving ${CLIENTS} hostile public clients and editors for ${SECONDS} s`, async () => {
    const dir = tempDir('sgh-hostile-');
    // Every client here shares 127.0.0.1, where in the world 200 clients come from many addresses:
    // the per-address connection cap is raised so that it does not stand in for the other limits.
    const server = await startChildServer({
      DATA_DIR: dir.path,
      EDITOR_TOKENS: `hostile:${EDITOR}`,
      MAX_CONNECTIONS_PER_ADDRESS: '1000',
    });
    const port = Number(new URL(server.url).port);
    const pid = server.process.pid!;
    let exit: string | null = null;
    server.process.once('exit', (code, signal) => (exit = `exit code ${code}, signal ${signal}`));
    const tally = new Tally();
    const acknowledged: string[] = [];
    let maxRss = rssMb(pid);
    let watchdog: string | null = null;
    const startedAt = Date.now();
    const deadline = startedAt + SECONDS * 1000;
    const live = () => Date.now() < deadline && !watchdog && !exit;

    const rssTimer = setInterval(() => {
      if (exit) return;
      try {
        maxRss = Math.max(maxRss, rssMb(pid));
      } catch {
        return;
      }
      if (maxRss > 2 * RSS_LIMIT_MB && !watchdog) {
        watchdog = `RSS reached ${maxRss.toFixed(0)} MB after ${((Date.now() - startedAt) / 1000).toFixed(1)} s; server killed`;
        server.process.kill('SIGKILL');
      }
    }, 100);

    const probe = spawn(
      process.execPath,
      ['--input-type=module', '-e', PROBE, `http://127.0.0.1:${port}/health`, String(deadline)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let probeOut = '';
    probe.stdout.on('data', (d: Buffer) => (probeOut += d.toString()));
    const probeDone = new Promise<void>((resolve) => probe.once('exit', () => resolve()));

    const documentId = (
      (await send(server.url, JSON.stringify({ query: '{ documents(first: 1) { edges { node { id } } } }' }))).json as {
        data: { documents: { edges: { node: { id: string } }[] } };
      }
    ).data.documents.edges[0]!.node.id;
    const OVERSIZED = [
      JSON.stringify({
        query:
          'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Document { versions { sections { heading body } } } } }',
        variables: { ids: Array<string>(OVERSIZED_IDS).fill(documentId) },
      }),
      JSON.stringify({ query: '{ documents(first: 1000000) { edges { node { versions { sections { body } } } } } }' }),
      JSON.stringify({ query: '{ events(first: 1000000) { edges { node { position data } } } }' }),
    ];

    const publicClient = async (c: number) => {
      const kind = MIX[c % MIX.length]!;
      if (!KINDS.includes(kind)) return;
      for (let n = 0; live(); n += 1) {
        if (kind === 'read') {
          tally.add('read', (await send(server.url, JSON.stringify({ query: READS[n % READS.length] }))).status);
        } else if (kind === 'oversized') {
          tally.add(
            `oversized ${n % OVERSIZED.length}`,
            outcome(await send(server.url, OVERSIZED[n % OVERSIZED.length]!)),
          );
        } else if (kind === 'slow') {
          tally.add('slow', await trickle(port, Math.min(deadline, Date.now() + REQUEST_CAP_MS)));
        } else {
          try {
            const openedAt = Date.now();
            const subscriber = await openRawSse(port, STALLED_SUBSCRIPTION);
            subscriber.pause();
            // Held without reading until the run ends or the server closes it; a refusal (429/503) is let go.
            const closedAt = subscriber.closed.then(() => Date.now());
            while (
              subscriber.status === 200 &&
              live() &&
              !(await Promise.race([closedAt, new Promise((r) => setTimeout(() => r(0), 250))]))
            ) {
              // waiting
            }
            const closedByServer = await Promise.race([closedAt, Promise.resolve(0)]);
            tally.add(
              'stalled',
              `${subscriber.status}${closedByServer ? ` closed by the server after ~${Math.round((closedByServer - openedAt) / 5_000) * 5} s` : ''}`,
            );
            subscriber.close();
          } catch (error) {
            tally.add(
              'stalled',
              `no response: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message.split(':')[0]}`,
            );
          }
          if (live()) await new Promise((r) => setTimeout(r, 1_000));
        }
      }
    };

    const editor = async (e: number) => {
      const slug = `hostile-edit-${e}`;
      await send(
        server.url,
        JSON.stringify({
          query: 'mutation($i: RegisterDocumentInput!) { registerDocument(input: $i) { __typename } }',
          variables: { i: { slug, title: slug, kind: 'NEWS_ITEM' } },
        }),
        EDITOR,
      );
      for (let n = 0; live(); n += 1) {
        const { status, json } = await send(
          server.url,
          JSON.stringify({
            query: 'mutation($i: PublishVersionInput!) { publishVersion(input: $i) { __typename } }',
            variables: {
              i: {
                slug,
                label: `v${n}`,
                publishedOn: '2024-01-01',
                changeNote: 'hostile load',
                sections: [{ key: 'a', heading: 'A', body: `text ${n}` }],
              },
            },
          }),
          EDITOR,
        );
        tally.add('write', status);
        const typename = (json as { data?: { publishVersion?: { __typename?: string } } } | undefined)?.data
          ?.publishVersion?.__typename;
        if (typename === 'PublishVersionSuccess') acknowledged.push(`${slug}/v${n}`);
      }
    };

    try {
      await Promise.all([
        ...Array.from({ length: CLIENTS }, (_, c) => publicClient(c)),
        ...Array.from({ length: EDITORS }, (_, e) => editor(e)),
      ]);
      await probeDone;
      clearInterval(rssTimer);

      const probes = probeOut
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { ms: number; status: number | string });
      const maxHealthMs = Math.max(0, ...probes.map((p) => p.ms));
      const badProbes = probes.filter((p) => p.status !== 200 || p.ms > 1_000);

      const present = new Set<string>();
      if (!exit && !watchdog) {
        for (let e = 0; e < EDITORS; e += 1) {
          const { json } = await send(
            server.url,
            JSON.stringify({
              query: 'query($s: String!) { document(slug: $s) { versions { label } } }',
              variables: { s: `hostile-edit-${e}` },
            }),
            EDITOR,
          );
          const doc = (json as { data?: { document?: { versions: { label: string }[] } | null } }).data?.document;
          for (const v of doc?.versions ?? []) present.add(`hostile-edit-${e}/${v.label}`);
        }
      }
      const missing = acknowledged.filter((k) => !present.has(k));

      console.log(
        [
          `hostile: ${CLIENTS} public clients (${KINDS.join(', ')}) and ${EDITORS} editors for ${SECONDS} s`,
          `  requests by kind: ${JSON.stringify(Object.fromEntries(['read', 'oversized 0', 'oversized 1', 'oversized 2', 'slow', 'stalled', 'write'].map((k) => [k, tally.total(k)])))}`,
          `  outcomes by kind (oversized 0: nodes(ids: ${OVERSIZED_IDS} ids), 1: documents(first: 1000000), 2: events(first: 1000000)): ${JSON.stringify(tally)}`,
          `  server RSS: max ${maxRss.toFixed(0)} MB (bound ${RSS_LIMIT_MB} MB)${watchdog ? `; WATCHDOG: ${watchdog}` : ''}`,
          `  /health: ${probes.length} probes, max ${maxHealthMs.toFixed(0)} ms, ${badProbes.length} slower than 1 s or not 200`,
          `  writes: ${acknowledged.length} acknowledged, ${acknowledged.length - missing.length} present`,
          `  server: ${exit ?? 'running'}`,
        ].join('\n'),
      );

      expect(exit, 'the server exited').toBeNull();
      expect(watchdog).toBeNull();
      expect(maxRss).toBeLessThan(RSS_LIMIT_MB);
      expect(probes.length).toBeGreaterThan(0);
      expect(badProbes, `health probes slower than 1 s or failing: ${JSON.stringify(badProbes.slice(0, 5))}`).toEqual(
        [],
      );
      expect(acknowledged.length).toBeGreaterThan(0);
      expect(missing).toEqual([]);
    } finally {
      clearInterval(rssTimer);
      probe.kill();
      if (!exit) await server.stop();
      dir.remove();
    }
  });
});
