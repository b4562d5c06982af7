import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServices, type Services } from '../../src/app/services.ts';
import { exportLog, importLog, ImportError } from '../../src/events/ndjson.ts';
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

  it('writes one event a line with its hashes', async () => {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(12);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ position: '1', streamId: 'document-doc-0', type: 'DocumentRegistered' });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
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

  async function importInto(content: string) {
    const broken = join(source.path, 'broken.ndjson');
    writeFileSync(broken, content);
    const restored = await openServices({ DATA_DIR: target.path });
    try {
      const error = await importLog(restored.store, broken).catch((e: unknown) => e);
      return { error, head: await restored.store.headPosition() };
    } finally {
      await restored.close();
    }
  }

  it('refuses a file whose event was edited, naming the position, and loads nothing', async () => {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    lines[7] = lines[7]!.replace('First section of v1', 'First section of v1, quietly changed');
    const { error, head } = await importInto(`${lines.join('\n')}\n`);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toContain('position 8');
    expect(head).toBe(0n);
  });

  it('refuses a reordered file', async () => {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    [lines[3], lines[4]] = [lines[4]!, lines[3]!];
    const { error, head } = await importInto(`${lines.join('\n')}\n`);
    expect((error as Error).message).toMatch(/out of order|chain breaks/);
    expect(head).toBe(0n);
  });

  it('refuses a file with a missing event', async () => {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    lines.splice(5, 1);
    const { error } = await importInto(`${lines.join('\n')}\n`);
    expect((error as Error).message).toContain('position 7');
  });

  it('refuses to import into a log that is not empty', async () => {
    await expect(importLog(services.store, file)).rejects.toThrow('not empty');
  });
});
