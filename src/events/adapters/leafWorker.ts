// The worker thread that works out Merkle leaves ahead of a long read of the embedded log
// (leavesAhead.ts starts it): it reads the same rows from its own connection and hashes each one's
// canonical form on the other processor, while the reader's thread applies the events.
import { workerData } from 'node:worker_threads';
import { openSqlite } from '../../sqlite.ts';
import { eventLeafHash, HASH_BYTES } from '../merkle.ts';
import { AHEAD, CHUNK, type LeafChunk, type LeafWorkerData, STOP, TAKEN } from './leavesAhead.ts';
import { type EventRow, rowToEvent } from './sqliteSchema.ts';

const { path, after, to, port, progress } = workerData as LeafWorkerData;
const shared = new Int32Array(progress);
const db = openSqlite(path, { readonly: true });
const rows = db
  .prepare<[bigint, bigint], EventRow>('SELECT * FROM events WHERE position > ? AND position <= ? ORDER BY position')
  .safeIntegers()
  .iterate(after, to);

let sent = 0;
let chunk: LeafChunk | null = null;
let filled = 0;
const post = () => {
  if (!chunk) return;
  // Waits while the reader is AHEAD messages behind, so the leaves in flight stay bounded.
  for (;;) {
    if (Atomics.load(shared, STOP) === 1) return;
    const taken = Atomics.load(shared, TAKEN);
    if (sent - taken < AHEAD) break;
    Atomics.wait(shared, TAKEN, taken, 1_000);
  }
  const message: LeafChunk =
    filled === CHUNK
      ? chunk
      : {
          positions: chunk.positions.slice(0, filled),
          hashes: chunk.hashes,
          leaves: chunk.leaves.slice(0, filled * HASH_BYTES),
        };
  port.postMessage(message, [message.positions.buffer as ArrayBuffer, message.leaves.buffer as ArrayBuffer]);
  sent += 1;
  chunk = null;
  filled = 0;
};

for (const row of rows) {
  if (Atomics.load(shared, STOP) === 1) break;
  chunk ??= { positions: new BigInt64Array(CHUNK), hashes: [], leaves: new Uint8Array(CHUNK * HASH_BYTES) };
  chunk.positions[filled] = row.position;
  chunk.hashes.push(row.hash);
  chunk.leaves.set(eventLeafHash(rowToEvent(row)), filled * HASH_BYTES);
  filled += 1;
  if (filled === CHUNK) post();
}
post();
port.close();
db.close();
