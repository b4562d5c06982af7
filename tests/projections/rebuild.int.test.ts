// Read models are disposable: for every projector, replaying the log from the start gives
// byte-for-byte the read model the service built live, command by command.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services.ts';
import { openServices } from '../../src/composition.ts';
import { documentDecider } from '../../src/domain/documents/decide.ts';
import { documentStreamId } from '../../src/domain/documents/document.ts';
import { projectors } from '../../src/projections/index.ts';
import { readModelChecksum } from '../../src/projections/readStore.ts';
import { loadTaspSeed } from '../../src/seed/loadTasp.ts';
import { publishDocuments } from '../support/fixtures.ts';
import { tempDir } from '../support/tempDir.ts';

describe('rebuilding a read model', () => {
  const dir = tempDir('sgh-rebuild-');
  let services: Services;
  const live = new Map<string, string>();

  beforeAll(async () => {
    services = await openServices({ DATA_DIR: dir.path });
    // A history touching every projector: documents with a draft and a correction, the
    // association's board, membership and publications, an idempotency key and an erasure.
    const [slug] = await publishDocuments(services, 2);
    const stream = documentStreamId(slug!);
    const sections = [{ key: 'one', heading: 'One', body: 'Corrected first section' }];
    await services.commands.execute(
      documentDecider,
      stream,
      { type: 'SaveDraft', data: { slug: slug!, label: 'v3', changeNote: 'Next', sections } },
      { actor: 'ed', idempotencyKey: 'draft-1' },
    );
    await services.commands.execute(
      documentDecider,
      stream,
      { type: 'CorrectVersion', data: { slug: slug!, label: 'v1', reason: 'Typo', sections } },
      { actor: 'ed' },
    );
    await loadTaspSeed(services);
    const trustee = services.board.board('tasp', '2024-01-01').trustees[0]!;
    await services.erasure.erase(trustee.trusteeId, 'Asked to be forgotten', { actor: 'ed' });
    for (const p of projectors) live.set(p.name, readModelChecksum(services.readDb, [p]));
    await services.runner.rebuild();
  }, 120_000);
  afterAll(async () => {
    await services.close();
    dir.remove();
  });

  it.each(projectors.map((p) => [p.name, p] as const))(
    '%s gives the same checksum as the live one',
    (name, projector) => {
      const rows = projector.tables.reduce(
        (n, t) => n + (services.readDb.prepare(`SELECT COUNT(*) AS n FROM "${t.name}"`).get() as { n: number }).n,
        0,
      );
      expect(rows, `${name} holds rows`).toBeGreaterThan(0);
      expect(readModelChecksum(services.readDb, [projector])).toBe(live.get(name));
    },
  );
});
