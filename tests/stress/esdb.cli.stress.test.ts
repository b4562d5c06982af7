// A stress test (npm run test:stress): about four minutes on two cores, 200 MB through the stand-in.
// The command line against EventStoreDB (the in-process stand-in, with the server's append size
// limit): export, import, verify, rebuild and backup's refusal, on a 10,000-event log that holds
// versions of about 200 KB. Each command runs as its own process, as an operator would run it.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentDecider, type DocumentCommand } from '../../src/domain/documents/decide.ts';
import { EsdbEventStore } from '../../src/events/adapters/esdb.ts';
import { newEvent } from '../../src/events/catalogue.ts';
import type { NewEvent } from '../../src/events/store.ts';
import { startEsdbEmulator, type EsdbEmulator } from '../support/esdbEmulator.ts';
import { tempDir } from '../support/tempDir.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCUMENTS = 100;
const EVENTS_PER_DOCUMENT = 100;
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

describe('command line on EventStoreDB with 10,000 events and 200 KB versions', () => {
  let source: EsdbEmulator;
  let target: EsdbEmulator;
  let dir: ReturnType<typeof tempDir>;
  const rates: Record<string, string> = {};

  beforeAll(async () => {
    source = await startEsdbEmulator();
    target = await startEsdbEmulator();
    dir = tempDir('sgh-esdb-cli-');
    const store = new EsdbEventStore({ connectionString: source.connectionString });
    try {
      for (let d = 0; d < DOCUMENTS; d += 1) {
        const history = documentHistory(`doc-${d}`);
        // Appends within the node's size limit: the long versions alone, the rest in runs.
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
    } finally {
      await store.close();
    }
  }, 300_000);
  afterAll(async () => {
    console.log(`esdb CLI rates (10,000 events): ${JSON.stringify(rates)}`);
    await source.stop();
    await target.stop();
    dir.remove();
  });

  it('exports, imports into an empty node, verifies, rebuilds, and refuses backup with a clear message', async () => {
    const file = join(dir.path, 'log.ndjson');
    const exported = await cli(['export', file], {
      EVENTSTORE_CONNECTION_STRING: source.connectionString,
      DATA_DIR: join(dir.path, 'a'),
    });
    expect(exported.output).toMatch(/exported 10000 events/);
    expect(exported.code).toBe(0);
    rates.export = `${exported.ms} ms`;

    const env = { EVENTSTORE_CONNECTION_STRING: target.connectionString, DATA_DIR: join(dir.path, 'b') };
    const imported = await cli(['import', file], env);
    expect(imported.output).toMatch(/imported 10000 events/);
    expect(imported.code).toBe(0);
    rates.import = `${imported.ms} ms`;

    const verified = await cli(['verify'], env);
    expect(verified.code).toBe(0);
    rates.verify = `${verified.ms} ms`;

    const rebuilt = await cli(['rebuild'], env);
    expect(rebuilt.output).toMatch(/rebuilt read models from 10000 events/);
    expect(rebuilt.code).toBe(0);
    rates.rebuild = `${rebuilt.ms} ms`;

    const backup = await cli(['backup', join(dir.path, 'backup')], env);
    expect(backup.code).toBe(2);
    expect(backup.output).toMatch(/backed up with its own server tools/);
    expect(existsSync(join(dir.path, 'backup', 'events.sqlite'))).toBe(false);
  }, 600_000);
});
