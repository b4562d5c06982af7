// `npm run rebuild` over a log holding an event a projector cannot apply: the operator is told
// where the read models stopped and why, with exit code 1, rather than "rebuilt". While a rebuild
// runs, a second rebuild, a verification or a server on the same read models is refused the same
// way, with nothing changed.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openServices } from '../../src/composition.ts';
import { holdReplayLock, openReadDatabase } from '../../src/projections/readStore.ts';
import { CLI_TEST_TIMEOUT_MS, runCli } from '../support/child.ts';
import { tempDir } from '../support/tempDir.ts';

describe('npm run rebuild', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  const dir = tempDir('sgh-rebuild-cli-');

  beforeAll(async () => {
    const services = await openServices({ DATA_DIR: dir.path });
    const registered = (slug: string, data: Record<string, unknown>) => ({
      id: randomUUID(),
      type: 'DocumentRegistered',
      schemaVersion: 1,
      data,
      effectiveAt: '2024-01-01',
      metadata: { actor: 'ed' },
    });
    try {
      await services.store.append('document-fine', [
        registered('fine', { slug: 'fine', title: 'Fine', kind: 'RESOURCE' }),
      ]);
      // Written by something other than the service: the catalogue cannot read it.
      await services.store.append('document-broken', [registered('broken', { title: 'No slug' })]);
    } finally {
      await services.close();
    }
  });
  afterAll(() => dir.remove());

  it('names the event it stopped at and exits 1', async () => {
    const { code, output } = await runCli(['rebuild'], { dataDir: dir.path });
    expect(output).toMatch(/stopped at position 2 \(DocumentRegistered\)/);
    expect(output).not.toMatch(/^rebuilt/m);
    expect(code).toBe(1);
  });
});

describe('commands while a rebuild runs', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  const dir = tempDir('sgh-rebuild-lock-cli-');
  let checksum: string;

  beforeAll(async () => {
    const services = await openServices({ DATA_DIR: dir.path });
    try {
      await services.store.append('document-fine', [
        {
          id: randomUUID(),
          type: 'DocumentRegistered',
          schemaVersion: 1,
          data: { slug: 'fine', title: 'Fine', kind: 'RESOURCE' },
          effectiveAt: '2024-01-01',
          metadata: { actor: 'ed' },
        },
      ]);
      await services.runner.catchUp();
      checksum = services.runner.checksum();
    } finally {
      await services.close();
    }
  });
  afterAll(() => dir.remove());

  it.each([['rebuild'], ['verify'], ['serve']])(
    '%s is refused with exit code 1 and what to do, and changes nothing',
    async (command) => {
      // What a rebuild in another process holds from its start to its end.
      const held = openReadDatabase(join(dir.path, 'read.sqlite'));
      const release = holdReplayLock(held);
      try {
        const { code, output } = await runCli([command], { dataDir: dir.path, env: { PORT: '0' } });
        expect(output).toMatch(
          /another rebuild of these read models is running \(it holds .*read\.sqlite\.replay-lock\)/,
        );
        expect(output).not.toMatch(/^\s+at /m);
        expect(code).toBe(1);
      } finally {
        release();
        held.close();
      }
      const services = await openServices({ DATA_DIR: dir.path });
      try {
        expect(services.runner.checksum()).toBe(checksum);
      } finally {
        await services.close();
      }
    },
  );
});
