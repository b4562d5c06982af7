// The Merkle tree as a read model over a real log, and `verify --since` against a hostile operator:
// one who edits, cuts, reorders or inserts events and recomputes the whole hash chain afterwards
// (which the chain check alone accepts), and finds a head saved earlier refusing the result.
import type Database from 'better-sqlite3';
import { createHash, createPublicKey } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServices, type Services } from '../../src/composition.ts';
import { parseCheckpoint, takeCheckpoint, verifySince } from '../../src/app/checkpoints.ts';
import { verify, verifyChain } from '../../src/app/verify.ts';
import { rowToEvent, type SqliteEventStore } from '../../src/events/adapters/sqlite.ts';
import { canonicalEvent, eventHash, GENESIS_HASH } from '../../src/events/hashChain.ts';
import {
  consistencyPath,
  eventLeafHash,
  inclusionPath,
  MemoryTree,
  rootHash,
  verifyConsistency,
  verifyInclusion,
} from '../../src/events/merkle.ts';
import { documentDecider } from '../../src/domain/documents/decide.ts';
import { publishDocuments, registerCommand } from '../support/fixtures.ts';
import { startEsdbEmulator } from '../support/esdbEmulator.ts';
import { tempDir } from '../support/tempDir.ts';

/** Recomputes every event's previousHash and hash in position order, as a forger would. */
function rechain(db: Database.Database): void {
  const rows = db.prepare('SELECT * FROM events ORDER BY position').all() as Parameters<typeof rowToEvent>[0][];
  const update = db.prepare('UPDATE events SET previous_hash = ?, hash = ? WHERE position = ?');
  let previous = GENESIS_HASH;
  db.transaction(() => {
    for (const row of rows) {
      const e = rowToEvent(row);
      const hash = eventHash(previous, e);
      update.run(previous, hash, row.position);
      previous = hash;
    }
  })();
}

