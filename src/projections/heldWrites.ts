// Writes a projector holds back within a batch (see Projector.prepare's flush): a row a batch
// updates again and again is written once, with its last value, and running totals once per key
// with the batch's sum. What commits is what the writes one by one would have left.
import type Database from 'better-sqlite3';

/** The last of the updates a batch makes to one row, by a key naming the row; `flush` runs each once. */
export class LastWrite<A extends unknown[]> {
  private readonly held = new Map<string, A>();

  constructor(private readonly statement: Database.Statement<A>) {}

  /** Holds `args` as the row's update, in place of any held before. */
  hold(key: string, ...args: A): void {
    this.held.set(key, args);
  }

  /** Whether an update of this row is held (since the last flush). */
  has(key: string): boolean {
    return this.held.has(key);
  }

  flush(): void {
    for (const args of this.held.values()) this.statement.run(...args);
    this.held.clear();
  }
}

/**
 * Additions to running totals, summed by row: `statement` takes the row's columns and then the
 * sum, and must add it (INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n). A row whose
 * additions cancel is still written, as the additions one by one would have created it.
 */
export class HeldSums<A extends unknown[]> {
  private readonly held = new Map<string, { row: A; sum: number }>();

  constructor(private readonly statement: Database.Statement<[...A, number]>) {}

  add(delta: number, ...row: A): void {
    const key = JSON.stringify(row);
    const held = this.held.get(key);
    if (held) held.sum += delta;
    else this.held.set(key, { row, sum: delta });
  }

  flush(): void {
    for (const { row, sum } of this.held.values()) this.statement.run(...row, sum);
    this.held.clear();
  }
}
