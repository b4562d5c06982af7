// The Merkle tree of the log (RFC 6962), kept as a read model: one leaf per event in log order,
// and every complete subtree's hash, stored once when its last leaf arrives. A root, an inclusion
// proof or a consistency proof then reads O(log n) rows whatever the size of the log. Like every
// read model it is rebuilt from the log, and verify compares it with a fresh replay.
import type Database from 'better-sqlite3';
import { HASH_BYTES, leafOf, nodeHash, type SubtreeSource } from '../events/merkle.ts';
import { EVENT_TYPES } from '../events/catalogue.ts';
import { defineProjector } from './projector.ts';

export const merkleProjector = defineProjector({
  // Every event, whatever its aggregate.
  handles: EVENT_TYPES,
  name: 'merkle',
  leaves: true,
  // 2: one row a leaf, holding the subtrees it completes; a table of leaves (with an index by
  // position) and a table of nodes before. An append now writes one row at the end of one table.
  version: 2,
  formerTables: ['merkle_leaves', 'merkle_nodes'],
  ddl: `
    CREATE TABLE IF NOT EXISTS merkle_tree (
      leaf_index INTEGER PRIMARY KEY,
      position   INTEGER NOT NULL,
      leaf       BLOB NOT NULL,
      -- The complete subtrees whose last leaf this is, level 1 upward, 32 bytes each: one per
      -- trailing 1 bit of leaf_index; NULL when there is none (an even leaf_index).
      completes  BLOB
    );`,
  tables: [{ name: 'merkle_tree', orderBy: 'leaf_index' }],
  prepare(db) {
    const count = db.prepare<[], { n: number | null }>('SELECT MAX(leaf_index) + 1 AS n FROM merkle_tree');
    const insert = db.prepare('INSERT INTO merkle_tree (leaf_index, position, leaf, completes) VALUES (?, ?, ?, ?)');
    // The tree's size and right edge are kept in memory between events, read from the table when
    // the first event comes (inside its batch's transaction). The runner prepares again after a
    // batch it rolled back (Projector.prepare), so they never run ahead of what is committed. Not
    // read here: a tree missing rows must not stop the service from opening, nor `verify` from
    // reporting it, nor the rebuild that mends it; the first append fails instead (a projection failure).
    let size = -1;
    let edge: Buffer[] = [];
    return (_event, stored) => {
      if (size < 0) {
        const found = count.get()?.n ?? 0;
        edge = rightEdge(new TreeNodes(db), found);
        size = found;
      }
      const index = size;
      const leaf = leafOf(stored);
      let hash = leaf;
      let completes: Buffer | null = null;
      // Each trailing 1 bit of the index closes one more complete subtree ending at this leaf.
      for (let i = index; i % 2 === 1; i = (i - 1) / 2) {
        hash = nodeHash(edge.pop()!, hash);
        completes = completes === null ? hash : Buffer.concat([completes, hash]);
      }
      insert.run(index, stored.position, leaf, completes);
      edge.push(hash);
      size += 1;
    };
  },
});

/**
 * The roots of the complete subtrees along the right edge of a tree of `size` leaves, largest
 * first: one per 1 bit of `size`, as RFC 6962's tree splits it. Appending a leaf merges the last
 * of them with it once per trailing 1 bit of the new leaf's index.
 */
function rightEdge(source: SubtreeSource, size: number): Buffer[] {
  const edge: Buffer[] = [];
  let level = 0;
  while (2 ** (level + 1) <= size) level += 1;
  for (let start = 0; level >= 0; level -= 1) {
    const width = 2 ** level;
    if (size - start >= width) {
      edge.push(source.node(level, start / width));
      start += width;
    }
  }
  return edge;
}

/** A stored leaf: its 0-based index in the tree and the event's position in the log. */
export interface LeafRow {
  leafIndex: number;
  position: bigint;
  hash: Buffer;
}

