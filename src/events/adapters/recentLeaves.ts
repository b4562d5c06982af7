// The Merkle leaves of the latest small appends (noted by chainEvents, see noteLeaf), kept by log
// position with the chain hash they were computed beside, so that reading those events back a
// moment later (the projection catching up to a mutation) hands the leaves on instead of hashing
// each event again after the append's fsync.
import { noteLeaf, notedLeaf } from '../merkle.ts';
import type { StoredEvent } from '../store.ts';

/** Leaves kept at most: a few seconds of single-event mutations, about 100 KiB. */
const KEPT = 1_024;

export class RecentLeaves {
  private readonly byPosition = new Map<bigint, { hash: string; leaf: Buffer }>();

  /** After the append that stored `appended` committed: keeps the leaves noted for them. */
  keep(appended: readonly StoredEvent[]): void {
    for (const e of appended) {
      const leaf = notedLeaf(e);
      if (leaf) this.byPosition.set(e.position, { hash: e.hash, leaf });
    }
    for (const position of this.byPosition.keys()) {
      if (this.byPosition.size <= KEPT) break;
      this.byPosition.delete(position);
    }
  }

  /**
   * Notes the kept leaf on an event read back from the store, when the stored chain hash is still
   * the one it was computed beside; a row written since (a restore, an edited file) is hashed
   * from its own bytes.
   */
  note(e: StoredEvent): StoredEvent {
    if (this.byPosition.size === 0) return e;
    const kept = this.byPosition.get(e.position);
    if (kept && kept.hash === e.hash) noteLeaf(e, kept.leaf);
    return e;
  }
}
