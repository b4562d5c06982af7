import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServices, type Services } from '../../src/composition.ts';
import { exportLog, importLog, ImportError, type ImportOptions } from '../../src/events/ndjson.ts';
import type { StoredEvent } from '../../src/events/store.ts';
import { publishDocuments } from '../support/fixtures.ts';
import { tempDir } from '../support/tempDir.ts';

async function all(services: Services): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of services.store.readAll()) out.push(e);
  return out;
}

describe('export and import of the log', () => {
  let source: ReturnType<typeof tempDir>;
  let target: ReturnType<typeof tempDir>;
  let services: Services;
  let file: string;

  beforeEach(async () => {
    source = tempDir();
    target = tempDir();
    services = await openServices({ DATA_DIR: source.path });
    await publishDocuments(services, 4);
    file = join(source.path, 'log.ndjson');
    await exportLog(services.store, file);
  });
  afterEach(async () => {
    await services.close();
    source.remove();
    target.remove();
  });

  it('writes a header, one event a line with its hashes, and a closing line with the count and head hash', async () => {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(14);
    expect(JSON.parse(lines[0]!)).toEqual({
      $export: 'header',
      format: 'safeguarding-history-log',
      version: 2,
      chainScope: 'global',
    });
    const first = JSON.parse(lines[1]!) as Record<string, unknown>;
    expect(first).toMatchObject({ position: '1', streamId: 'document-doc-0', type: 'DocumentRegistered' });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    const last = JSON.parse(lines[12]!) as { hash: string };
    expect(JSON.parse(lines[13]!)).toMatchObject({
      $export: 'end',
      count: 12,
      headPosition: '12',
      headHash: last.hash,
    });
  });

  it('round-trips into an empty log with identical hashes and read-model checksums', async () => {
    const restored = await openServices({ DATA_DIR: target.path });
    try {
      expect(await importLog(restored.store, file)).toBe(12);
      expect(await all(restored)).toEqual(await all(services));
      await restored.runner.catchUp();
      expect(restored.runner.checksum()).toBe(services.runner.checksum());
    } finally {
      await restored.close();
    }
  });

  async function importInto(content: string, options: ImportOptions = {}) {
    const broken = join(source.path, 'broken.ndjson');
    writeFileSync(broken, content);
    const restored = await openServices({ DATA_DIR: target.path });
    try {
      const error = await importLog(restored.store, broken, undefined, options).catch((e: unknown) => e);
      return { error, head: await restored.store.headPosition() };
    } finally {
      await restored.close();
    }
  }

  it('refuses a file whose event was edited, naming the position, and loads nothing', async () => {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    lines[8] = lines[8]!.replace('First section of v1', 'First section of v1, quietly changed');
    const { error, head } = await importInto(`${lines.join('\n')}\n`);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toContain('position 8');
    expect(head).toBe(0n);
  });

  it('refuses a reordered file', async () => {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    [lines[4], lines[5]] = [lines[5]!, lines[4]!];
    const { error, head } = await importInto(`${lines.join('\n')}\n`);
    expect((error as Error).message).toMatch(/out of order|chain breaks/);
    expect(head).toBe(0n);
  });

  it('refuses a file with a missing event', async () => {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    lines.splice(6, 1);
    const { error } = await importInto(`${lines.join('\n')}\n`);
    expect((error as Error).message).toContain('position 7');
  });

  const linesOf = () => readFileSync(file, 'utf8').trim().split('\n');

  it('refuses a file whose last 5 lines were cut off, naming the missing closing line, and loads nothing', async () => {
    const { error, head } = await importInto(`${linesOf().slice(0, -5).join('\n')}\n`);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toMatch(/no closing line .*truncated: it ends after 8 events, at position 8/);
    expect(head).toBe(0n);
  });

  it('refuses a file whose closing line gives another count', async () => {
    const lines = linesOf();
    lines[13] = lines[13]!.replace('"count":12', '"count":13');
    const { error, head } = await importInto(`${lines.join('\n')}\n`);
    expect((error as Error).message).toMatch(
      /do not match the closing line.*count 13 in the closing line, 12 in the file/,
    );
    expect(head).toBe(0n);
  });

  it('refuses a file whose last events were removed with the closing line kept', async () => {
    const lines = linesOf();
    lines.splice(10, 3);
    const { error, head } = await importInto(`${lines.join('\n')}\n`);
    expect((error as Error).message).toMatch(/count 12 in the closing line, 9 in the file.*headHash/);
    expect(head).toBe(0n);
  });

  it('refuses lines after the closing line', async () => {
    const lines = linesOf();
    const { error, head } = await importInto(`${[...lines, lines[1]].join('\n')}\n`);
    expect((error as Error).message).toContain('line 15 comes after the closing line');
    expect(head).toBe(0n);
  });

  it('refuses a file without a header (an older export) unless the legacy override is given', async () => {
    const legacy = `${linesOf().slice(1, -1).join('\n')}\n`;
    const refused = await importInto(legacy);
    expect((refused.error as Error).message).toMatch(/no header line .*--legacy/);
    expect(refused.head).toBe(0n);
    const accepted = await importInto(legacy, { allowLegacy: true });
    expect(accepted.error).toBe(12);
    expect(accepted.head).toBe(12n);
  });

  it('refuses to import into a log that is not empty', async () => {
    await expect(importLog(services.store, file)).rejects.toThrow('not empty');
  });
});
