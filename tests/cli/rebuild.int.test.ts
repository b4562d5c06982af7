// `npm run rebuild` over a log holding an event a projector cannot apply: the operator is told
// where the read models stopped and why, with exit code 1, rather than "rebuilt".
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServices } from '../../src/composition.ts';
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
