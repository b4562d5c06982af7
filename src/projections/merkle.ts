// The Merkle tree of the log (RFC 6962), kept as a read model: one leaf per event in log order,
// and every complete subtree's hash, stored once when its last leaf arrives. A root, an inclusion
// proof or a consistency proof then reads O(log n) rows whatever the size of the log. Like every
// read model it is rebuilt from the log, and verify compares it with a fresh replay.
import type Database from 'better-sqlite3';
import { eventLeafHash, nodeHash, type SubtreeSource } from '../events/merkle.ts';
import { EVENT_TYPES } from '../events/catalogue.ts';
import { defineProjector } from './projector.ts';

export const merkleProjector = defineProjector({
  // Every event, whatever its aggregate.
  handles: EVENT_TYPES,
  name: 'merkle',
  ddl: `
    CREATE TABLE IF NOT EXISTS merkle_leaves (
      leaf_index INTEGER PRIMARY KEY,
      position   INTEGER NOT NULL,
      hash       BLOB NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS merkle_leaves_by_position ON merkle_leaves (position);
    -- complete subtrees of 2^level leaves (level >= 1), the one at idx covering leaves idx*2^level onwards
    CREATE TABLE IF NOT EXISTS merkle_nodes (
      level INTEGER NOT NULL,
      idx   INTEGER NOT NULL,
      hash  BLOB NOT NULL,
      PRIMARY KEY (level, idx)
    ) WITHOUT ROWID;`,
  tables: [
    { name: 'merkle_leaves', orderBy: 'leaf_index' },
    { name: 'merkle_nodes', orderBy: 'level, idx' },
  ],
  prepare(db) {
    const count = db.prepare<[], { n: number | null }>('SELECT MAX(leaf_index) + 1 AS n FROM merkle_leaves');
    const insertLeaf = db.prepare('INSERT INTO merkle_leaves (leaf_index, position, hash) VALUES (?, ?, ?)');
    const insertNode = db.prepare('INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)');
    // The tree's size and right edge are kept in memory between events, read from the tables when
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
      let hash = eventLeafHash(stored);
      insertLeaf.run(index, stored.position, hash);
      // Each trailing 1 bit of the index closes one more complete subtree ending at this leaf.
      for (let level = 0, i = index; i % 2 === 1; level += 1, i = (i - 1) / 2) {
        hash = nodeHash(edge.pop()!, hash);
        insertNode.run(level + 1, (i - 1) / 2, hash);
      }
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

/** The stored tree as a SubtreeSource for the pure proof functions in events/merkle.ts. */
class TreeNodes implements SubtreeSource {
  private readonly leafStmt;
  private readonly nodeStmt;

  constructor(db: Database.Database) {
    this.leafStmt = db.prepare<[number], { hash: Buffer }>('SELECT hash FROM merkle_leaves WHERE leaf_index = ?');
    this.nodeStmt = db.prepare<[number, number], { hash: Buffer }>(
      'SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?',
    );
  }

  node(level: number, index: number): Buffer {
    const row = level === 0 ? this.leafStmt.get(index) : this.nodeStmt.get(level, index);
    if (!row) throw new Error(`The Merkle tree has no complete subtree at level ${level}, index ${index}`);
    return row.hash;
  }
}

/** Reads of the tree; statements are prepared on first use, so a runner without this projector still opens. */
export class MerkleQueries implements SubtreeSource {
  private prepared: ReturnType<MerkleQueries['prepare']> | null = null;

  constructor(private readonly db: Database.Database) {}

  private prepare() {
    return {
      nodes: new TreeNodes(this.db),
      size: this.db.prepare<[], { n: number | null }>('SELECT MAX(leaf_index) + 1 AS n FROM merkle_leaves'),
      byPosition: this.db.prepare<[bigint], { leafIndex: number; hash: Buffer }>(
        'SELECT leaf_index AS leafIndex, hash FROM merkle_leaves WHERE position = ?',
      ),
      byIndex: this.db.prepare<[number], { position: number }>(
        'SELECT position FROM merkle_leaves WHERE leaf_index = ?',
      ),
      byPositions: this.db.prepare<[string], { leafIndex: number; position: number; hash: Buffer }>(
        'SELECT leaf_index AS leafIndex, position, hash FROM merkle_leaves WHERE position IN (SELECT value FROM json_each(?))',
      ),
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
    const row = this.stmts.byPosition.get(position);
    return row ? { leafIndex: row.leafIndex, position, hash: row.hash } : null;
  }

  /** Log position of the event at this leaf index, or null past the end of the tree. */
  positionOfLeaf(index: number): bigint | null {
    const row = this.stmts.byIndex.get(index);
    return row ? BigInt(row.position) : null;
  }

  /** The leaves of the events at these positions (in no particular order). */
  leavesAt(positions: readonly bigint[]): LeafRow[] {
    return this.stmts.byPositions
      .all(JSON.stringify(positions.map(Number)))
      .map((r) => ({ leafIndex: r.leafIndex, position: BigInt(r.position), hash: r.hash }));
  }
}
