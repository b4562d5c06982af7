// Another process writing the same read.sqlite (a rebuild or a command-line tool run beside the
// server): the running service must not go on from what it remembered of the tables.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServices, type Services } from '../../src/composition.ts';
import { eventLeafHash, MemoryTree, rootHash } from '../../src/events/merkle.ts';
import { projectors } from '../../src/projections/index.ts';
import { MerkleQueries } from '../../src/projections/merkle.ts';
import { openReadDatabase } from '../../src/projections/readStore.ts';
import { ProjectionRunner } from '../../src/projections/runner.ts';
import { publishDocuments } from '../support/fixtures.ts';
import { tempDir } from '../support/tempDir.ts';

describe('read models rewritten by another process', () => {
  let dir: ReturnType<typeof tempDir>;
  let services: Services;

  beforeEach(async () => {
    dir = tempDir();
    services = await openServices({ DATA_DIR: dir.path });
  });
  afterEach(async () => {
    await services.close();
    dir.remove();
  });

  const treeMatchesLog = async (tree: MerkleQueries) => {
    const leaves: Buffer[] = [];
    for await (const e of services.store.readAll()) leaves.push(eventLeafHash(e));
    expect(tree.size()).toBe(leaves.length);
    expect(rootHash(tree, leaves.length).equals(rootHash(new MemoryTree(leaves), leaves.length))).toBe(true);
  };

  it('stops with a projection failure instead of writing onto tables another process rebuilt', async () => {
    await publishDocuments(services, 3);
    const caughtUp = services.runner.checkpoint;
    // Another process rebuilds the read models (here only up to position 3: it is still replaying).
    const otherDb = openReadDatabase(`${dir.path}/read.sqlite`);
    const other = new ProjectionRunner(services.store, otherDb, projectors, { toPosition: 3n });
    await other.rebuild();
    const checksum = other.checksum();
    for (const slug of ['later-a', 'later-b'])
      await services.store.append(`document-${slug}`, [
        {
          id: randomUUID(),
          type: 'DocumentRegistered',
          schemaVersion: 1,
          data: { slug, title: slug, kind: 'RESOURCE' },
          effectiveAt: '2024-01-01',
          metadata: { actor: 'ed' },
        },
      ]);
    await services.runner.catchUp();
    // The service sees that its tables moved under it, says so, and leaves them as they were.
    const failure = services.runner.status().failure;
    expect(failure?.message).toMatch(/another process/);
    expect(failure?.position).toBe(caughtUp + 1n);
    expect(other.checksum()).toBe(checksum);
    // Started again, it goes on from what the tables hold, and the tree is the log's.
    await services.close();
    services = await openServices({ DATA_DIR: dir.path });
    await services.runner.catchUp();
    expect(services.runner.status().failure).toBeNull();
    await treeMatchesLog(new MerkleQueries(services.readDb));
    otherDb.close();
  });
});