describe('the Merkle tree of the log', () => {
  let dir: ReturnType<typeof tempDir>;
  let services: Services;
  let db: Database.Database;
  const publicKey = () => createPublicKey(services.signer().publicKeyPem);

  beforeEach(async () => {
    dir = tempDir();
    services = await openServices({ DATA_DIR: dir.path });
    await publishDocuments(services, 3);
    db = (services.store as SqliteEventStore).database;
  });
  afterEach(async () => {
    await services.close();
    dir.remove();
  });

  const registerDocument = (slug: string) =>
    services.commands.execute(documentDecider, `document-${slug}`, registerCommand(slug), { actor: 'ed' });

  const leavesFromLog = async () => {
    const leaves: Buffer[] = [];
    for await (const e of services.store.readAll()) leaves.push(eventLeafHash(e));
    return leaves;
  };

  it('holds one leaf per event in log order, and gives the roots and proofs of a tree built in memory', async () => {
    const memory = new MemoryTree(await leavesFromLog());
    expect(services.tree.size()).toBe(9);
    for (let n = 1; n <= 9; n += 1) expect(rootHash(services.tree, n)).toEqual(rootHash(memory, n));
    for (let i = 0; i < 9; i += 1) {
      const path = inclusionPath(services.tree, i, 9);
      expect(path).toEqual(inclusionPath(memory, i, 9));
      expect(verifyInclusion(memory.node(0, i), i, 9, path, rootHash(memory, 9))).toBe(true);
    }
    for (let m = 1; m <= 9; m += 1) {
      const path = consistencyPath(services.tree, m, 9);
      expect(verifyConsistency(m, 9, rootHash(memory, m), rootHash(memory, 9), path)).toBe(true);
    }
    expect(services.tree.leafAt(1n)?.leafIndex).toBe(0);
  });

  it("hashes each event's canonical bytes (those the chain covers) under the 0x00 prefix, not its position or chain links", async () => {
    for await (const e of services.store.readAll()) {
      const expected = createHash('sha256')
        .update(Buffer.from([0]))
        .update(canonicalEvent(e), 'utf8')
        .digest();
      expect(services.tree.leafAt(e.position)?.hash).toEqual(expected);
      expect(eventLeafHash({ ...e, position: 999n, hash: 'x', previousHash: 'y' } as typeof e)).toEqual(expected);
    }
  });

  it('is rebuilt from the log to the same tables, and verify compares it with a fresh replay', async () => {
    const before = services.runner.checksum();
    await services.runner.rebuild();
    expect(services.runner.checksum()).toBe(before);
    services.readDb.prepare('UPDATE merkle_tree SET completes = zeroblob(32) WHERE leaf_index = 1').run();
    expect((await verify(services)).readModelsMatch).toBe(false);
  });

  it('signs heads that verify under the public key and change only when the tree grows', async () => {
    const head = services.proofs.head();
    expect(head).toMatchObject({ treeSize: '9', keyId: services.signer().keyId });
    expect(head.rootHash).toBe(rootHash(new MemoryTree(await leavesFromLog()), 9).toString('hex'));
    expect(services.proofs.head()).toBe(head);
    await registerDocument('later');
    expect(services.proofs.head().treeSize).toBe('10');
  });

  describe('verify --since a head saved earlier', () => {
    const saved = () => takeCheckpoint(services.proofs, services.tree);

    it('passes for an untouched log that grew', async () => {
      const head = saved();
      await registerDocument('doc-9');
      const verdict = await verifySince(services.store, head, publicKey());
      expect(verdict).toMatchObject({ ok: true, savedSize: 9, currentSize: 10 });
      expect(verdict.line).toMatch(/^EXTENDS the saved head/);
    });

    it('fails naming the position of an event rewritten with the whole hash chain recomputed', async () => {
      const head = saved();
      db.prepare(`UPDATE events SET data = replace(data, 'Second section', 'Second sectiom') WHERE position = 5`).run();
      rechain(db);
      expect((await verifyChain(services.store)).ok).toBe(true);
      const verdict = await verifySince(services.store, head, publicKey());
      expect(verdict).toMatchObject({ ok: false, firstDifferentPosition: 5n, firstDifferentLeaf: 4 });
      expect(verdict.line).toContain('position 5');
    });

    it('fails for a rewrite even with only the signed head kept (no leaf prefixes)', async () => {
      const head = parseCheckpoint(JSON.parse(JSON.stringify(saved().treeHead)));
      db.prepare(`UPDATE events SET data = replace(data, 'Second section', 'Second sectiom') WHERE position = 5`).run();
      rechain(db);
      const verdict = await verifySince(services.store, head, publicKey());
      expect(verdict.ok).toBe(false);
      expect(verdict.line).toContain('not the head');
    });

    it('fails for a log cut short, naming where it now ends', async () => {
      const head = saved();
      db.prepare('DELETE FROM events WHERE position > 6').run();
      const verdict = await verifySince(services.store, head, publicKey());
      expect(verdict).toMatchObject({ ok: false, firstDifferentLeaf: 6, firstDifferentPosition: null, currentSize: 6 });
      expect(verdict.line).toContain('after position 6');
      expect(verdict.line).toContain('last event was at position 9');
    });

    it('fails for two events swapped, naming the first of them', async () => {
      const head = saved();
      db.transaction(() => {
        db.prepare('UPDATE events SET position = -1 WHERE position = 3').run();
        db.prepare('UPDATE events SET position = 3 WHERE position = 6').run();
        db.prepare('UPDATE events SET position = 6 WHERE position = -1').run();
      })();
      rechain(db);
      expect((await verifyChain(services.store)).ok).toBe(true);
      const verdict = await verifySince(services.store, head, publicKey());
      expect(verdict).toMatchObject({ ok: false, firstDifferentPosition: 3n });
    });

    it('fails for an event inserted into the past, naming its position', async () => {
      const head = saved();
      db.transaction(() => {
        db.prepare('UPDATE events SET position = position + 1000 WHERE position >= 4').run();
        db.prepare('UPDATE events SET position = position - 999 WHERE position >= 1000').run();
        db.prepare(
          `INSERT INTO events (position, id, stream_id, revision, type, schema_version, data, metadata, effective_at, recorded_at, previous_hash, hash)
           SELECT 4, '00000000-0000-4000-8000-0000000000ff', 'document-forged', 0, type, schema_version, data, metadata, effective_at, recorded_at, '', ''
           FROM events WHERE position = 1`,
        ).run();
      })();
      rechain(db);
      expect((await verifyChain(services.store)).ok).toBe(true);
      const verdict = await verifySince(services.store, head, publicKey());
      expect(verdict).toMatchObject({ ok: false, firstDifferentPosition: 4n, firstDifferentLeaf: 3 });
    });

    it('refuses a head whose signature does not hold', async () => {
      const head = saved();
      const forged = { ...head, treeHead: { ...head.treeHead, treeSize: '8' } };
      const verdict = await verifySince(services.store, forged, publicKey());
      expect(verdict.ok).toBe(false);
      expect(verdict.line).toContain('signature does not verify');
    });
  });
});

describe('the Merkle tree over EventStoreDB', () => {
  it('follows $all in the order the service reads it, with commit positions mapped to 0-based leaves', async () => {
    const emulator = await startEsdbEmulator();
    const dir = tempDir();
    const services = await openServices({
      DATA_DIR: dir.path,
      EVENTSTORE_CONNECTION_STRING: emulator.connectionString,
    });
    try {
      await publishDocuments(services, 2);
      await services.runner.catchUp();
      const read: { position: bigint; leaf: Buffer }[] = [];
      for await (const e of services.store.readAll()) read.push({ position: e.position, leaf: eventLeafHash(e) });
      expect(services.tree.size()).toBe(read.length);
      expect(rootHash(services.tree, read.length)).toEqual(
        rootHash(new MemoryTree(read.map((r) => r.leaf)), read.length),
      );
      read.forEach((r, i) => expect(services.tree.leafAt(r.position)?.leafIndex).toBe(i));
      const saved = takeCheckpoint(services.proofs, services.tree);
      await services.commands.execute(documentDecider, 'document-later', registerCommand('later'), { actor: 'ed' });
      const verdict = await verifySince(services.store, saved, createPublicKey(services.signer().publicKeyPem));
      expect(verdict).toMatchObject({ ok: true, savedSize: read.length });
    } finally {
      await services.close();
      await emulator.stop();
      dir.remove();
    }
  });
});