/**
 * The stored tree as a SubtreeSource for the pure proof functions in events/merkle.ts. The subtree
 * of 2^level leaves at `index` is completed by leaf (index + 1)·2^level − 1, whose row holds it at
 * byte (level − 1)·32 of `completes`.
 */
class TreeNodes implements SubtreeSource {
  private readonly leafStmt;
  private readonly completesStmt;

  constructor(db: Database.Database) {
    this.leafStmt = db.prepare<[number], Buffer>('SELECT leaf FROM merkle_tree WHERE leaf_index = ?').pluck();
    this.completesStmt = db
      .prepare<[number], Buffer | null>('SELECT completes FROM merkle_tree WHERE leaf_index = ?')
      .pluck();
  }

  node(level: number, index: number): Buffer {
    const found =
      level === 0
        ? this.leafStmt.get(index)
        : this.completesStmt.get((index + 1) * 2 ** level - 1)?.subarray((level - 1) * HASH_BYTES, level * HASH_BYTES);
    if (!found || found.length !== HASH_BYTES)
      throw new Error(`The Merkle tree has no complete subtree at level ${level}, index ${index}`);
    return found;
  }
}

/**
 * Reads of the tree; statements are prepared on first use, so a runner without this projector
 * still opens. Leaves are found by position without an index of their own: positions grow with
 * leaf indexes, so a search over leaf_index finds one, and on a log numbered from its first
 * position without gaps (the embedded store's) the first guess is the leaf.
 */
export class MerkleQueries implements SubtreeSource {
  private prepared: ReturnType<MerkleQueries['prepare']> | null = null;

  constructor(private readonly db: Database.Database) {}

  private prepare() {
    return {
      nodes: new TreeNodes(this.db),
      size: this.db.prepare<[], { n: number | null }>('SELECT MAX(leaf_index) + 1 AS n FROM merkle_tree'),
      leaf: this.db
        .prepare<[number], { position: bigint; hash: Buffer }>(
          'SELECT position, leaf AS hash FROM merkle_tree WHERE leaf_index = ?',
        )
        .safeIntegers(),
    };
  }

  private get stmts() {
    return (this.prepared ??= this.prepare());
  }

  /** Leaves in the tree: the number of events the projection has applied. */
  size(): number {
    return this.stmts.size.get()?.n ?? 0;
  }

  node(level: number, index: number): Buffer {
    return this.stmts.nodes.node(level, index);
  }

  /** The leaf of the event at this log position, or null when no event is stored there. */
  leafAt(position: bigint): LeafRow | null {
    return this.search(position, this.size());
  }

  /** Log position of the event at this leaf index, or null past the end of the tree. */
  positionOfLeaf(index: number): bigint | null {
    return this.row(index)?.position ?? null;
  }

  /** The leaves of the events at these positions (in no particular order). */
  leavesAt(positions: readonly bigint[]): LeafRow[] {
    const size = this.size();
    return positions.map((p) => this.search(p, size)).filter((leaf): leaf is LeafRow => leaf !== null);
  }

  private row(index: number): LeafRow | null {
    const found = this.stmts.leaf.get(index);
    return found ? { leafIndex: index, position: found.position, hash: found.hash } : null;
  }

  /** The leaf at `position` among the first `size`: the guess of a gap-free log, then a binary search. */
  private search(position: bigint, size: number): LeafRow | null {
    const first = size > 0 ? this.row(0) : null;
    if (!first || position < first.position) return null;
    const offset = position - first.position;
    let low = 0;
    let high = size - 1;
    if (offset <= BigInt(high)) {
      const guess = this.row(Number(offset));
      if (guess?.position === position) return guess;
      // Positions grow by at least one a leaf, so the leaf (if any) is at or before the guess.
      high = Number(offset) - 1;
    }
    while (low <= high) {
      const middle = Math.floor((low + high) / 2);
      const found = this.row(middle);
      if (!found) return null;
      if (found.position === position) return found;
      if (found.position < position) low = middle + 1;
      else high = middle - 1;
    }
    return null;
  }
}
