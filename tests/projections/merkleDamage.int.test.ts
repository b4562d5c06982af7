// A read.sqlite whose Merkle tables lost rows (a damaged file, or an operator's edit): the service
// still opens, `verify` can say the read models differ, and a rebuild mends them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verify } from '../../src/app/verify.ts';
import { openServices, type Services } from '../../src/composition.ts';
import { eventLeafHash, MemoryTree, rootHash } from '../../src/events/merkle.ts';
import { MerkleQueries } from '../../src/projections/merkle.ts';
import { openSqlite } from '../../src/sqlite.ts';
import { publishDocuments } from '../support/fixtures.ts';
import { tempDir } from '../support/tempDir.ts';

describe('a Merkle tree missing some of its rows', () => {
  let dir: ReturnType<typeof tempDir>;
  let services: Services | null = null;

  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    await services?.close();
    dir.remove();
  });

  it('opens, fails verify, and is mended by a rebuild', async () => {
    services = await openServices({ DATA_DIR: dir.path });
    await publishDocuments(services, 3);
    await services.close();
    services = null;
    const db = openSqlite(`${dir.path}/read.sqlite`);
    expect(
      db
        .prepare(
          'DELETE FROM merkle_tree WHERE leaf_index = (SELECT MAX(leaf_index) FROM merkle_tree WHERE completes IS NOT NULL)',
        )
        .run().changes,
    ).toBeGreaterThan(0);
    db.close();

    services = await openServices({ DATA_DIR: dir.path });
    expect((await verify(services)).ok).toBe(false);
    await services.runner.rebuild();
    const leaves: Buffer[] = [];
    for await (const e of services.store.readAll()) leaves.push(eventLeafHash(e));
    const tree = new MerkleQueries(services.readDb);
    expect(rootHash(tree, leaves.length).equals(rootHash(new MemoryTree(leaves), leaves.length))).toBe(true);
    expect((await verify(services)).ok).toBe(true);
  });
});
