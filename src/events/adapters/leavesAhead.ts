// Merkle leaves worked out ahead of a long read of the embedded log, in a worker thread
// (leafWorker.ts), so that on a machine with a second processor the reader's thread does not hash
// each event it hands to the Merkle projection. Measured on the benchmark's log, leaves were about
// a tenth of a full rebuild's time on the one thread; the worker costs about 70 MB of resident
// memory while it runs (its own V8 heap, loader and SQLite connection).
//
// Nothing here is trusted more than the row itself: a leaf is noted on an event only when the
// worker read the same position with the same stored chain hash, and whatever the worker has not
// delivered yet (it starts after the reader, or fell behind, or failed) is hashed by the reader
// as before. Once anything is written to the log during the read (another process editing a row
// and keeping its chain hash, or an append), no more of the worker's leaves are used: its snapshot
// and the reader's pages may no longer hold the same rows. The worker never blocks the reader.
import type Database from 'better-sqlite3';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { tsWorkerSource } from '../../tsWorker.ts';
import { HASH_BYTES, noteLeaf } from '../merkle.ts';
import type { StoredEvent } from '../store.ts';

/** What the worker is started with; `progress` is shared (TAKEN, STOP). */
export interface LeafWorkerData {
  path: string;
  after: bigint;
  to: bigint;
  port: MessagePort;
  progress: SharedArrayBuffer;
}

/** One message: the leaves of consecutive rows, each with its position and stored chain hash. */
export interface LeafChunk {
  positions: BigInt64Array;
  hashes: string[];
  /** 32 bytes a leaf, in the order of `positions`. */
  leaves: Uint8Array;
}

/** Rows a message carries. */
export const CHUNK = 1_024;
/** Messages sent and not yet taken by the reader, at most: about 100 KiB each. */
export const AHEAD = 16;
/** Int32 slots of `progress`: messages the reader took, and 1 once it wants no more. */
export const TAKEN = 0;
export const STOP = 1;

const WORKER_URL = new URL('./leafWorker.ts', import.meta.url);

/**
 * Events a read must have left before it is worth a worker: starting one (its own V8 and tsx)
 * takes a few hundred milliseconds, about what hashing 30,000 leaves costs on the reader's thread.
 */
export const LEAVES_AHEAD_MIN = 50_000;

export class LeavesAhead {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly shared = new Int32Array(new SharedArrayBuffer(8));
  private chunk: LeafChunk | null = null;
  private next = 0;
  private stopped = false;

  /**
   * Starts hashing the rows of the log file at `path` after position `after`, to `to` inclusive.
   * `unwritten` says whether the log is still as it was when this was called (nothing written to it
   * since, by any connection): the worker's leaves are used only while it is.
   */
  constructor(
    path: string,
    after: bigint,
    to: bigint,
    private readonly unwritten: () => boolean,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const workerData: LeafWorkerData = {
      path,
      after,
      to,
      port: port2,
      progress: this.shared.buffer as SharedArrayBuffer,
    };
    this.worker = new Worker(tsWorkerSource(WORKER_URL), {
      eval: true,
      execArgv: [],
      workerData,
      transferList: [port2],
      // Its heap holds one row at a time; a row too large for it stops the worker, not the reader.
      resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 8 },
    });
    // A worker that fails only means the reader hashes every leaf itself.
    this.worker.on('error', () => undefined);
    this.worker.unref();
  }

  /** Notes the worker's leaf on `e` (see noteLeaf) when it has one for this row as read; returns `e`. */
  note(e: StoredEvent): StoredEvent {
    for (;;) {
      const chunk = this.chunk ?? this.take();
      if (!chunk) return e;
      const { positions } = chunk;
      while (this.next < positions.length && positions[this.next]! < e.position) this.next += 1;
      if (this.next < positions.length) {
        if (positions[this.next] === e.position && chunk.hashes[this.next] === e.hash)
          noteLeaf(e, Buffer.from(chunk.leaves.buffer, this.next * HASH_BYTES, HASH_BYTES));
        return e;
      }
      this.chunk = null;
    }
  }

  /**
   * Stops using the worker's leaves once the log was written to since it started; the reader calls
   * it after each page it reads, and take() before each message it takes.
   */
  recheck(): void {
    if (!this.stopped && !this.unwritten()) this.stop();
  }

  /**
   * The read is over (or the log was written to): the worker stops at its next row (or wakes from waiting for the reader to
   * take a message) and closes its connection itself, so it is never cut off inside a statement.
   */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.chunk = null;
    Atomics.store(this.shared, STOP, 1);
    Atomics.notify(this.shared, TAKEN);
    this.port.close();
  }

  /** The next message the worker has sent, if one is waiting; never waits for one. */
  private take(): LeafChunk | null {
    this.recheck();
    if (this.stopped) return null;
    const message = receiveMessageOnPort(this.port);
    if (!message) return null;
    Atomics.add(this.shared, TAKEN, 1);
    Atomics.notify(this.shared, TAKEN);
    this.chunk = message.message as LeafChunk;
    this.next = 0;
    return this.chunk;
  }
}

/** The statements of the log's connection leavesAheadOf reads (sqliteSchema.ts prepareStatements). */
interface LogCounters {
  head: Database.Statement<[], { head: bigint | null }>;
  totalChanges: Database.Statement<[], number>;
  dataVersion: Database.Statement<[], number>;
}

/**
 * A worker hashing leaves ahead of a read of the log file behind `db` after `after` (to `to`),
 * when at least `min` events are left to read; null for a shorter read or a log in memory.
 */
export function leavesAheadOf(
  db: Database.Database,
  log: LogCounters,
  after: bigint,
  to: bigint,
  min: number,
): LeavesAhead | null {
  if (db.memory) return null;
  const head = log.head.get()?.head ?? 0n;
  const end = head < to ? head : to;
  // Positions are gap-free on the embedded log (one per event), so the difference counts the events left.
  if (end - after < BigInt(min)) return null;
  return new LeavesAhead(db.name, after, to, unwritten(log));
}

/**
 * Whether nothing was written to the log since this was called, by this connection (total_changes)
 * or by another one, another process included (PRAGMA data_version, SQLite's "has the file
 * changed" counter). The worker reads the log in its own snapshot and the reader page by page: a
 * row rewritten between the two (a forged row that kept its chain hash) would otherwise take
 * the leaf of the row the worker read.
 */
function unwritten(log: LogCounters): () => boolean {
  const changes = () => log.totalChanges.get()!;
  const version = () => log.dataVersion.get()!;
  const [changed, versioned] = [changes(), version()];
  return () => changes() === changed && version() === versioned;
}
