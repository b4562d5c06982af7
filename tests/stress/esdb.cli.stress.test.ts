// A stress test (npm run test:stress): six minutes to half an hour on two cores, as they are shared;
// 200 MB through each store. Each store has half an hour.
// The command line on the same 10,000-event log, which holds versions of about 200 KB, first on
// EventStoreDB (the in-process stand-in, with the server's append size limit), then on the embedded
// SQLite store: export, import into an empty store, verify, rebuild, and backup (its refusal on
// EventStoreDB). Each command runs as its own process, as an operator would run it. It asserts
// counts, verify's OK and that a rebuild gives the read models the import built; it prints one
// table of rates for both stores and asserts no timing.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentDecider, type DocumentCommand } from '../../src/domain/documents/decide.ts';
import { EsdbEventStore } from '../../src/events/adapters/esdb.ts';
import { SqliteEventStore } from '../../src/events/adapters/sqlite.ts';
import { newEvent } from '../../src/events/catalogue.ts';
import { ensurePrivateDir } from '../../src/events/privateFiles.ts';
import type { EventStore, NewEvent } from '../../src/events/store.ts';
import { startEsdbEmulator, type EsdbEmulator } from '../support/esdbEmulator.ts';
import { tempDir } from '../support/tempDir.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCUMENTS = 100;
const EVENTS_PER_DOCUMENT = 100;
const TOTAL = DOCUMENTS * EVENTS_PER_DOCUMENT;
const BIG_BODY = 'word '.repeat(40_000); // 200 KB

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; output: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', SEED: 'false', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => resolve({ code: code ?? -1, output, ms: Date.now() - started }));
  });
}

/** One document's history: registered, then versions, every tenth of them about 200 KB. */
function documentHistory(slug: string): NewEvent[] {
  let state = documentDecider.initialState();
  const out: NewEvent[] = [];
  const run = (command: DocumentCommand) => {
    for (const d of documentDecider.decide(command, state, { now: '2024-01-01T00:00:00.000Z' })) {
      state = documentDecider.evolve(state, d.event);
      out.push(newEvent(randomUUID(), d.event, d.effectiveAt, { actor: 'import' }));
    }
  };
  run({ type: 'RegisterDocument', data: { slug, title: `Title of ${slug}`, kind: 'STATUTORY_GUIDANCE' } });
  for (let v = 1; out.length < EVENTS_PER_DOCUMENT; v += 1) {
    const day = new Date(Date.UTC(2000, 0, 1) + v * 86_400_000).toISOString().slice(0, 10);
    run({
      type: 'PublishVersion',
      data: {
        slug,
        label: `v${v}`,
        publishedOn: day,
        changeNote: `Version ${v}`,
        sections: [{ key: 'one', heading: 'One', body: v % 10 === 0 ? BIG_BODY : `Text of version ${v}` }],
      },
    });
  }
  return out;
}

/** Appends every history, each stream in runs within the node's size limit: the long versions alone. */
async function appendAll(store: EventStore, histories: NewEvent[][]): Promise<void> {
  for (const [d, history] of histories.entries()) {
    let run: NewEvent[] = [];
    const flush = async () => {
      if (run.length > 0) await store.append(`document-doc-${d}`, run);
      run = [];
    };
    for (const e of history) {
      if (JSON.stringify(e.data).length > 100_000) {
        await flush();
        run = [e];
        await flush();
      } else {
        run.push(e);
        if (run.length >= 50) await flush();
      }
    }
    await flush();
  }
}

type Step = 'append' | 'export' | 'import' | 'verify' | 'rebuild' | 'backup';
const STEPS: Step[] = ['append', 'export', 'import', 'verify', 'rebuild', 'backup'];
type StoreName = 'EventStoreDB stand-in' | 'embedded SQLite';

/** Wall-clock time of each step on each store (ms), or why the step has none. */
const timings: Record<StoreName, Partial<Record<Step, number | string>>> = {
  'EventStoreDB stand-in': {},
  'embedded SQLite': {},
};
/** Wall-clock time of a command-line process that does nothing (`--help`), taken off each step. */
let processStartMs = 0;
/** Bytes of the exported log: the MB in MB/s. */
let logBytes = 0;

/**
 * One table, a row per step and store: wall seconds, then seconds, events/s and MB/s over the
 * whole log once a process start is taken off (append runs in this process: nothing taken off).
 */
function rateTable(): string {
  const rows = ['| step | store | wall s | net s | events/s | MB/s |', '|---|---|---:|---:|---:|---:|'];
  for (const step of STEPS) {
    for (const [store, byStep] of Object.entries(timings)) {
      const ms = byStep[step];
      if (typeof ms !== 'number') {
        rows.push(`| ${step} | ${store} | ${ms ?? 'not run'} | | | |`);
        continue;
      }
      const net = Math.max(1, step === 'append' ? ms : ms - processStartMs) / 1000;
      rows.push(
        `| ${step} | ${store} | ${(ms / 1000).toFixed(1)} | ${net.toFixed(1)} | ${Math.round(TOTAL / net)} | ${(logBytes / 1e6 / net).toFixed(1)} |`,
      );
    }
  }
  return rows.join('\n');
}

const checksumOf = (output: string) => /checksum ([0-9a-f]{64})/.exec(output)?.[1];

