// Export and import of the whole log as NDJSON: one stored event a line, hashes included.
// Both stream, so memory stays flat however large the log.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { ChainVerifier } from './hashChain.ts';
import type { ChainScope, EventStore, StoredEvent } from './store.ts';

const BATCH = 1_000;

export class ImportError extends Error {
  readonly code = 'IMPORT_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/** The JSON line for one event; positions are strings because they can exceed 2^53. */
export function eventToLine(e: StoredEvent): string {
  return JSON.stringify({ ...e, position: e.position.toString() });
}

export function lineToEvent(line: string, lineNumber: number): StoredEvent {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new ImportError(`line ${lineNumber} is not valid JSON`);
  }
  const fields = ['id', 'streamId', 'type', 'effectiveAt', 'recordedAt', 'hash', 'previousHash'] as const;
  for (const f of fields) {
    if (typeof raw[f] !== 'string') throw new ImportError(`line ${lineNumber} has no ${f}`);
  }
  if (typeof raw.position !== 'string' || !/^\d+$/.test(raw.position)) throw new ImportError(`line ${lineNumber} has no position`);
  if (!Number.isInteger(raw.revision) || !Number.isInteger(raw.schemaVersion)) {
    throw new ImportError(`line ${lineNumber} has no revision or schema version`);
  }
  if (!raw.metadata || typeof raw.metadata !== 'object') throw new ImportError(`line ${lineNumber} has no metadata`);
  return { ...(raw as unknown as StoredEvent), position: BigInt(raw.position) };
}

export async function exportLog(store: EventStore, file: string, onEvent?: () => void): Promise<number> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  let count = 0;
  for await (const e of store.readAll()) {
    if (!out.write(`${eventToLine(e)}\n`)) await once(out, 'drain');
    count += 1;
    onEvent?.();
  }
  out.end();
  await once(out, 'finish');
  return count;
}

async function* readEvents(file: string): AsyncGenerator<StoredEvent> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() !== '') yield lineToEvent(line, lineNumber);
  }
}

/** Checks a file's hash chain and order without loading it; throws at the first break. */
export async function verifyFile(file: string, scope: ChainScope): Promise<number> {
  const verifier = new ChainVerifier(scope);
  let last = 0n;
  for await (const e of readEvents(file)) {
    if (e.position <= last) throw new ImportError(`import refused: position ${e.position} comes after ${last}; the file is out of order`);
    last = e.position;
    if (!verifier.check(e)) {
      const v = verifier.verdict();
      throw new ImportError(`import refused: the hash chain breaks at position ${v.firstBrokenPosition} (${v.reason})`);
    }
  }
  return verifier.verdict().checkedEvents;
}

/**
 * Loads an exported log into an empty store. The whole file's chain is checked first, so a
 * broken file leaves the store untouched; the store then recomputes every hash as it loads.
 */
export async function importLog(store: EventStore, file: string, onEvent?: () => void): Promise<number> {
  if ((await store.headPosition()) !== 0n) throw new ImportError('the target log is not empty; import only into a new log');
  await verifyFile(file, store.chainScope);
  let batch: StoredEvent[] = [];
  let count = 0;
  const flush = async () => {
    try {
      await store.restore(batch);
    } catch (error) {
      throw new ImportError(`import refused: ${error instanceof Error ? error.message : String(error)}`);
    }
    batch = [];
  };
  for await (const e of readEvents(file)) {
    batch.push(e);
    count += 1;
    onEvent?.();
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return count;
}
