// `npm run export` and `npm run import` as an operator runs them (the command line in a child
// process, on real SQLite files): a file cut short is refused and the target log stays empty; an
// intact file is imported; what the export writes is readable by its owner only.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServices } from '../../src/composition.ts';
import { loadSeed } from '../../src/seed/load.ts';
import { publishDocuments } from '../support/fixtures.ts';
import { tempDir } from '../support/tempDir.ts';
import { CLI_TEST_TIMEOUT_MS, runCli } from '../support/child.ts';

const cli = (dataDir: string, ...args: string[]) => runCli(args, { dataDir });

async function headOf(dataDir: string): Promise<bigint> {
  const services = await openServices({ DATA_DIR: dataDir });
  try {
    return await services.store.headPosition();
  } finally {
    await services.close();
  }
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('export and import through the command line', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  const work = tempDir('sgh-cli-');
  const source = join(work.path, 'source');
  const file = join(work.path, 'log.ndjson');
  const keys = join(work.path, 'log.keys');

  beforeAll(async () => {
    const services = await openServices({ DATA_DIR: source });
    await publishDocuments(services, 3);
    await services.close();
    const exported = await cli(source, 'export', file, '--keys', keys);
    expect(exported.output).toContain('exported 9 events');
    expect(exported.code).toBe(0);
  }, 60_000);
  afterAll(() => work.remove());

  it('writes the export and the keys readable by their owner only', () => {
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(keys)).toBe(0o600);
  });

  it('writes a backup directory 0700 with every file in it 0600', async () => {
    const dir = join(work.path, 'backup');
    const backup = await cli(source, 'backup', dir);
    expect(backup.output).toMatch(/backup written to .*OK/);
    expect(modeOf(dir)).toBe(0o700);
    const files = readdirSync(dir);
    expect(files).toEqual(expect.arrayContaining(['events.sqlite', 'read.sqlite', 'keys.sqlite']));
    for (const name of files) expect([name, modeOf(join(dir, name))]).toEqual([name, 0o600]);
  }, 60_000);

  it('refuses a file with its last 5 lines deleted and appends nothing', async () => {
    const cut = join(work.path, 'cut.ndjson');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    writeFileSync(cut, `${lines.slice(0, -5).join('\n')}\n`);
    const target = join(work.path, 'cut-target');
    const imported = await cli(target, 'import', cut, '--keys', keys);
    expect(imported.code).toBe(1);
    expect(imported.output).toContain('the file has no closing line');
    expect(await headOf(target)).toBe(0n);
  }, 60_000);

  it('imports an intact file', async () => {
    const target = join(work.path, 'target');
    const imported = await cli(target, 'import', file, '--keys', keys);
    expect(imported.output).toContain('imported 9 events');
    expect(imported.code).toBe(0);
    expect(await headOf(target)).toBe(9n);
  }, 60_000);
});

describe('moving a log with sealed personal data without its keys', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  const work = tempDir('sgh-cli-keys-');
  const source = join(work.path, 'source');
  const file = join(work.path, 'log.ndjson');
  let exported: { code: number; output: string };
  let people = 0;

  beforeAll(async () => {
    const services = await openServices({ DATA_DIR: source });
    await loadSeed(services);
    await services.close();
    exported = await cli(source, 'export', file);
    people = Number(/sealed personal data of (\d+) (?:person|people)/.exec(exported.output)?.[1] ?? 0);
  }, 120_000);
  afterAll(() => work.remove());

  it('export without --keys warns that an import elsewhere reads those people as erased', () => {
    expect(exported.code).toBe(0);
    expect(people).toBeGreaterThan(0);
    expect(exported.output).toContain('--keys was not given');
    expect(exported.output).toContain('will read them as erased');
  });

  it('export with --keys does not warn', async () => {
    const withKeys = await cli(
      source,
      'export',
      join(work.path, 'with-keys.ndjson'),
      '--keys',
      join(work.path, 'with-keys.keys'),
    );
    expect(withKeys.code).toBe(0);
    expect(withKeys.output).not.toContain('warning');
  }, 60_000);

  it('import into a fresh DATA_DIR without --keys is refused, naming how many people, and appends nothing', async () => {
    const target = join(work.path, 'refused');
    const imported = await cli(target, 'import', file);
    expect(imported.code).toBe(1);
    expect(imported.output).toContain(
      `import refused: the file holds sealed personal data of ${people} people and no keys were given`,
    );
    expect(imported.output).toContain('--without-keys');
    expect(await headOf(target)).toBe(0n);
  }, 60_000);

  it('--keys with --without-keys is refused as contradictory', async () => {
    const target = join(work.path, 'both');
    const imported = await cli(target, 'import', file, '--keys', join(work.path, 'with-keys.keys'), '--without-keys');
    expect(imported.code).toBe(2);
    expect(imported.output).toContain('contradict');
    expect(await headOf(target)).toBe(0n);
  }, 60_000);

  it('import with --without-keys loads the log: the operator accepted that those people read as erased', async () => {
    const target = join(work.path, 'accepted');
    const imported = await cli(target, 'import', file, '--without-keys');
    expect(imported.code).toBe(0);
    expect(imported.output).toMatch(/imported \d+ events/);
    expect(await headOf(target)).toBeGreaterThan(0n);
  }, 60_000);
});