describe('command line with 10,000 events and 200 KB versions, on EventStoreDB and on the embedded store', () => {
  let source: EsdbEmulator;
  let target: EsdbEmulator;
  let dir: ReturnType<typeof tempDir>;
  let histories: NewEvent[][];

  beforeAll(async () => {
    histories = Array.from({ length: DOCUMENTS }, (_, d) => documentHistory(`doc-${d}`));
    dir = tempDir('sgh-esdb-cli-');
    source = await startEsdbEmulator();
    target = await startEsdbEmulator();
    // The quicker of two, so a moment of load from elsewhere does not count as start-up.
    const starts = [await cli(['--help'], {}), await cli(['--help'], {})];
    processStartMs = Math.min(...starts.map((r) => r.ms));
  }, 120_000);
  afterAll(async () => {
    console.log(
      `command-line rates, ${TOTAL} events, ${(logBytes / 1e6).toFixed(0)} MB exported ` +
        `(append: in this process, in runs of up to 50 events; the others: one process each, net of a ${processStartMs} ms process start):\n` +
        rateTable(),
    );
    await source?.stop();
    await target?.stop();
    dir?.remove();
  });

  it('EventStoreDB: exports, imports into an empty node, verifies, rebuilds, and refuses backup with a clear message', async () => {
    const timing = timings['EventStoreDB stand-in'];
    const store = new EsdbEventStore({ connectionString: source.connectionString });
    const appendStarted = Date.now();
    try {
      await appendAll(store, histories);
    } finally {
      await store.close();
    }
    timing.append = Date.now() - appendStarted;

    const file = join(dir.path, 'esdb.ndjson');
    const exported = await cli(['export', file], {
      EVENTSTORE_CONNECTION_STRING: source.connectionString,
      DATA_DIR: join(dir.path, 'esdb-a'),
    });
    expect(exported.output).toMatch(new RegExp(`exported ${TOTAL} events`));
    expect(exported.code).toBe(0);
    timing.export = exported.ms;
    logBytes = statSync(file).size;

    const env = { EVENTSTORE_CONNECTION_STRING: target.connectionString, DATA_DIR: join(dir.path, 'esdb-b') };
    const imported = await cli(['import', file], env);
    expect(imported.output).toMatch(new RegExp(`imported ${TOTAL} events`));
    expect(imported.code).toBe(0);
    timing.import = imported.ms;

    const verified = await cli(['verify'], env);
    expect(verified.output).toMatch(new RegExp(`OK: ${TOTAL} events checked`));
    expect(verified.code).toBe(0);
    timing.verify = verified.ms;

    const rebuilt = await cli(['rebuild'], env);
    expect(rebuilt.output).toMatch(new RegExp(`rebuilt read models from ${TOTAL} events`));
    expect(rebuilt.code).toBe(0);
    expect(checksumOf(rebuilt.output)).toBe(checksumOf(imported.output));
    timing.rebuild = rebuilt.ms;

    const backup = await cli(['backup', join(dir.path, 'esdb-backup')], env);
    expect(backup.code).toBe(2);
    expect(backup.output).toMatch(/backed up with its own server tools/);
    expect(existsSync(join(dir.path, 'esdb-backup', 'events.sqlite'))).toBe(false);
    timing.backup = 'refused (exit 2)';
  }, 1_800_000);

  it('embedded store: the same log and commands; backup writes a copy that verifies', async () => {
    const timing = timings['embedded SQLite'];
    const sourceDir = join(dir.path, 'sqlite-a');
    ensurePrivateDir(sourceDir);
    const store = new SqliteEventStore({ path: join(sourceDir, 'events.sqlite') });
    const appendStarted = Date.now();
    try {
      await appendAll(store, histories);
    } finally {
      await store.close();
    }
    timing.append = Date.now() - appendStarted;

    const file = join(dir.path, 'sqlite.ndjson');
    const exported = await cli(['export', file], { DATA_DIR: sourceDir });
    expect(exported.output).toMatch(new RegExp(`exported ${TOTAL} events`));
    expect(exported.code).toBe(0);
    timing.export = exported.ms;

    const env = { DATA_DIR: join(dir.path, 'sqlite-b') };
    const imported = await cli(['import', file], env);
    expect(imported.output).toMatch(new RegExp(`imported ${TOTAL} events`));
    expect(imported.code).toBe(0);
    timing.import = imported.ms;

    const verified = await cli(['verify'], env);
    expect(verified.output).toMatch(new RegExp(`OK: ${TOTAL} events checked`));
    expect(verified.code).toBe(0);
    timing.verify = verified.ms;

    const rebuilt = await cli(['rebuild'], env);
    expect(rebuilt.output).toMatch(new RegExp(`rebuilt read models from ${TOTAL} events`));
    expect(rebuilt.code).toBe(0);
    expect(checksumOf(rebuilt.output)).toBe(checksumOf(imported.output));
    timing.rebuild = rebuilt.ms;

    const backupDir = join(dir.path, 'sqlite-backup');
    const backup = await cli(['backup', backupDir], env);
    expect(backup.output).toMatch(new RegExp(`backup written to .*: OK: ${TOTAL} events checked`));
    expect(backup.code).toBe(0);
    expect(existsSync(join(backupDir, 'events.sqlite'))).toBe(true);
    timing.backup = backup.ms;
  }, 1_800_000);
});
